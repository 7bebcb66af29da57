from vetting.models.application import Application, ReferenceSequence, State
from vetting.models.casework import (
    Assessment,
    Communication,
    Decision,
    DecisionNotice,
    Escalation,
    ProgramReview,
    SupplementRequest,
)
from vetting.models.kinds import AppealRoute, DecisionOutcome, Kind, Outcome
from vetting.models.organisation import Administration, ConflictOfInterest, Delegation, Profile
from vetting.models.rulebook import Criterion, Rulebook

__all__ = [
    "Administration",
    "AppealRoute",
    "Application",
    "Assessment",
    "Communication",
    "ConflictOfInterest",
    "Criterion",
    "Decision",
    "DecisionNotice",
    "DecisionOutcome",
    "Delegation",
    "Escalation",
    "Kind",
    "Outcome",
    "Profile",
    "ProgramReview",
    "ReferenceSequence",
    "Rulebook",
    "State",
    "SupplementRequest",
]
