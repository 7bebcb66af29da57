"""A set time to answer (FL 25 §, and 20 § for supplements): the shortest deadline an officer
may give the applicant, and the reason that allows a shorter one. The law sets no number of
days; the minimum is the municipality's own setting, and the messages say so.

A kommunicering (an adverse proposal's or an intended revocation's) gives at least
``GRANSKA_MIN_RESPONSE_DAYS`` calendar days from today, a request for a supplement or an event
programme ``GRANSKA_MIN_REQUEST_DAYS``: a letter sent by post must be answerable in time. A
shorter deadline is allowed only with a recorded reason (``short_deadline_reason``, the floor of
a decision's reasons), kept with the request, printed in the letter ("Svarstiden är kortare än
normalt eftersom …", ``vetting.texts.short_deadline_text``) and recorded in the audit event. A
reason given for a deadline that is not shorter is refused, not dropped: the letter would
misstate the time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.errors import FieldProblems
from vetting.services._core import require_deadline
from vetting.services.reasons import (
    reasons_problem,
    with_reason_floor,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What is answered: a kommunicering (FL 25 §), a request for a supplement (a föreläggande,
# FL 20 §) or for the event's programme (a reasonable time; no section of its own).
Answered = Literal["response", "supplement", "programme"]

REASON_FIELD = "short_deadline_reason"
TOO_SHORT = {
    "response": _(
        "Sökanden ska få tillfälle att yttra sig inom en bestämd tid (25 § förvaltningslagen); "
        "antalet dagar bestämmer kommunen. Kommunens inställning för kortaste svarstid "
        "(GRANSKA_MIN_RESPONSE_DAYS) kräver minst {days} dagar, alltså tidigast {earliest}. En "
        "kortare tid kräver att du anger skälet till den kortare svarstiden."
    ),
    "supplement": _(
        "Lagen (20 § förvaltningslagen) anger inte hur lång tiden för kompletteringen ska vara; "
        "antalet dagar bestämmer kommunen. Kommunens inställning för kortaste tid för en begäran "
        "(GRANSKA_MIN_REQUEST_DAYS) kräver minst {days} dagar, alltså tidigast {earliest}. En "
        "kortare tid kräver att du anger skälet till den kortare svarstiden."
    ),
    "programme": _(
        "Kommunens inställning för kortaste tid för en begäran (GRANSKA_MIN_REQUEST_DAYS) "
        "kräver minst {days} dagar, alltså tidigast {earliest}. En kortare tid kräver att du anger "
        "skälet till den kortare svarstiden."
    ),
}
REASON_BLANK = _("Ange varför svarstiden är kortare än normalt.")
REASON_THIN = with_reason_floor(
    _(
        "Skälet till den kortare svarstiden är för kort: ange de omständigheter som gör att "
        "sökanden inte kan få normal svarstid (till exempel evenemangets datum), med minst "
        "{words} ord och {chars} tecken."
    )
)
REASON_NOT_SHORT = _(
    "Svarstiden är inte kortare än normalt (minst {days} dagar); lämna skälet till kortare "
    "svarstid tomt."
)


def minimum_days(answered: Answered) -> int:
    if answered == "response":
        return int(settings.GRANSKA_MIN_RESPONSE_DAYS)
    return int(settings.GRANSKA_MIN_REQUEST_DAYS)


def earliest_due(answered: Answered, today: date | None = None) -> date:
    """The earliest deadline without a reason for a shorter one."""
    return (today or timezone.localdate()) + timedelta(days=minimum_days(answered))


def deadline_problems(
    found: FieldProblems,
    *,
    due: date,
    answered: Answered,
    reason: str,
    field: str = "due",
    past: StrOrPromise | None = None,
) -> str:
    """Add to ``found`` what is wrong with the deadline ``due`` and the reason for a shorter
    one: after today and within a year (``require_deadline``); at least the minimum for what is
    answered, or a reason of substance; no reason for a deadline that is not shorter. Returns
    the reason as it is kept ("" when none)."""
    text = (reason or "").strip()
    if found.check(lambda: require_deadline(field, due, past)) is None:
        found.add(REASON_FIELD, _reason_problem(text) if text else None)
        return text
    days, earliest = minimum_days(answered), earliest_due(answered)
    if due >= earliest:
        found.add(REASON_FIELD, format_lazy(REASON_NOT_SHORT, days=days) if text else None)
        return ""
    if not text:
        found.add(field, format_lazy(TOO_SHORT[answered], days=days, earliest=earliest))
        return ""
    found.add(REASON_FIELD, _reason_problem(text))
    return text


def _reason_problem(text: str) -> StrOrPromise | None:
    return reasons_problem(text, REASON_BLANK, thin=REASON_THIN)


def short_deadline_change(reason: str) -> dict[str, str]:
    """What the event records of a shorter deadline: its reason, only when one was given."""
    return {REASON_FIELD: reason} if reason else {}
