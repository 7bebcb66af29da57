"""The facts of an audit event as the auditors read them (audit.facts): each kind of event names
what it decided or recorded, from its own ``changes``; odd or unknown values never break it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from audit.facts import Fact, amount_text, event_facts


def event(action: str, changes: Any = None, **fields: Any) -> SimpleNamespace:
    base = {"criteria": [], "object_type": "application", "object_id": "1"}
    return SimpleNamespace(action=action, changes=changes, **{**base, **fields})


def shown(e: SimpleNamespace) -> dict[str, str]:
    with translation.override("sv"):
        return {f.label: f.value for f in event_facts(e)}


NBSP = "\xa0"


def test_an_assessment_names_its_criterion_outcome_and_evidence_kind() -> None:
    failed = event(
        "assessment.recorded",
        {"outcome": "fail", "evidence_kind": "fact", "followed_reader": None},
        criteria=["NO_VIOLENT_EXTREMISM"],
        object_type="assessment",
    )
    assert shown(failed) == {
        "Kriterium": "NO_VIOLENT_EXTREMISM",
        "Utfall": "Inte uppfyllt",
        "Underlag": "Konstaterat sakförhållande",
    }
    with translation.override("sv"):
        outcome = next(f for f in event_facts(failed) if f.label == "Utfall")
    assert outcome.adverse  # a decisive fail stands out from the passes
    passed = event("assessment.recorded", {"outcome": "pass"}, criteria=["OPEN_MEMBERSHIP"])
    assert not any(f.adverse for f in event_facts(passed))


def test_a_decision_names_its_number_outcome_and_amount() -> None:
    decided = event(
        "application.decide",
        {
            "decision_id": 9,
            "outcome": "approved",
            "amount_granted": {"from": None, "to": "4000.00"},
        },
    )
    assert shown(decided) == {
        "Beslut": "nr 9",
        "Utfall": "Bifall",
        "Beviljat belopp": f"4{NBSP}000 kr",
    }


def test_a_correction_names_what_it_replaces_and_a_revocation_its_reclaim() -> None:
    corrected = event(
        "application.correct",
        {"decision_id": 3, "outcome": "partly_approved", "amount_granted": "400", "replaces": 2,
         "applicant_heard": "Hörd per telefon."},
    )  # fmt: skip
    assert shown(corrected) == {
        "Beslut": "nr 3",
        "Utfall": "Delvis bifall",
        "Beviljat belopp": "400 kr",
        "Ersätter beslut": "nr 2",
        "Sökanden hörd": "Hörd per telefon.",
    }
    revoked = event(
        "application.revoke", {"decision_id": 4, "outcome": "revoked", "reclaim_amount": "1500"}
    )
    assert shown(revoked) == {
        "Beslut": "nr 4",
        "Utfall": "Återkallelse av beviljat bidrag",
        "Återkrävt belopp": f"1{NBSP}500 kr",
    }


def test_a_notice_names_its_channel_and_the_decision_it_concerns() -> None:
    notified = event(
        "decision.notified",
        {"notice_id": 1, "channel": "email"},
        object_type="decision",
        object_id="7",
    )
    assert shown(notified) == {"Gäller beslut": "nr 7", "Kanal": "E-post"}


@pytest.mark.parametrize(
    ("action", "changes", "expected"),
    [
        ("application.submitted", {"kind": "foreningsbidrag", "amount_applied": "4000.00"},
         {"Ärendeslag": "Föreningsbidrag", "Sökt belopp": f"4{NBSP}000 kr"}),
        ("application.propose", {"proposed_outcome": {"from": "", "to": "rejected"}},
         {"Föreslaget utfall": "Avslag"}),
        ("application.pay", {"amount": "4000.00", "paid_at": {"from": None, "to": "2026-01-01"}},
         {"Utbetalt belopp": f"4{NBSP}000 kr"}),
        ("application.complete_program_review", {"result": "fail"},
         {"Resultat": "Programmet godtas inte"}),
        ("application.conclude_escalation", {"conclusion": "no_link"},
         {"Slutsats": "Ingen koppling till våldsbejakande miljö"}),
        ("application.request_supplement", {"supplement_due": {"from": None, "to": "2026-12-13"}},
         {"Kompletteras senast": "2026-12-13"}),
        ("application.record_response", {"received_on": "2026-11-22", "late": True},
         {"Inkom": "2026-11-22", "För sent": "ja"}),
        ("application.receive_supplement", {"received_on": "2026-11-22", "late": False},
         {"Inkom": "2026-11-22"}),
        ("application.withdraw", {"closed_at": {"from": None, "to": "2026-01-01"}}, {}),
    ],
)  # fmt: skip
def test_each_kind_of_event_says_what_it_recorded(
    action: str, changes: dict[str, Any], expected: dict[str, str]
) -> None:
    assert shown(event(action, changes)) == expected


@pytest.mark.parametrize(
    "changes",
    [None, [], "text", {"outcome": ["fail"]}, {"outcome": {"x": 1}}, {"amount_granted": "NaN"},
     {"amount_granted": "abc"}, {"decision_id": None, "unknown_key": {"deep": [1]}}],
)  # fmt: skip
def test_odd_or_unknown_changes_degrade_gracefully(changes: Any) -> None:
    facts = event_facts(event("application.decide", changes))
    assert all(isinstance(f, Fact) for f in facts)


def test_an_unknown_action_shows_the_keys_known_and_skips_the_rest() -> None:
    assert shown(event("something.new", {"outcome": "rejected", "colour": "blue"})) == {
        "Utfall": "Avslag"
    }
    assert shown(event("something.new", {"outcome": "not_a_code"})) == {"Utfall": "not_a_code"}


def test_facts_follow_the_page_language() -> None:
    decided = event("application.decide", {"outcome": "rejected", "decision_id": 2})
    with translation.override("en"):
        assert {f.value for f in event_facts(decided)} == {"Rejected", "no. 2"}


def test_amounts_that_are_not_numbers_are_shown_as_recorded() -> None:
    assert amount_text("abc") == "abc" and amount_text("Infinity") == "Infinity"
    assert amount_text(None) == ""


def test_a_decision_is_named_as_the_decision_log_names_it_when_numbered() -> None:
    """ "Beslut: nr 3" was the database id; with the case's numbers (read once for a page) the
    facts name a decision as the decision log and the documents do."""
    corrected = event(
        "application.correct",
        {"decision_id": 3, "outcome": "approved", "replaces": 2},
        case_ref="KFN-2026-00006",
    )
    notified = event(
        "decision.notified",
        {"channel": "email"},
        object_type="decision",
        object_id="2",
        case_ref="KFN-2026-00006",
    )
    numbers = {2: 1, 3: 2}
    with translation.override("sv"):
        facts = {f.label: f.value for f in event_facts(corrected, numbers)}
        notice = {f.label: f.value for f in event_facts(notified, numbers)}
    assert facts["Beslut"] == "KFN-2026-00006 beslut 2"
    assert facts["Ersätter beslut"] == "KFN-2026-00006 beslut 1"
    assert notice["Gäller beslut"] == "KFN-2026-00006 beslut 1"
    with translation.override("en"):
        english = {f.key: f.value for f in event_facts(corrected, numbers)}
    assert english["decision_id"] == "KFN-2026-00006 decision 2"


@pytest.mark.parametrize(
    ("value", "page", "csv_sv", "csv_en"),
    [
        (None, "", "", ""),
        ("", "", "", ""),
        ("abc", "abc", "abc", "abc"),
        ("NaN", "NaN", "NaN", "NaN"),
        ("Infinity", "Infinity", "Infinity", "Infinity"),
        ("17500.5", "17\xa0500,50 kr", "17500,50", "17500.50"),
        (4000, "4\xa0000 kr", "4000,00", "4000.00"),
    ],
)
def test_the_page_and_the_csv_read_a_recorded_amount_alike(value, page, csv_sv, csv_en) -> None:
    """A number is written in the reader's language; anything else as recorded, "" for none
    (``audit.facts.recorded_amount``, read by the page and the CSV export alike)."""
    from web.auditlog import _csv_amount

    with translation.override("sv"):
        assert amount_text(value) == page
        assert _csv_amount(value) == csv_sv
    with translation.override("en"):
        assert _csv_amount(value) == csv_en
