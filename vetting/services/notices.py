"""Underrättelse (FL 33 §): recording that a decision, with how to appeal, reached the applicant.

The decision document (web/documents/decision.py) carries the reasons and the appeal
instructions; this records who sent it, how, to whom and when. It changes no state: it is
allowed on a decided case to those who prepare or decide cases, for any decision of the case (a
correction is sent too).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting import roles
from vetting.actions import allowed_actions, notifiable
from vetting.errors import ActionNotAllowed, InvalidInput, PermissionRefused
from vetting.models import Application, Decision, DecisionNotice
from vetting.services._core import (
    ActorLike,
    allowed_values,
    audited_refusals,
    lock_application,
    person,
    record_case_event,
)

# What in a recipient is an e-mail address: a word with an @ ("Kim, kim@forening.se", "Kim
# <kim@forening.se>"), between spaces, commas, semicolons, brackets or quotes.
ADDRESS = re.compile(r"[^\s,;<>()\[\]\"']*@[^\s,;<>()\[\]\"']*")


NO_BOOKING_SYSTEM = _(
    "Ärendet kom inte från ett bokningssystem; välj hur beslutet skickades (brev, e-post, "
    "e-tjänst eller personligen)."
)


def has_booking_request(app: Application) -> bool:
    """Whether the case came from a booking system, which the decision can be sent through."""
    from bookings.models import BookingRequest

    return BookingRequest.objects.filter(application_id=app.pk).exists()


def channel_choices(app: Application) -> list[tuple[str, str]]:
    """The ways a decision of the case can have been sent: through the booking system only for
    a case that came from one (labelled in the active language)."""
    booked = has_booking_request(app)
    return [
        (value, str(label))
        for value, label in DecisionNotice.Channel.choices
        if booked or value != DecisionNotice.Channel.BOOKING_SYSTEM
    ]


# Words that stand in for a recipient nobody wrote down ("n/a", "okänd"): they name nobody.
PLACEHOLDERS = frozenset(
    {
        "na", "n/a", "n.a.", "okänd", "okänt", "okända", "ingen", "inget", "saknas", "vet ej",
        "test", "asdf", "xxx", "tbd", "none", "unknown", "nobody",
    }
)  # fmt: skip


def _names_nobody(recipient: str) -> bool:
    """Fewer than two letters ("x", "123", "-"), or only a placeholder ("n/a", "Okänd")."""
    letters = sum(1 for ch in recipient if ch.isalpha())
    return letters < 2 or " ".join(recipient.lower().split()) in PLACEHOLDERS


def _checked(channel: str, recipient: str) -> str:
    """The recipient, or InvalidInput naming the field: someone must be named (a recipient with
    fewer than two letters, such as "-", "x" or an invisible character, or a placeholder such as
    "n/a", names nobody), every e-mail address in it must be valid and its brackets closed, and
    a notice by e-mail needs one."""
    if channel not in DecisionNotice.Channel.values:
        raise InvalidInput({"channel": allowed_values(DecisionNotice.Channel.values)})
    recipient = recipient.strip()
    if _names_nobody(recipient):
        raise InvalidInput(
            {"recipient": _("Ange mottagaren (namn och adress, e-post eller motsvarande).")}
        )
    addresses = ADDRESS.findall(recipient)
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise InvalidInput(
                {
                    "recipient": format_lazy(
                        _("”{address}” är ingen giltig e-postadress."), address=address
                    )
                }
            ) from None
    if recipient.count("<") != recipient.count(">"):  # "Kim <kim@forening.se": not closed
        raise InvalidInput(
            {"recipient": _("Stäng vinkelparentesen runt e-postadressen: Namn <namn@forening.se>.")}
        )
    if channel == DecisionNotice.Channel.EMAIL and not addresses:
        raise InvalidInput(
            {"recipient": _("Ange mottagarens e-postadress, till exempel namn@forening.se.")}
        )
    return recipient


def decision_notify(
    *, decision: Decision, actor: ActorLike, channel: str, recipient: str, note: str = ""
) -> DecisionNotice:
    """Record that ``decision`` was sent to the applicant (FL 33 §), in the audit trail too."""
    with audited_refusals("notify", decision.application_id, actor), transaction.atomic():
        app = lock_application(decision.application_id, actor, action="notify")
        if not notifiable(app):
            raise ActionNotAllowed(
                action="notify", state=app.state, allowed=allowed_actions(app, actor)
            )
        if not roles.has_role(actor, roles.HANDLER, roles.DECISION_MAKER):
            raise PermissionRefused(
                _("Bara handläggare och beslutsfattare underrättar om beslut."), code="role"
            )
        recipient = _checked(channel, recipient)  # after state and role, as for every action
        if channel == DecisionNotice.Channel.BOOKING_SYSTEM and not has_booking_request(app):
            raise InvalidInput({"channel": NO_BOOKING_SYSTEM})
        notice = DecisionNotice.objects.create(
            decision=decision,
            sent_by=person(actor),
            channel=channel,
            recipient=recipient,
            note=note.strip(),
        )
        record_case_event(
            app=app,
            actor=actor,
            action="decision.notified",
            object_type="decision",
            object_id=decision.pk,
            reasons=note.strip(),
            # The recipient (a name, an address) stays in the notice, erasable, not in the chain.
            changes={"notice_id": notice.pk, "channel": channel},
        )
    return notice
