"""Registering the payment of a granted amount (``pay``): the amount paid, the verifikation or
utbetalningsreferens and the day it was paid, as the officer registers them (ADR 0016).

A case has one payment, of the whole granted amount: a partial payment is refused, since the
case could not say what the rest is (paid later, or never) and the återkrav of a revocation is
judged against what was paid (``Application.paid_amount``, ``check_reclaim``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.errors import FieldProblems, RevocationPending
from vetting.models import Application
from vetting.money import grouped_lazy
from vetting.services._core import (
    ActorLike,
    audited_refusals,
    check_transition,
    lock_application,
    save_transition,
    snapshot,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAYMENT_REFERENCE_MAX = Application._meta.get_field("payment_reference").max_length or 100
PAYMENT_FIELDS = ("paid_at", "amount_paid", "payment_reference", "paid_on")


def payment_reference_problem(reference: str) -> StrOrPromise | None:
    """The verifikationsnummer or utbetalningsreferens: required, at most PAYMENT_REFERENCE_MAX
    characters once trimmed (pure: the forms show it with their own checks)."""
    text = (reference or "").strip()
    if not text:
        return _("Ange verifikationsnummer eller utbetalningsreferens för utbetalningen.")
    if len(text) > PAYMENT_REFERENCE_MAX:
        return format_lazy(_("Referensen får vara högst {max} tecken."), max=PAYMENT_REFERENCE_MAX)
    return None


def paid_amount_problem(app: Application, amount: Decimal | None) -> StrOrPromise | None:
    """The amount paid: the whole granted amount (``None``: that), positive; more is refused,
    and so is less (a partial payment, ADR 0016), naming the granted amount."""
    granted = app.amount_granted or Decimal(0)
    paid = granted if amount is None else amount
    if paid <= 0:
        return _("Det utbetalda beloppet ska vara större än noll.")
    if paid > granted:
        return format_lazy(
            _("Mer än det beviljade beloppet, {granted} kr, kan inte betalas ut."),
            granted=grouped_lazy(granted),
        )
    if paid < granted:
        return format_lazy(
            _(
                "Registrera hela det beviljade beloppet, {granted} kr. En delutbetalning kan inte "
                "registreras: ärendet har en utbetalning, och ett återkrav räknas mot den."
            ),
            granted=grouped_lazy(granted),
        )
    return None


def paid_on_problem(app: Application, paid_on: date) -> StrOrPromise | None:
    """The day it was paid: not in the future, not before the day of the decision."""
    if paid_on > timezone.localdate():
        return _("Utbetalningsdagen kan inte vara i framtiden.")
    decided = timezone.localdate(app.decided_at) if app.decided_at else None
    if decided is not None and paid_on < decided:
        return format_lazy(
            _("Utbetalningen kan inte ha gjorts före beslutet den {decided}."), decided=decided
        )
    return None


REVOCATION_PENDING = _(
    "En återkallelse av bidraget förbereds: det avsedda återkallandet kommunicerades med "
    "sökanden (svar senast {due}). Registrera utbetalningen först när beslutsfattaren har "
    "avslutat ärendet om återkallelse utan att återkalla bidraget."
)


def check_no_revocation_pending(app: Application) -> None:
    """Refuse a payment while an intended revocation is communicated and neither dropped nor
    decided (its hearing open or closed): what would be paid is what the letter may reclaim,
    and a grant about to be revoked is not paid out (ADR 0015)."""
    if app.revocation_response_due is not None:
        message = format_lazy(REVOCATION_PENDING, due=app.revocation_response_due)
        raise RevocationPending({"revocation_hearing": message})


def application_pay(
    *,
    application: Application,
    actor: ActorLike,
    reference: str = "",
    amount: Decimal | None = None,
    paid_on: date | None = None,
) -> Application:
    """Register the payment of the granted amount: ``reference`` (verifikationsnummer or
    utbetalningsreferens, required), ``amount`` (default and only allowed value: the granted
    amount) and ``paid_on`` (default today in Europe/Stockholm). Every field's problem at once,
    after the state and the role (409/403 before 422); none while a revocation of the grant is
    being prepared (422 ``revocation_pending``, ``check_no_revocation_pending``)."""
    with audited_refusals("pay", application, actor), transaction.atomic():
        app = lock_application(application, actor, action="pay")
        method = check_transition(app, "pay", "pay", actor)
        check_no_revocation_pending(app)
        day = paid_on or timezone.localdate()
        found = FieldProblems()
        found.add("amount", paid_amount_problem(app, amount))
        found.add("reference", payment_reference_problem(reference))
        found.add("paid_on", paid_on_problem(app, day))
        found.raise_any()
        paid, text = app.amount_granted if amount is None else amount, reference.strip()
        before, from_state = snapshot(app, PAYMENT_FIELDS), app.state
        method(amount=paid, reference=text, paid_on=day)
        save_transition(
            app, actor=actor, action="pay", from_state=from_state, before=before, reasons=text,
            extra_changes=_event_facts(paid, text, day),
        )  # fmt: skip
    return app


def _event_facts(amount: Any, reference: str, paid_on: date) -> dict[str, Any]:
    """What the pay event records of the payment, as the auditors' facts and the CSV read it
    (``amount`` as before the payment was recorded on the case)."""
    return {"amount": amount, "payment_reference": reference, "paid_on": paid_on}
