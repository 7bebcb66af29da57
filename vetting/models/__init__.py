from vetting.models.application import Application
from vetting.models.casework import (
    Assessment,
    Communication,
    Escalation,
    ProgramReview,
    SupplementRequest,
)
from vetting.models.decisions import Decision, DecisionNotice
from vetting.models.documents import IncomingDocument
from vetting.models.kinds import AppealRoute, DecisionOutcome, HearingException, Kind, Outcome
from vetting.models.organisation import Administration, ConflictOfInterest, Delegation, Profile
from vetting.models.references import ReferenceSequence
from vetting.models.rulebook import Criterion, Rulebook
from vetting.models.states import State

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
    "HearingException",
    "IncomingDocument",
    "Kind",
    "Outcome",
    "Profile",
    "ProgramReview",
    "ReferenceSequence",
    "Rulebook",
    "State",
    "SupplementRequest",
]
