"""The case page and its actions. Every change goes through a vetting service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting import services as svc
from vetting.errors import ActionNotAllowed, DomainError, InvalidInput
from vetting.models import Application, Communication, Decision
from vetting.selectors import applications_visible_to, proposal_version, revocation_hearing
from web.access import is_read_only, page
from web.actions import HIDDEN_ACTIONS, SPECS, available_actions, label_for, page_actions, spec_for
from web.casepage import case_context
from web.refusals import RETAKEABLE, moved_on
from web.refusals import refusal as refusal_shown


def visible_case(request: HttpRequest, reference: str) -> Application:
    """The case, if this user may see it; 404 otherwise (also for other administrations)."""
    qs = applications_visible_to(request.user).select_related(
        "association", "administration", "handler", "premises", "rulebook", "proposed_by"
    )
    return get_object_or_404(qs, reference=reference)


@page
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    app = visible_case(request, reference)
    context = case_context(app, request.user)
    context["actions"] = [
        (name, label_for(app, name)) for name in page_actions(app, context["allowed"], request.user)
    ]
    context["read_only"] = is_read_only(request.user)
    return render(request, "web/case.html", context)


def _next_after_proposal(app: Application) -> str:
    """What happens to a proposal next, so the handler knows the case has left their hands (or
    not yet: an adverse proposal is communicated first)."""
    app.refresh_from_db(fields=["proposed_outcome"])
    if app.proposal_is_adverse:
        return _(
            "Nästa steg: förslaget är till nackdel för sökanden och ska kommuniceras (FL 25 §) "
            "innan en beslutsfattare med delegation beslutar."
        )
    return _("Nästa steg: en beslutsfattare med delegation för ärendet beslutar.")


def _apply_errors(form: Any, exc: InvalidInput) -> None:
    aliases = {"due": "due", "event": None}
    for field, reasons in exc.errors.items():
        name = aliases.get(field, field)
        target = name if name in form.fields else None
        for reason in reasons:
            form.add_error(target, reason)


@page
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    spec = SPECS.get(action)
    if spec is None:
        raise Http404
    if is_read_only(request.user):
        raise PermissionDenied(_("Revisorer har läsbehörighet och kan inte ändra något."))
    app = visible_case(request, reference)
    spec = spec_for(app, action)
    allowed = available_actions(app, _allowed(app, request), request.user)
    refusal: dict[str, Any] | None = None
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES, app=app, user=request.user)
        if action not in allowed and action == "program_submit":
            refusal = _page_only_refusal(app, action, request)
        elif form.is_valid():
            try:
                spec.call(app, request.user, form.cleaned_data)
            except InvalidInput as exc:
                _apply_errors(form, exc)
            except DomainError as exc:
                app.refresh_from_db()  # as the case is now: who handles it, its state
                refusal = _shown(app, action, exc, request)
                if exc.code in RETAKEABLE:  # offer it again, as the case is now
                    spec, form = _retake(app, action, request)
            else:
                messages.success(request, _("Klart: %(action)s.") % {"action": spec.label})
                if action == "propose":
                    messages.info(request, _next_after_proposal(app))
                return redirect("web:case", reference=app.reference)
        status = 422 if refusal is None else int(refusal["status"])
    else:
        form = spec.form(initial=request.GET.dict(), app=app, user=request.user)
        refusal, status = _guard_refusal(app, action, request, allowed), 200
    context = {
        "app": app,
        "action": action,
        "spec": spec,
        "form": form,
        "refusal": refusal,
        "is_allowed": action in allowed,
        "offers_form": _offers(app, action, request, refusal),
        "hearing": _hearing(app) if action == "decide" else None,
        "in_force": _in_force(app) if action == "correct" else None,
        "revocation_hearing": _revocation_hearing(app, action),
    }
    return render(request, "web/action.html", context, status=status)


def _offers(
    app: Application, action: str, request: HttpRequest, refusal: dict[str, Any] | None
) -> bool:
    """Whether the form is shown. After a refused sending, only when the refusal is one the
    sender answers in the form (``web.refusals.fixable_in_form``: a rule on the input, a
    changed handler or proposal), with the input kept beside it; not when the case's state
    moved on or the person may not. On opening, only what this user may send
    (``_offers_form``), never under a refusal no input changes (``NO_FORM_ON_OPENING``)."""
    if request.method == "POST":
        return refusal is None or bool(refusal["fixable"])
    if refusal is not None and refusal["code"] in NO_FORM_ON_OPENING:
        return False
    return _offers_form(app, action, request)


# Refusals on opening that no input changes: the case's state (409), the person's jäv, another
# handler's case (take it over first), a page-only action that is not the user's. The four-eyes
# rule and delegation are said on opening with the form, as before.
NO_FORM_ON_OPENING = frozenset(
    {"action_not_allowed", "conflict_of_interest", "handled_by_other", "not_available"}
)


def _shown(app: Application, action: str, exc: DomainError, request: HttpRequest) -> dict[str, Any]:
    """The refusal as the page shows it; a state that moved on with what the user may do now
    (the case page's buttons, from the state machine)."""
    if isinstance(exc, ActionNotAllowed):
        now = [
            (name, label_for(app, name))
            for name in page_actions(app, _allowed(app, request), request.user)
        ]
        return moved_on(app, action, exc, now)
    return refusal_shown(exc)


def _retake(app: Application, action: str, request: HttpRequest) -> tuple[Any, Any]:
    """The form again after what it carried changed (``RETAKEABLE``): taking the case over from
    the colleague who took it; deciding on the proposal as it is now, the input kept."""
    spec = spec_for(app, action)
    if action == "assign":
        return spec, spec.form(app=app, user=request.user)
    data = request.POST.copy()
    data["proposal_version"] = str(proposal_version(app))
    return spec, spec.form(data, request.FILES, app=app, user=request.user)


def _page_only_refusal(
    app: Application, action: str, request: HttpRequest
) -> dict[str, Any] | None:
    """Why a page-only action (``PAGE_ONLY_ACTIONS``) the page does not offer this user is not
    theirs: jäv; a program on another handler's case (the one who closes the review registers
    it: ``vetting.actions.assignment_refusal``, the services' rule); statutes by someone who
    may not add them; else nothing of the kind is in the case. None for declaring one's jäv,
    which the service explains."""
    from vetting.actions import assignment_refusal, refusal_for
    from vetting.services.supplement_statutes import statutes_refusal

    exc = refusal_for(app, action, request.user)
    if exc is None and action == "program_submit":
        exc = assignment_refusal(app, "complete_program_review", request.user)
    if exc is None and action == "supplement_statutes":
        exc = statutes_refusal(request.user)
    if exc is not None:
        return refusal_shown(exc)
    if action not in NOT_AVAILABLE:
        return None
    return {
        "title": _("Åtgärden kan inte utföras nu"),
        "message": NOT_AVAILABLE[action],
        "code": "not_available",
        "status": 409,
        "fixable": False,
    }


NOT_AVAILABLE = {
    "program_submit": gettext_lazy("Inget program väntas i ärendet."),
    "supplement_statutes": gettext_lazy(
        "Ingen komplettering i ärendet har kommit in med en fil som kan registreras som stadgar."
    ),
}


def _hearing(app: Application) -> Communication | None:
    """The kommunicering of the current proposal, whose response (or its absence) the decision
    maker must see before deciding (FL 25 §); None when the proposal was not communicated."""
    if app.response_due is None:
        return None
    proposals = app.communications.filter(purpose=Communication.Purpose.PROPOSAL)
    return proposals.order_by("-sent_at", "-id").first()


def _in_force(app: Application) -> Decision | None:
    """The decision a correction changes (FL 37 §), shown above the form."""
    decisions = app.decisions.filter(replaced_by__isnull=True).select_related("decided_by")
    return decisions.order_by("-decided_at").first()


def _revocation_hearing(app: Application, action: str) -> Communication | None:
    """The kommunicering of the intended revocation, shown where it is answered or decided
    on (ADR 0015); None elsewhere or when none was sent."""
    shown = ("revoke", "record_response", "drop_revocation")
    if action not in shown or app.revocation_response_due is None:
        return None
    return revocation_hearing(app)


def _offers_form(app: Application, action: str, request: HttpRequest) -> bool:
    """False when the case's state allows the action but not for this user: the permission the
    service checks (``check_transition``: the transition's permission, ``vetting.actions``), so
    the page says why and offers nothing to fill in. The four-eyes rule, delegation and jäv,
    which depend on the case and the input, are said on opening and again on sending."""
    from vetting.actions import action_possible, user_may

    name = HIDDEN_ACTIONS.get(action, action)
    if name in PAGE_ONLY_ACTIONS or not action_possible(app, name):
        return True
    return user_may(app, name, request.user)


# Registering a program or a supplement as statutes, or declaring one's jäv, is not a transition:
# the page decides.
PAGE_ONLY_ACTIONS = {"program_submit", "supplement_statutes", "declare_conflict"}


def _guard_refusal(
    app: Application, action: str, request: HttpRequest, allowed: list[str]
) -> dict[str, Any] | None:
    """On opening a form: why the case's state or the guards on the person (four-eyes, jäv, role,
    delegation, another handler's case) would refuse it, so the true reason shows before the
    form is filled in; a state that does not allow it with what the user may do instead."""
    from vetting.services._core import refusal_now

    name = HIDDEN_ACTIONS.get(action, action)
    if name in PAGE_ONLY_ACTIONS:
        return None if action in allowed else _page_only_refusal(app, action, request)
    # as the API answers before reading the input: the state, then the person
    exc = refusal_now(application=app, user=request.user, action=name)
    return None if exc is None else _shown(app, action, exc, request)


def _allowed(app: Application, request: HttpRequest) -> list[str]:
    from vetting.actions import allowed_actions

    return allowed_actions(app, request.user)


@page
def escalation_notes(request: HttpRequest, reference: str) -> HttpResponse:
    """The security coordinator's restricted notes; every view is logged by the service."""
    app = visible_case(request, reference)
    try:
        escalations = svc.escalation_notes_view(application=app, actor=request.user)
    except DomainError as exc:
        return render(
            request, "web/notes.html", {"app": app, "refusal": refusal_shown(exc)}, status=403
        )
    return render(request, "web/notes.html", {"app": app, "escalations": escalations})
