"""The guards of decisions, corrections and revocations: who may decide (role, four-eyes, jäv,
delegation), whether the case may be decided now and on which proposal, and what the applicant
must have been heard on first. Each raises a ``vetting.errors`` error with a Swedish reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting import roles
from vetting.errors import (
    ActionNotAllowed,
    Conflict,
    FieldProblems,
    GuardFailed,
    InvalidInput,
    PermissionRefused,
)
from vetting.models import (
    Application,
    Communication,
    Decision,
    DecisionOutcome,
    Delegation,
    State,
)
from vetting.models.kinds import CHOSEN_HEARING_EXCEPTIONS
from vetting.money import grouped_lazy
from vetting.selectors import (
    amount_at_stake,
    delegation_for,
    has_conflict,
    took_part_in_preparing,
)
from vetting.selectors import proposal_version as current_proposal_version
from vetting.services._core import require_deadline
from vetting.services.reasons import (
    exception_reasons_problem,
    reasons_problem,
    with_reason_floor,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def check_decision_maker(
    app: Application, user: Any, action: str, confirmed: bool, decided: Decimal | None = None
) -> Delegation:
    """Role, four-eyes, jäv and delegation for the decision ``action`` (deciding ``decided``, if
    an amount): the delegation covers the amount the decision is about (``amount_at_stake``,
    ADR 0002). Raises PermissionRefused with a translatable reason."""
    if not roles.has_role(user, roles.DECISION_MAKER):
        raise PermissionRefused(_("Bara beslutsfattare fattar beslut."), code="role")
    if took_part_in_preparing(user, app):
        raise PermissionRefused(
            _(
                "Fyra ögon: du har handlagt, bedömt eller föreslagit beslut i ärendet och får "
                "därför inte besluta i det. En annan beslutsfattare måste fatta beslutet."
            ),
            code="four_eyes",
        )
    if has_conflict(user, app.association_id):
        raise PermissionRefused(
            _("Jäv: du har anmält jäv mot föreningen och får inte besluta."),
            code="conflict_of_interest",
        )
    if not confirmed:
        raise InvalidInput({"no_conflict_confirmed": _("Bekräfta att du inte är jävig i ärendet.")})
    return _delegation(app, user, amount_at_stake(app, action, decided))


def _delegation(app: Application, user: Any, at_stake: Decimal) -> Delegation:
    """The user's delegation covering the case's kind and the amount at stake."""
    delegation = delegation_for(
        user,
        kind=app.kind,
        amount=at_stake,
        administration_id=app.administration_id,
        on=timezone.localdate(),
    )
    if delegation is None:
        raise PermissionRefused(
            format_lazy(
                _(
                    "Delegation saknas: du har ingen giltig delegation för {kind} "
                    "på {amount} kr i {administration}."
                ),
                kind=lazy(app.get_kind_display, str)(),
                amount=grouped_lazy(at_stake),
                administration=app.administration,
            ),
            code="no_delegation",
        )
    return delegation


def check_decidable(app: Application, actor: Any, outcome: str) -> None:
    """Refuse a decision the state machine does not allow yet, saying why and what is allowed."""
    from vetting.actions import allowed_actions

    message = not_yet_decidable(app)
    if message or app.state not in (State.PROPOSED, State.COMMUNICATED):
        raise ActionNotAllowed(
            action="decide", state=app.state, allowed=allowed_actions(app, actor), message=message
        )
    if app.state == State.PROPOSED and outcome != app.proposed_outcome:
        raise GuardFailed(
            _(
                "Ett beslut som avviker från förslaget till nackdel för sökanden kräver att "
                "ärendet återförvisas och att förslaget kommuniceras."
            ),
            code="deviation_needs_review",
        )


def not_yet_decidable(app: Application) -> StrOrPromise:
    """Why a proposed or communicated case may not be decided yet, or a grant whose intended
    revocation was communicated not revoked yet ("" when it may)."""
    if app.state == State.COMMUNICATED and not app.response_window_closed():
        return format_lazy(
            _(
                "Sökanden har till {due} på sig att yttra sig; beslut kan fattas "
                "när yttrandet kommit in eller tiden gått ut."
            ),
            due=app.response_due,
        )
    if app.state in (State.APPROVED, State.PAID) and app.revocation_hearing_open():
        return format_lazy(
            _(
                "Sökanden har till {due} på sig att yttra sig över det avsedda återkallandet; "
                "bidraget kan återkallas när yttrandet kommit in eller tiden gått ut."
            ),
            due=app.revocation_response_due,
        )
    return ""


# An adverse decision without kommunicering (FL 25 § second paragraph, ADR 0026): as a
# revocation's (ADR 0015), the exception named and why it applies, facts of substance.
DECISION_HEARING_OR_EXCEPTION = _(
    "Förslaget är till nackdel för sökanden och måste kommuniceras före beslut (FL 25 §), eller "
    "ange vilket undantag i 25 § andra stycket förvaltningslagen som gör kommuniceringen "
    "obehövlig, och varför."
)
NO_DECISION_EXCEPTION = _(
    "Undantag från kommunicering anges bara när ett förslag till nackdel för sökanden beslutas "
    "utan att ha kommunicerats; lämna fältet tomt."
)
NO_EXCEPTION_NO_REASONS = _(
    "Skäl för undantag från kommunicering anges bara med ett undantag; lämna fältet tomt."
)


def exception_choice_problem(exception: str, blank: StrOrPromise) -> StrOrPromise | None:
    """What is wrong with the FL 25 § exception named: ``blank`` when none is, or one not
    offered (the migrated revocations' marker is never chosen)."""
    if not exception:
        return blank
    if exception not in CHOSEN_HEARING_EXCEPTIONS:
        values = ", ".join(e.value for e in CHOSEN_HEARING_EXCEPTIONS)
        return format_lazy(_("Tillåtna värden: {values}."), values=values)
    return None


def decision_hearing_problems(
    app: Application, found: FieldProblems, *, exception: str, heard: str
) -> str:
    """The hearing of a decision, its problems added to ``found``: an adverse proposal not
    communicated is decided only under an FL 25 § exception (``hearing_exception``) with why it
    applies (``applicant_heard``, the floor of a decision's reasons and facts); otherwise neither
    is given (the kommunicering, or an approval in full, needs none). Returns the exception."""
    if app.state == State.PROPOSED and app.proposal_is_adverse:
        found.add(
            "hearing_exception", exception_choice_problem(exception, DECISION_HEARING_OR_EXCEPTION)
        )
        found.add("applicant_heard", exception_reasons_problem(heard))
        return exception
    if exception:
        found.add("hearing_exception", NO_DECISION_EXCEPTION)
    elif heard.strip():
        found.add("applicant_heard", NO_EXCEPTION_NO_REASONS)
    return ""


def check_proposal_seen(app: Application, seen: int | None) -> None:
    """The decision is taken on the proposal its maker was shown: what an empty reasons field
    (and blank criteria or amount) is filled from. ``seen`` is ``proposal_version`` as the form
    or client read it; None when a client does not say (then nothing is checked)."""
    if seen is None:
        return
    current = current_proposal_version(app)
    if current is None:
        message = format_lazy(
            _("Förslagets version {seen} stämmer inte: ärendet har inget förslag till beslut."),
            seen=seen,
        )
    elif seen != current:
        message = format_lazy(
            _(
                "Förslagets version {seen} stämmer inte med ärendets aktuella förslag, version "
                "{current}. Läs det aktuella förslaget och besluta igen."
            ),
            seen=seen,
            current=current,
        )
    else:
        return
    raise Conflict(message, code="proposal_changed")


FAVOUR: dict[str, int] = {
    DecisionOutcome.REJECTED: 0,
    DecisionOutcome.PARTLY_APPROVED: 1,
    DecisionOutcome.APPROVED: 2,
}


@dataclass(frozen=True)
class Standing:
    """What a decision, or a proposal as it was communicated, gives the applicant."""

    outcome: str
    amount: Decimal | None
    criteria: frozenset[str]


def worse_for_applicant(new: Standing, than: Standing) -> bool:
    """A worse outcome, a lower amount, or a refusal on a ground ``than`` did not give: what the
    applicant must be heard on first (FL 25 §, after kommunicering or, for an ändring, as the
    decision maker records)."""
    ours, theirs = FAVOUR.get(new.outcome, 0), FAVOUR.get(than.outcome, 0)
    if ours != theirs:
        return ours < theirs
    if new.outcome == DecisionOutcome.REJECTED:
        return not new.criteria <= than.criteria
    return than.amount is not None and (new.amount or Decimal(0)) < than.amount


def check_not_worse_than_communicated(
    app: Application, outcome: str, amount: Decimal | None, cited: list[str]
) -> None:
    """After kommunicering the decision may follow the communicated proposal or favour the
    applicant more, never less: anything worse needs the case returned and the new proposal
    communicated (FL 25 §)."""
    proposals = app.communications.filter(purpose="proposal")
    sent = proposals.order_by("-sent_at", "-id").first()
    if sent is None or not sent.proposed_outcome:
        return
    communicated = Standing(sent.proposed_outcome, sent.proposed_amount, frozenset(sent.criteria))
    if worse_for_applicant(Standing(outcome, amount, frozenset(cited)), communicated):
        raise GuardFailed(
            _(
                "Beslutet är till större nackdel för sökanden än det kommunicerade förslaget "
                "(sämre utfall, lägre belopp eller skäl som inte kommunicerats). Återförvisa "
                "ärendet och kommunicera det nya förslaget."
            ),
            code="deviation_needs_review",
        )


def check_heard(
    old: Decision, outcome: str, amount: Decimal | None, cited: list[str], heard: str
) -> None:
    """Before an ändring (FL 37 §) to the applicant's detriment, the applicant is given the
    opportunity to respond (FL 25 §: it is a new decision in the case, not a rättelse of a slip
    under FL 36 §); the decision maker says how and when that happened."""
    before = Standing(
        old.outcome,
        old.amount_granted,
        frozenset(c["code"] for c in old.criteria if c.get("cited")),
    )
    worse = worse_for_applicant(Standing(outcome, amount, frozenset(cited)), before)
    if worse and not heard.strip():
        raise InvalidInput(
            {
                "applicant_heard": _(
                    "Ändringen är till nackdel för sökanden: ange hur och när sökanden fått "
                    "tillfälle att yttra sig (FL 25 §)."
                )
            }
        )


def revocation_value_problems(values: Mapping[str, Any]) -> dict[str, list[StrOrPromise]]:
    """``revocation_input_problems`` on an input's valid fields (a form's or a serializer's),
    as the problems per field it shows with its own fields' errors."""
    return revocation_input_problems(
        str(values.get("reasons") or ""),
        list(values.get("criteria") or []),
        reclaim_amount=values.get("reclaim_amount"),
        repayment_due=values.get("repayment_due"),
    ).errors


def revocation_input_problems(
    reasons: str,
    criteria: list[str],
    *,
    reclaim_amount: Decimal | None = None,
    repayment_due: date | None = None,
) -> FieldProblems:
    """What is wrong with a revocation's input, every field at once: its reasons of substance
    (FL 32 §, ``reasons_problem``), the conditions not met and the återkrav's due date
    (``repayment_problem``, judged against ``reclaim_amount`` when it is given). The service
    adds what it finds on the case (among it the hearing, FL 25 §: ``revocation_hearing``) and
    raises them together."""
    found = FieldProblems()
    found.add("reasons", reasons_problem(reasons, _("En återkallelse måste motiveras (FL 32 §).")))
    if not criteria:
        found.add("criteria", _("Ange vilket eller vilka villkor som inte är uppfyllda."))
    found.add("repayment_due", repayment_problem(reclaim_amount, repayment_due))
    return found


def repayment_problem(reclaim: Decimal | None, due: date | None) -> StrOrPromise | None:
    """Återkrav: a due date when something is reclaimed, and none when nothing is (a date with
    nothing to pay is refused, not dropped: the officer thought something was reclaimed; ADR
    0011); after the decision day (Europe/Stockholm) and at most a year ahead. ``reclaim`` None:
    not known yet (by default the case's paid amount, which the service judges), so only the
    date itself is."""
    if reclaim is not None and reclaim > 0 and due is None:
        return _("Ange sista dag för återbetalning av återkravet.")
    if reclaim is not None and reclaim == 0 and due is not None:
        return _(
            "Inget belopp återkrävs, så det finns ingen sista dag för återbetalning; lämna "
            "fältet tomt."
        )
    if due is None:
        return None
    try:
        require_deadline(
            "repayment_due", due, _("Sista dag för återbetalning ska vara efter beslutsdagen.")
        )
    except InvalidInput as exc:
        return exc.errors["repayment_due"][0]
    return None


def default_repayment_due() -> date:
    """The due date offered for an återkrav: ``GRANSKA_REPAYMENT_DAYS`` after today."""
    return timezone.localdate() + timedelta(days=settings.GRANSKA_REPAYMENT_DAYS)


def check_reclaim(app: Application, requested: Decimal | None) -> Decimal:
    """Återkrav: at most what was paid out (the recorded amount paid, ``paid_amount``);
    nothing when the grant was never paid."""
    paid = app.paid_amount
    reclaim = paid if requested is None else requested
    if app.paid_at is None and reclaim:
        raise InvalidInput(
            {"reclaim_amount": _("Bidraget har inte betalats ut; det finns inget att återkräva.")}
        )
    if reclaim < 0 or reclaim > paid:
        raise InvalidInput(
            {
                "reclaim_amount": format_lazy(
                    _("Återkrav ska vara mellan 0 och {granted} kr."), granted=grouped_lazy(paid)
                )
            }
        )
    return reclaim


def answered_hearing(app: Application) -> Communication | None:
    """The communicated proposal's kommunicering the applicant answered, if the case is decided
    after one (the latest proposal sent; its response registered)."""
    if app.state != State.COMMUNICATED:
        return None
    sent = app.communications.filter(purpose=Communication.Purpose.PROPOSAL)
    latest = sent.order_by("-sent_at", "-id").first()
    if latest is None or latest.responded_at is None or not latest.response.strip():
        return None
    return latest


RESPONSE_NOT_CONSIDERED = _(
    "Sökanden har yttrat sig över förslaget: ange hur beslutet bemöter sökandens synpunkter, "
    "vad i yttrandet som godtas eller inte och varför (FL 32 §)."
)
RESPONSE_THINLY_CONSIDERED = with_reason_floor(
    _(
        "Bemötandet av sökandens yttrande är för kort: ange vad sökanden invänt och hur "
        "beslutet bedömer det, med minst {words} ord och {chars} tecken."
    )
)
NO_RESPONSE_TO_CONSIDER = _(
    "Inget yttrande från sökanden har registrerats över förslaget; lämna fältet tomt."
)


def response_considered_problem(app: Application, text: str) -> StrOrPromise | None:
    """After a response to the kommunicering that objects (``Communication.response_contests``)
    the decision says how it deals with it (JO: the reasons address the party's objections;
    reusing the proposal's unchanged does not), with the reasons' floor. A response registered
    as not objecting needs none (one given is judged by the same floor); with no response there
    is nothing to deal with (refused, not dropped)."""
    answered = answered_hearing(app)
    if answered is None:
        return NO_RESPONSE_TO_CONSIDER if text.strip() else None
    if not answered.response_contests and not text.strip():
        return None
    return reasons_problem(text, RESPONSE_NOT_CONSIDERED, thin=RESPONSE_THINLY_CONSIDERED)
