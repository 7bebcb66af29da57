"""The application (the case) and its state machine.

Transition methods set the state and fields derived from it, nothing else: no I/O, no save().
The services in ``vetting.services`` lock the row, check the guards, call the transition, save the
changed fields and write the audit event in one transaction. The states are in ``states``, who
may take each transition and on which condition in ``guards``, the deadline rules in
``deadlines``; the proposal, its kommunicering and the decision in ``deciding``; the revocation
of a grant and its hearing in ``revocation``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from associations import names
from vetting.models import guards
from vetting.models.deadlines import supplement_overdue
from vetting.models.deciding import DecidingTransitions
from vetting.models.kinds import EVENT_KINDS, GRANT_KINDS, Kind
from vetting.models.revocation import RevocationTransitions
from vetting.models.states import OPEN_STATES, PREPARING_STATES, State

# What booking requests once put before the subject (bookings.services.requests._case_data).
LEGACY_SUBJECT_PREFIX: dict[str, str] = {Kind.LOKALUTHYRNING.value: "Lokaluthyrning: "}


class Application(DecidingTransitions, RevocationTransitions, FSMModelMixin, models.Model):
    kind = models.CharField(_("ärendeslag"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("diarienummer"), max_length=40, unique=True)
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("förening"),
    )
    # The applicant's name as the application gave it; the organisation number (``association``)
    # decides the party, a name that differs in substance only warns (ADR 0020).
    applicant_name = models.CharField(_("sökandens namn i ansökan"), max_length=200, blank=True)
    # When the handler confirmed the party of a case whose applicant's name differs from the
    # association's; until then earlier assessments of the association are not reused.
    party_confirmed_at = models.DateTimeField(_("parten bekräftad"), null=True, blank=True)
    administration = models.ForeignKey(
        "vetting.Administration",
        on_delete=models.PROTECT,
        related_name="applications",
        db_index=False,  # the (administration, state, received_on) index leads with it
        verbose_name=_("förvaltning"),
    )
    rulebook = models.ForeignKey(
        "vetting.Rulebook",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("regelverk"),
    )
    received_on = models.DateField(_("inkom"), default=timezone.localdate)
    subject = models.CharField(_("ärendemening"), max_length=300)
    state = FSMField(
        _("status"), default=State.SUBMITTED, choices=State.choices, protected=True, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
        db_index=False,  # a partial index (Meta): a new case has no handler (ADR 0005)
        verbose_name=_("handläggare"),
    )
    # Grants (SEK, Decimal, never float).
    amount_applied = models.DecimalField(
        _("sökt belopp"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("beviljat belopp"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Events and rentals.
    event_title = models.CharField(_("arrangemang"), max_length=200, blank=True)
    event_description = models.TextField(_("beskrivning"), blank=True)
    event_starts_at = models.DateTimeField(_("börjar"), null=True, blank=True)
    event_ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    expected_attendance = models.PositiveIntegerField(_("förväntat antal"), null=True, blank=True)
    premises = models.ForeignKey(
        "bookings.Premises",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("lokal"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    # Derived by transitions.
    supplement_due = models.DateField(_("kompletteras senast"), null=True, blank=True)
    # When the applicant sent something for the open supplement request (its delivered_at) that
    # the handler has not registered yet; null while nothing has. Set by supplement_deliver in
    # the transaction that keeps the delivery, cleared by request_supplement and
    # receive_supplement, so that write_off's condition reads no other table.
    supplement_delivered_at = models.DateTimeField(
        _("komplettering inkommen"), null=True, blank=True
    )
    response_due = models.DateField(_("svar senast"), null=True, blank=True)
    responded_at = models.DateTimeField(_("svar inkom"), null=True, blank=True)
    proposed_outcome = models.CharField(
        max_length=20, blank=True, verbose_name=_("föreslaget utfall")
    )
    proposed_amount = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("föreslaget belopp")
    )
    proposal_reasons = models.TextField(blank=True, verbose_name=_("förslagets motivering"))
    proposal_criteria = models.JSONField(
        default=list, blank=True, verbose_name=_("förslagets kriterier")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_applications",
        db_index=False,  # a partial index (Meta), as the handler's
        verbose_name=_("föreslaget av"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("beslutad"))
    # The state an escalation left (set by escalate, cleared by conclude_escalation).
    escalated_from = models.CharField(
        max_length=20, blank=True, verbose_name=_("eskalerad från status")
    )
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("utbetald"))
    # The payment as the officer registered it (vetting.services.payments, ADR 0016): the amount
    # paid (the whole granted amount), the verifikationsnummer or utbetalningsreferens, and the
    # day it was paid. Migration 0018 filled older payments: the granted amount, the day of
    # paid_at, and the reference the pay event recorded ("" when none was given then).
    amount_paid = models.DecimalField(
        _("utbetalt belopp"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    payment_reference = models.CharField(_("utbetalningsreferens"), max_length=100, blank=True)
    paid_on = models.DateField(_("utbetalningsdag"), null=True, blank=True)
    # The kommunicering of an intended revocation (ADR 0015): its deadline, and when the
    # applicant's response was registered. Set by communicate_revocation and
    # record_revocation_response, so that revoke's conditions read the case's own row.
    revocation_response_due = models.DateField(
        _("svar på avsett återkallande senast"), null=True, blank=True
    )
    revocation_responded_at = models.DateTimeField(
        _("yttrande över återkallandet inkom"), null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("återkallad"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("avslutad"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    # No index: no query filters or orders by it (ADR 0005, "Indexes on the intake's tables").
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("senast ändrad"))

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        indexes = [
            models.Index(fields=["administration", "state", "received_on"]),
            # Only cases that have one: "handler = x" implies NOT NULL, so the lookups (and the
            # user's PROTECT check) use them, and a new case adds no entry.
            models.Index(
                fields=["handler"], condition=Q(handler__isnull=False), name="application_handler"
            ),
            models.Index(
                fields=["proposed_by"],
                condition=Q(proposed_by__isnull=False),
                name="application_proposed_by",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_ends_at__isnull=True)
                | Q(event_starts_at__isnull=True)
                | Q(event_ends_at__gt=F("event_starts_at")),
                name="application_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(amount_applied__isnull=True) | Q(amount_applied__gte=0),
                name="application_amount_applied_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def subject_text(self) -> str:
        """The subject as the pages show it, after the kind ("Lokaluthyrning: …"). Booking
        requests registered before session 6 stored the kind in the subject as well; it is not
        repeated (the registered subject itself is left as it was recorded)."""
        prefix = LEGACY_SUBJECT_PREFIX.get(self.kind, "")
        if prefix and self.subject.startswith(prefix):
            return self.subject[len(prefix) :]
        return self.subject

    def get_state_display(self) -> str:  # type: ignore[no-redef]
        """The state as the pages and the officers' API show it. A revoked grant that was never
        paid reclaims nothing (``check_reclaim``): it does not say "återkrav"."""
        if self.state == State.REVOKED:
            paid = self.paid_at is not None
            return str(_("Återkallad (återkrav)") if paid else _("Återkallad (inget utbetalt)"))
        if self.state == State.APPROVED and self.partly_granted:
            return str(_("Delvis beviljad"))
        return str(State(self.state).label) if self.state in State.values else str(self.state)

    @property
    def partly_granted(self) -> bool:
        """Whether the grant in force (approved or paid) is less than applied for (a partial
        approval, or a correction to less): part of the application was refused, which the
        state alone ("Beviljad") hides."""
        granted, applied = self.amount_granted, self.amount_applied
        in_force = self.state in (State.APPROVED, State.PAID)
        return in_force and granted is not None and applied is not None and granted < applied

    @property
    def paid_amount(self) -> Decimal:
        """What was paid out: the recorded amount (the granted amount for a payment registered
        before it was recorded); 0 when nothing was paid. An återkrav is at most this."""
        if self.paid_at is None:
            return Decimal(0)
        paid = self.amount_paid if self.amount_paid is not None else self.amount_granted
        return paid or Decimal(0)

    @property
    def names_differ(self) -> bool:
        """The applicant's name is not the association's registered name in substance."""
        return names.names_differ(self.applicant_name, self.association.name)

    @property
    def party_unconfirmed(self) -> bool:
        """The names differ and the handler has not confirmed the party (ADR 0020)."""
        return self.party_confirmed_at is None and self.names_differ

    # Pure predicates used as transition conditions.
    @property
    def is_grant(self) -> bool:
        return self.kind in GRANT_KINDS

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    # Transitions. ``custom["label"]`` is what officers see.
    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.IN_REVIEW,
        permission=guards.is_handler_or_admin,
        custom={"label": _("Tilldela handläggare")},
    )
    def assign(self, *, handler: Any) -> None:
        self.handler = handler

    @transition(
        field=state,
        source=list(PREPARING_STATES),
        target=None,  # the case stays where it is, with another handler
        permission=guards.may_take_over,
        conditions=[guards.undecided],  # an escalation after the decision is no one's case
        custom={"label": _("Ta över ärendet"), "admin": False},
    )
    def take_over(self, *, handler: Any) -> None:
        self.handler = handler

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.SUPPLEMENT_REQUESTED,
        permission=guards.is_case_handler,
        custom={"label": _("Begär komplettering")},
    )
    def request_supplement(self, *, due: date) -> None:
        self.supplement_due = due
        self.supplement_delivered_at = None

    @transition(
        field=state,
        source=State.SUPPLEMENT_REQUESTED,
        target=State.IN_REVIEW,
        permission=guards.is_case_handler,
        custom={"label": _("Registrera komplettering")},
    )
    def receive_supplement(self) -> None:
        self.supplement_due = None
        self.supplement_delivered_at = None

    @transition(
        field=state,
        source=State.SUPPLEMENT_REQUESTED,
        target=State.WRITTEN_OFF,
        # A decision (the application is not taken up, FL 20 §): the decision maker's, under
        # the decision's checks (vetting.services.write_off, ADR 0025).
        permission=guards.is_decision_maker,
        conditions=[supplement_overdue],
        custom={"label": _("Skriv av"), "admin": False},
    )
    def write_off(self) -> None:
        self.closed_at = self.decided_at = timezone.now()

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.PROGRAM_REVIEW,
        permission=guards.is_case_handler,
        conditions=[guards.event_kind],
        custom={"label": _("Begär programgranskning")},
    )
    def start_program_review(self) -> None:
        pass

    @transition(
        field=state,
        source=State.PROGRAM_REVIEW,
        target=State.IN_REVIEW,
        permission=guards.is_case_handler,
        custom={"label": _("Avsluta programgranskning")},
    )
    def complete_program_review(self) -> None:
        pass

    @transition(
        field=state,
        # Also after a decision: new facts about violence are the main ground for revoking a
        # grant (the revocation clause), and only the coordinator may find such a link.
        source=[State.IN_REVIEW, State.PROGRAM_REVIEW, State.APPROVED, State.PAID],
        target=State.ESCALATED,
        permission=guards.is_case_handler,
        custom={"label": _("Eskalera till säkerhetssamordnare")},
    )
    def escalate(self) -> None:
        self.escalated_from = self.state

    @transition(
        field=state,
        source=State.ESCALATED,
        target=RETURN_VALUE(State.IN_REVIEW, State.PROGRAM_REVIEW, State.APPROVED, State.PAID),
        permission=guards.is_security,
        custom={"label": _("Avsluta säkerhetsbedömning")},
    )
    def conclude_escalation(self, *, program_review_open: bool = False) -> str:
        """Back to where the case was escalated from (a decided case stays decided; a program
        review still open goes on). ``program_review_open`` serves cases escalated before the
        origin was recorded."""
        back = self.escalated_from or (
            State.PROGRAM_REVIEW if program_review_open else State.IN_REVIEW
        )
        self.escalated_from = ""
        return str(back)

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.PAID,
        permission=guards.is_handler_or_admin,
        conditions=[guards.grant],
        custom={"label": _("Registrera utbetalning")},
    )
    def pay(self, *, amount: Any, reference: str, paid_on: date) -> None:
        self.paid_at = timezone.now()
        self.amount_paid, self.payment_reference, self.paid_on = amount, reference, paid_on

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
        permission=guards.is_case_handler_or_admin,
        conditions=[guards.undecided],  # an escalation after the decision is no way back before it
        custom={"label": _("Registrera återkallelse från sökande")},
    )
    def withdraw(self) -> None:
        self.closed_at = timezone.now()
