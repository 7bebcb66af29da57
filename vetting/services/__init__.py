"""State changes of cases. Each one locks the case, checks its guards and writes its event."""

from vetting.services._core import action_check
from vetting.services.assessments import AssessmentInput, assessment_record
from vetting.services.assignment import application_assign
from vetting.services.casework import (
    application_conclude_escalation,
    application_escalate,
    application_receive_supplement,
    application_request_supplement,
    application_start_program_review,
    application_withdraw,
    escalation_notes_view,
    program_submit,
    supplement_deliver,
)
from vetting.services.conflicts import application_declare_conflict
from vetting.services.decisions import application_decide, decision_correct
from vetting.services.intake import (
    EventDetails,
    NewApplication,
    application_submit,
    event_time_errors,
    validate_new_application,
)
from vetting.services.notices import decision_notify
from vetting.services.party import application_confirm_party
from vetting.services.payments import application_pay
from vetting.services.program_review import application_complete_program_review
from vetting.services.proposals import (
    application_communicate,
    application_propose,
    application_record_response,
    application_return_to_review,
)
from vetting.services.reader_assessments import assessment_from_reader
from vetting.services.revocation import application_revoke
from vetting.services.revocation_hearing import (
    application_communicate_revocation,
    application_drop_revocation,
)
from vetting.services.supplement_statutes import supplement_register_statutes
from vetting.services.write_off import application_write_off

__all__ = [
    "AssessmentInput",
    "EventDetails",
    "NewApplication",
    "action_check",
    "application_assign",
    "application_communicate",
    "application_communicate_revocation",
    "application_complete_program_review",
    "application_conclude_escalation",
    "application_confirm_party",
    "application_decide",
    "application_declare_conflict",
    "application_drop_revocation",
    "application_escalate",
    "application_pay",
    "application_propose",
    "application_receive_supplement",
    "application_record_response",
    "application_request_supplement",
    "application_return_to_review",
    "application_revoke",
    "application_start_program_review",
    "application_submit",
    "application_withdraw",
    "application_write_off",
    "assessment_from_reader",
    "assessment_record",
    "decision_correct",
    "decision_notify",
    "escalation_notes_view",
    "event_time_errors",
    "program_submit",
    "supplement_deliver",
    "supplement_register_statutes",
    "validate_new_application",
]
