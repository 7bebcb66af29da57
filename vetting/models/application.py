"""The application (the case) and its state machine.

Transition methods set the state and fields derived from it, nothing else: no I/O, no save().
The services in ``vetting.services`` lock the row, check the guards, call the transition, save the
changed fields and write the audit event in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from vetting import roles
from vetting.models.kinds import ADVERSE_OUTCOMES, EVENT_KINDS, GRANT_KINDS, Kind


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Inkommen")
    IN_REVIEW = "in_review", _("Under handläggning")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Komplettering begärd")
    PROGRAM_REVIEW = "program_review", _("Programgranskning")
    ESCALATED = "escalated", _("Hos säkerhetssamordnare")
    PROPOSED = "proposed", _("Förslag till beslut")
    COMMUNICATED = "communicated", _("Kommunicerad")
    APPROVED = "approved", _("Beviljad")
    REJECTED = "rejected", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återkallad av sökande")
    WRITTEN_OFF = "written_off", _("Avskriven")
    PAID = "paid", _("Utbetald")
    # Whether anything is reclaimed depends on the case (Application.get_state_display).
    REVOKED = "revoked", _("Bidraget återkallat")


# What booking requests once put before the subject (bookings.services.requests._case_data).
LEGACY_SUBJECT_PREFIX: dict[str, str] = {Kind.LOKALUTHYRNING.value: "Lokaluthyrning: "}

OPEN_STATES = (
    State.SUBMITTED,
    State.IN_REVIEW,
    State.SUPPLEMENT_REQUESTED,
    State.PROGRAM_REVIEW,
    State.ESCALATED,
    State.PROPOSED,
    State.COMMUNICATED,
)
DECIDED_STATES = (State.APPROVED, State.REJECTED)


def _is_handler(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.HANDLER)


def _is_decision_maker(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.DECISION_MAKER)


def _is_security(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.SECURITY)


def _is_handler_or_admin(instance: models.Model, user: Any) -> bool:
    return roles.has_role(user, roles.HANDLER, roles.ADMINISTRATOR)


def _system_only(instance: models.Model, user: Any) -> bool:
    return False


def _app(instance: models.Model) -> Application:
    assert isinstance(instance, Application)
    return instance


def _event_kind(instance: models.Model) -> bool:
    return _app(instance).is_event


# The supplement deadline rule, once: a case waiting for a supplement (nothing delivered for the
# open request: ``supplement_delivered_at`` is null) past its deadline may be written off and is
# overdue in the work queue. A deadline date has passed once its day has ended in
# Europe/Stockholm: "today" is timezone.localdate(), never the database's (UTC) clock. The queue
# (web.selectors) builds on ``awaiting_supplement``; ``supplement_overdue`` is the rule on one row
# (tests/web/test_queue_write_off.py ties them). Both read the case's own row only.


def deadline_passed(due: date | None, today: date | None = None) -> bool:
    """Whether a deadline date has passed: the day after it has begun in Europe/Stockholm."""
    return due is not None and due < (today or timezone.localdate())


def awaiting_supplement() -> Q:
    """Cases waiting for the applicant's supplement: asked for, and nothing delivered yet."""
    return Q(state=State.SUPPLEMENT_REQUESTED, supplement_delivered_at__isnull=True)


def _programs_awaited() -> QuerySet[Any]:
    from vetting.models.casework import ProgramReview

    return ProgramReview.objects.filter(
        application=OuterRef("pk"), closed_at__isnull=True, program_received_at__isnull=True
    )


def awaiting_program() -> Q:
    """Cases waiting for the applicant's programme: asked for, and nothing received yet (the
    programme's counterpart of ``awaiting_supplement``)."""
    return Q(Q(state=State.PROGRAM_REVIEW), Exists(_programs_awaited()))


def program_due() -> Subquery:
    """The deadline of the programme awaited (``awaiting_program``): the earliest open one."""
    return Subquery(_programs_awaited().order_by("due").values("due")[:1])


def supplement_overdue(instance: models.Model) -> bool:
    """Waiting for a supplement past its deadline: the condition of ``write_off``. Pure: the
    case's own fields only (``supplement_delivered_at`` stands for what was delivered)."""
    app = _app(instance)
    return (
        app.state == State.SUPPLEMENT_REQUESTED
        and deadline_passed(app.supplement_due)
        and app.supplement_delivered_at is None
    )


def _grant(instance: models.Model) -> bool:
    return _app(instance).is_grant


def _adverse(instance: models.Model) -> bool:
    return _app(instance).proposal_is_adverse


def _undecided(instance: models.Model) -> bool:
    return _app(instance).decided_at is None


def _not_adverse(instance: models.Model) -> bool:
    return not _app(instance).proposal_is_adverse


def _awaiting_response(instance: models.Model) -> bool:
    return _app(instance).responded_at is None


def _may_decide_after_communication(instance: models.Model) -> bool:
    return _app(instance).response_window_closed()


class Application(FSMModelMixin, models.Model):
    kind = models.CharField(_("ärendeslag"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("diarienummer"), max_length=40, unique=True)
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("förening"),
    )
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
        verbose_name=_("föreslaget av"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("beslutad"))
    # The state an escalation left (set by escalate, cleared by conclude_escalation).
    escalated_from = models.CharField(
        max_length=20, blank=True, verbose_name=_("eskalerad från status")
    )
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("utbetald"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("återkallad"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("avslutad"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("senast ändrad"))

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        indexes = [models.Index(fields=["administration", "state", "received_on"])]
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
        return str(State(self.state).label) if self.state in State.values else str(self.state)

    # Pure predicates used as transition conditions.
    @property
    def is_grant(self) -> bool:
        return self.kind in GRANT_KINDS

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    @property
    def proposal_is_adverse(self) -> bool:
        return self.proposed_outcome in ADVERSE_OUTCOMES

    def response_window_closed(self) -> bool:
        if self.responded_at is not None:
            return True
        return self.response_due is not None and timezone.localdate() > self.response_due

    # Transitions. ``custom["label"]`` is what officers see.
    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.IN_REVIEW,
        permission=_is_handler_or_admin,
        custom={"label": _("Tilldela handläggare")},
    )
    def assign(self, *, handler: Any) -> None:
        self.handler = handler

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.SUPPLEMENT_REQUESTED,
        permission=_is_handler,
        custom={"label": _("Begär komplettering")},
    )
    def request_supplement(self, *, due: date) -> None:
        self.supplement_due = due
        self.supplement_delivered_at = None

    @transition(
        field=state,
        source=State.SUPPLEMENT_REQUESTED,
        target=State.IN_REVIEW,
        permission=_is_handler,
        custom={"label": _("Registrera komplettering")},
    )
    def receive_supplement(self) -> None:
        self.supplement_due = None
        self.supplement_delivered_at = None

    @transition(
        field=state,
        source=State.SUPPLEMENT_REQUESTED,
        target=State.WRITTEN_OFF,
        permission=_is_handler,
        conditions=[supplement_overdue],
        custom={"label": _("Skriv av"), "admin": False},
    )
    def write_off(self) -> None:
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.PROGRAM_REVIEW,
        permission=_is_handler,
        conditions=[_event_kind],
        custom={"label": _("Begär programgranskning")},
    )
    def start_program_review(self) -> None:
        pass

    @transition(
        field=state,
        source=State.PROGRAM_REVIEW,
        target=State.IN_REVIEW,
        permission=_is_handler,
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
        permission=_is_handler,
        custom={"label": _("Eskalera till säkerhetssamordnare")},
    )
    def escalate(self) -> None:
        self.escalated_from = self.state

    @transition(
        field=state,
        source=State.ESCALATED,
        target=RETURN_VALUE(State.IN_REVIEW, State.PROGRAM_REVIEW, State.APPROVED, State.PAID),
        permission=_is_security,
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
        source=State.IN_REVIEW,
        target=State.PROPOSED,
        permission=_is_handler,
        custom={"label": _("Föreslå beslut")},
    )
    def propose(self, *, by: Any, outcome: str, amount: Any, reasons: str, criteria: list) -> None:
        self.proposed_by = by
        self.proposed_outcome = outcome
        self.proposed_amount = amount
        self.proposal_reasons = reasons
        self.proposal_criteria = criteria
        self.response_due = None
        self.responded_at = None

    @transition(
        field=state,
        source=State.PROPOSED,
        target=State.COMMUNICATED,
        permission=_is_handler,
        conditions=[_adverse],
        custom={"label": _("Kommunicera förslaget")},
    )
    def communicate(self, *, due: date) -> None:
        self.response_due = due

    @transition(
        field=state,
        source=State.COMMUNICATED,
        target=State.COMMUNICATED,
        permission=_is_handler,
        conditions=[_awaiting_response],
        custom={"label": _("Registrera sökandens yttrande")},
    )
    def record_response(self) -> None:
        self.responded_at = timezone.now()

    @transition(
        field=state,
        source=[State.PROPOSED, State.COMMUNICATED],
        target=State.IN_REVIEW,
        permission=_is_decision_maker,
        custom={"label": _("Återförvisa till handläggning")},
    )
    def return_to_review(self) -> None:
        self.proposed_outcome = ""

    @transition(
        field=state,
        source=State.PROPOSED,
        target=State.APPROVED,
        permission=_is_decision_maker,
        conditions=[_not_adverse],
        custom={"label": _("Besluta")},
    )
    def decide_approve(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field=state,
        source=State.COMMUNICATED,
        target=State.APPROVED,
        permission=_is_decision_maker,
        conditions=[_may_decide_after_communication],
        custom={"label": _("Besluta (bifall)")},
    )
    def decide_approve_after_communication(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field=state,
        source=State.COMMUNICATED,
        target=State.REJECTED,
        permission=_is_decision_maker,
        conditions=[_may_decide_after_communication],
        custom={"label": _("Besluta (avslag)")},
    )
    def decide_reject(self) -> None:
        self._set_decided(None)

    def _set_decided(self, amount: Any) -> None:
        self.amount_granted = amount
        self.decided_at = timezone.now()
        self.closed_at = self.decided_at

    @transition(
        field=state,
        source=[State.APPROVED, State.REJECTED],
        target=State.APPROVED,
        permission=_system_only,
        custom={"label": _("Rättelse"), "admin": False},
    )
    def correct_to_approved(self, *, amount: Any) -> None:
        self._set_decided(amount)

    @transition(
        field=state,
        source=[State.APPROVED, State.REJECTED],
        target=State.REJECTED,
        permission=_system_only,
        custom={"label": _("Rättelse"), "admin": False},
    )
    def correct_to_rejected(self) -> None:
        self._set_decided(None)

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.PAID,
        permission=_is_handler_or_admin,
        conditions=[_grant],
        custom={"label": _("Registrera utbetalning")},
    )
    def pay(self) -> None:
        self.paid_at = timezone.now()

    @transition(
        field=state,
        source=[State.APPROVED, State.PAID],
        target=State.REVOKED,
        permission=_is_decision_maker,
        conditions=[_grant],
        custom={"label": _("Återkalla bidraget (återkrav)")},
    )
    def revoke(self) -> None:
        self.revoked_at = timezone.now()

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
        permission=_is_handler_or_admin,
        conditions=[_undecided],  # an escalation after the decision is no way back before it
        custom={"label": _("Registrera återkallelse från sökande")},
    )
    def withdraw(self) -> None:
        self.closed_at = timezone.now()


class ReferenceSequence(models.Model):
    """The last number handed out per prefix and year. Numbers are never reused."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last_value}"
