"""Reads of the vetting app, by concern: which cases a user may see (``visibility``); the
criteria of a case, reused assessments and what may be told of their source (``criteria``);
delegations, the amount a decision is about, jäv and the four-eyes rule (``four_eyes``); the
files of a case (``files``); a decision's number and hearing (``decisions``). Every name is
imported from here (``from vetting.selectors import checklist``); a test that replaces one
replaces it in the module that uses it."""

from vetting.selectors.criteria import (
    DECISION_READERS,
    PARTY_CONFIRMED,
    PARTY_UNCONFIRMED,
    ChecklistRow,
    DecisionReaders,
    applicable_criteria,
    checklist,
    communication_material,
    document_name,
    hidden_sources,
    party_warning,
    recorded_sources,
    reused_sources,
    statutes_adopted_on,
)
from vetting.selectors.decisions import (
    decision_hearing,
    decision_number,
    dropped_revocation_hearing,
    revocation_hearing,
)
from vetting.selectors.files import (
    communication_enclosure,
    evidence_file,
    incoming_file,
    program_file,
    response_file,
    supplement_file,
)
from vetting.selectors.four_eyes import (
    ON_THE_GRANT,
    PREPARING_ACTIONS,
    amount_at_stake,
    cases_prepared_by,
    delegated_cases,
    delegation_for,
    eligible_handlers,
    expected_handler,
    has_conflict,
    may_read_escalation_notes,
    prepared_case,
    proposal_version,
    took_part_in_preparing,
    valid_delegations,
)
from vetting.selectors.visibility import (
    administration_ids,
    applications_visible_to,
    sees_all_cases,
    visible_administration_ids,
)

__all__ = [
    "DECISION_READERS",
    "ON_THE_GRANT",
    "PARTY_CONFIRMED",
    "PARTY_UNCONFIRMED",
    "PREPARING_ACTIONS",
    "ChecklistRow",
    "DecisionReaders",
    "administration_ids",
    "amount_at_stake",
    "applicable_criteria",
    "applications_visible_to",
    "cases_prepared_by",
    "checklist",
    "communication_enclosure",
    "communication_material",
    "decision_hearing",
    "decision_number",
    "delegated_cases",
    "delegation_for",
    "document_name",
    "dropped_revocation_hearing",
    "eligible_handlers",
    "evidence_file",
    "expected_handler",
    "has_conflict",
    "hidden_sources",
    "incoming_file",
    "may_read_escalation_notes",
    "party_warning",
    "prepared_case",
    "program_file",
    "proposal_version",
    "recorded_sources",
    "response_file",
    "reused_sources",
    "revocation_hearing",
    "sees_all_cases",
    "statutes_adopted_on",
    "supplement_file",
    "took_part_in_preparing",
    "valid_delegations",
    "visible_administration_ids",
]
