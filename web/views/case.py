"""The case page and its actions. Every change goes through a vetting service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting import services as svc
from vetting.errors import ActionNotAllowed, DomainError, InvalidInput, PermissionRefused
from vetting.models import Application, Communication, Decision
from vetting.selectors import applications_visible_to, revocation_hearing
from web.access import is_read_only, page
from web.actions import HIDDEN_ACTIONS, SPECS, available_actions, page_actions, spec_for
from web.casepage import case_context
from web.templatetags.granska import action_label, state_label

REFUSAL_TITLES = {
    "four_eyes": gettext_lazy("Fyra ögon-principen"),
    "no_delegation": gettext_lazy("Delegation saknas"),
    "conflict_of_interest": gettext_lazy("Jäv"),
    "role_not_permitted": gettext_lazy("Din roll får inte göra detta"),
    "role": gettext_lazy("Din roll får inte göra detta"),
    "restricted_notes": gettext_lazy("Begränsad åtkomst"),
    "handled_by_other": gettext_lazy("Ärendet handläggs av någon annan"),
    "proposal_changed": gettext_lazy("Förslaget har ändrats"),
    "handler_changed": gettext_lazy("Någon annan tog nyss ärendet"),
}


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
        (name, spec_for(app, name).label)
        for name in page_actions(app, context["allowed"], request.user)
    ]
    context["read_only"] = is_read_only(request.user)
    return render(request, "web/case.html", context)


def _refusal(exc: DomainError) -> dict[str, Any]:
    """A refusal in plain Swedish: a title by kind, and the service's own explanation (actions
    and states by the pages' labels, not the API's codes; amounts as the service wrote them,
    already grouped in the active language by ``vetting.money.grouped_lazy``)."""
    title: str | Promise | None = REFUSAL_TITLES.get(exc.code)
    if title is None:
        refused = isinstance(exc, PermissionRefused)
        title = _("Åtgärden nekades") if refused else _("Åtgärden kan inte utföras nu")
    message = exc.message
    if isinstance(exc, ActionNotAllowed):
        message = exc.describe(action_label, state_label)
    prefix = f"{title}: "
    if str(message).startswith(prefix):  # the heading says it already ("Jäv" / "Jäv: du har …")
        rest = str(message)[len(prefix) :]
        message = rest[:1].upper() + rest[1:]
    return {
        "title": title,
        "message": message,
        "code": exc.code,
        "status": exc.status,
    }


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
            refusal = _program_refusal(app, request)
        elif form.is_valid():
            try:
                spec.call(app, request.user, form.cleaned_data)
            except InvalidInput as exc:
                _apply_errors(form, exc)
            except DomainError as exc:
                refusal = _refusal(exc)
                if exc.code == "handler_changed":  # offer taking over, as the case is now
                    app.refresh_from_db()
                    spec = spec_for(app, action)
                    form = spec.form(app=app, user=request.user)
            else:
                messages.success(request, _("Klart: %(action)s.") % {"action": spec.label})
                if action == "propose":
                    messages.info(request, _next_after_proposal(app))
                return redirect("web:case", reference=app.reference)
        status = 422 if refusal is None else int(refusal["status"])
    else:
        form = spec.form(initial=request.GET.dict(), app=app, user=request.user)
        refusal, status = _guard_refusal(app, action, request), 200
    context = {
        "app": app,
        "action": action,
        "spec": spec,
        "form": form,
        "refusal": refusal,
        "is_allowed": action in allowed,
        # A sent form is shown again with its input beside the refusal (a colleague took the
        # case meanwhile: the typed text is not lost); on opening, only what may be sent; never
        # to someone barred from the case (jäv).
        "offers_form": (request.method == "POST" or _offers_form(app, action, request))
        and not _barred(refusal, request),
        "hearing": _hearing(app) if action == "decide" else None,
        "in_force": _in_force(app) if action == "correct" else None,
        "revocation_hearing": _revocation_hearing(app, action),
    }
    return render(request, "web/action.html", context, status=status)


# Refusals for who the user is that no input can change: on opening, the form is not offered.
BARRING_REFUSALS = frozenset({"conflict_of_interest"})


def _barred(refusal: dict[str, Any] | None, request: HttpRequest) -> bool:
    """A jävig officer is told so and offered no form to fill in (ui14 item 11: "Ta ärendet"
    was still offered under the refusal)."""
    return (
        request.method == "GET" and refusal is not None and refusal.get("code") in BARRING_REFUSALS
    )


def _program_refusal(app: Application, request: HttpRequest) -> dict[str, Any]:
    """Registering a program that is not the user's to register: another handler's case (the
    one who closes the review registers it), else none is awaited."""
    from vetting.actions import assignment_refusal

    exc = assignment_refusal(app, "complete_program_review", request.user)
    if exc is not None:
        return _refusal(exc)
    return {
        "title": _("Åtgärden nekades"),
        "message": _("Inget program väntas i ärendet."),
        "status": 409,
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


def _guard_refusal(app: Application, action: str, request: HttpRequest) -> dict[str, Any] | None:
    """On opening a form: why the case's state or the guards on the person (four-eyes, jäv, role,
    delegation) would refuse it, so the true reason shows before the form is filled in."""
    from vetting.actions import refusal_for
    from vetting.services._core import refusal_now

    name = HIDDEN_ACTIONS.get(action, action)
    exc: DomainError | None
    if name in PAGE_ONLY_ACTIONS:
        exc = refusal_for(app, name, request.user)
    else:  # as the API answers before reading the input: the state, then the person
        exc = refusal_now(application=app, user=request.user, action=name)
    return None if exc is None else _refusal(exc)


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
        return render(request, "web/notes.html", {"app": app, "refusal": _refusal(exc)}, status=403)
    return render(request, "web/notes.html", {"app": app, "escalations": escalations})
