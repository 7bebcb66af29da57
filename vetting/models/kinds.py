from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FORENINGSBIDRAG = "foreningsbidrag", _("Föreningsbidrag")
    ARRANGORSSTOD = "arrangorsstod", _("Arrangörsstöd")
    LOKALUTHYRNING = "lokaluthyrning", _("Lokaluthyrning")


GRANT_KINDS = frozenset({Kind.FORENINGSBIDRAG, Kind.ARRANGORSSTOD})
EVENT_KINDS = frozenset({Kind.ARRANGORSSTOD, Kind.LOKALUTHYRNING})


class Outcome(models.TextChoices):
    """Outcome of the assessment of one criterion."""

    PASS = "pass", _("Uppfyllt")
    FAIL = "fail", _("Inte uppfyllt")
    DOUBT = "doubt", _("Tveksamt")
    NOT_APPLICABLE = "not_applicable", _("Ej tillämpligt")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Bifall")
    PARTLY_APPROVED = "partly_approved", _("Delvis bifall")
    REJECTED = "rejected", _("Avslag")
    REVOKED = "revoked", _("Återkallelse av beviljat bidrag")
    # The application is not taken up: the supplement asked for did not come in (FL 20 §).
    WRITTEN_OFF = "written_off", _("Ansökan prövas inte (avvisning)")


ADVERSE_OUTCOMES = frozenset({DecisionOutcome.REJECTED, DecisionOutcome.PARTLY_APPROVED})
# Outcomes that award something: only these carry a grant's revocation clause (FL 37 §).
AWARDING_OUTCOMES = frozenset({DecisionOutcome.APPROVED, DecisionOutcome.PARTLY_APPROVED})


class HearingException(models.TextChoices):
    """Why a revocation (ADR 0015) or an adverse decision (ADR 0026) was decided without the
    applicant first heard on it through the service's kommunicering: one of the exceptions of
    FL 25 § second paragraph, or (not offered) a revocation decided before the hearing was kept
    in the service."""

    UNNECESSARY = "unnecessary", _("Uppenbart obehövligt (25 § andra stycket 1 FL)")
    ENFORCEMENT = (
        "enforcement",
        _("Avsevärt svårare att genomföra beslutet (25 § andra stycket 2 FL)"),
    )
    URGENT = "urgent", _("Avgörandet kan inte skjutas upp (25 § andra stycket 3 FL)")
    RECORDED_BEFORE = (
        "recorded_before",
        _("Återkallat innan kommuniceringen fördes i tjänsten; hörandet enligt beslutet"),
    )


# The exceptions a decision maker may name now (not the migrated revocations' marker).
CHOSEN_HEARING_EXCEPTIONS = tuple(
    e for e in HearingException if e != HearingException.RECORDED_BEFORE
)


class AppealRoute(models.TextChoices):
    LAGLIGHETSPROVNING = "laglighetsprovning", _("Laglighetsprövning (KL 13 kap.)")
    FORVALTNINGSBESVAR = "forvaltningsbesvar", _("Förvaltningsbesvär (FL 40–46 §§)")
