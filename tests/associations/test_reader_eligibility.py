"""Eligibility for the board or another office (associations.reader.eligibility, issue 6):
membership open to all with the board limited to one sex is not closed membership; a
protected ground in who may hold an office is its own flag (DE_*), never closed membership."""

from __future__ import annotations

import pytest

from associations.reader import read_statutes
from tests.associations.test_reader_synthetic import statutes

FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")
OPEN_TO_ALL_BUT_THE_BOARD = [
    ("Föreningen är öppen för alla, men endast kvinnor kan väljas till styrelsen.", "DE_SEX"),
    (
        "Alla som delar föreningens värderingar kan bli medlemmar, men styrelsen ska bestå av män.",
        "DE_SEX",
    ),
    ("Medlemskap är öppet för alla; till ordförande kan endast väljas en kvinna.", "DE_SEX"),
    ("Föreningen är öppen för alla men endast kvinnor kan väljas till styrelsen.", "DE_SEX"),
    (
        "Föreningen är öppen för alla som delar dess syfte, men till styrelsen kan endast "
        "svenska medborgare väljas.",
        "DE_CITIZENSHIP",
    ),
    ("Föreningen är öppen för alla, men ordföranden ska vara kristen.", "DE_RELIGION"),
    (
        "Alla kan bli medlemmar, men styrelsens ledamöter ska vara av svensk härkomst.",
        "DE_ORIGIN",
    ),
    ("Föreningen är öppen för alla, men till ordförande kan endast transpersoner väljas.",
     "DE_GENDER_IDENTITY"),
    ("Föreningen är öppen för alla, men styrelsen ska bestå av homosexuella.", "DE_ORIENTATION"),
]  # fmt: skip


@pytest.mark.parametrize(("clause", "rule_id"), OPEN_TO_ALL_BUT_THE_BOARD)
def test_open_membership_with_a_restricted_board_is_open_and_flagged(
    clause: str, rule_id: str
) -> None:
    plain = statutes(clause)
    for text, quote in ((plain, clause), (plain.translate(FOLD), clause.translate(FOLD))):
        reading = read_statutes(text)
        assert reading.value("open_membership") == "open"
        assert reading.value("discriminatory_membership_condition") == "no"
        flag = reading.findings["discriminatory_eligibility_condition"]
        assert (flag.value, flag.rule) == ("yes", rule_id)
        assert [item.quote for item in flag.evidence] == [quote]


@pytest.mark.parametrize(
    "clause",
    [
        "Endast kvinnor kan väljas till styrelsen.",
        "Styrelsen ska bestå av män.",
        "Ordföranden ska vara kristen.",
    ],
)
def test_a_restricted_office_is_flagged_anywhere_in_the_statutes(clause: str) -> None:
    text = statutes("Föreningen är öppen för alla som delar dess syfte. " + clause)
    reading = read_statutes(text)
    assert reading.value("open_membership") == "open"
    assert reading.value("discriminatory_eligibility_condition") == "yes"
    assert reading.findings["discriminatory_eligibility_condition"].evidence[0].quote == clause


@pytest.mark.parametrize(
    "clause",
    [
        "Endast kvinnor kan bli medlemmar och väljas till styrelsen.",
        "Medlem ska vara kvinna och får väljas till styrelsen.",
        "Föreningen är öppen för kvinnor, som kan väljas till styrelsen.",
        "Medlemskap i föreningen är förbehållet kvinnor; styrelsen väljs av årsmötet.",
    ],
)
def test_a_membership_restriction_next_to_an_office_stays_closed(clause: str) -> None:
    reading = read_statutes(statutes(clause))
    assert reading.value("open_membership") == "closed"
    assert reading.findings["discriminatory_membership_condition"].rule == "DC_SEX"
    assert reading.value("discriminatory_eligibility_condition") == "no"


@pytest.mark.parametrize(
    "clause",
    [
        "Föreningen är öppen för alla. Styrelsen ska bestå av både kvinnor och män.",
        "Föreningen är öppen för alla. Styrelsen ska ha en jämn fördelning av kvinnor och män.",
        "Föreningen är öppen för alla. Till styrelsen kan väljas medlemmar oavsett kön.",
        "Föreningen är öppen för alla. Styrelsen ska verka för att fler kvinnor väljs.",
        "Föreningen är öppen för alla. Till ordförande kan endast väljas den som fyllt 18 år.",
        "Föreningen är öppen för alla. Till ordförande kan en man eller en kvinna väljas.",
    ],
)
def test_an_office_open_to_both_sexes_or_limited_otherwise_is_no_flag(clause: str) -> None:
    reading = read_statutes(statutes(clause))
    assert reading.value("open_membership") == "open"
    assert reading.value("discriminatory_eligibility_condition") == "no"
    assert reading.findings["discriminatory_eligibility_condition"].rule == "DE_NONE"


@pytest.mark.parametrize(
    ("clause", "grounds"),
    [
        (
            "Till styrelsen kan endast män som bekänner sig till föreningens tro väljas.",
            ("DE_SEX", "DE_RELIGION"),
        ),
        ("Ordföranden ska vara en man som är kristen.", ("DE_SEX", "DE_RELIGION")),
        ("Styrelsens ledamöter ska vara kristna män.", ("DE_SEX", "DE_RELIGION")),
        ("Styrelsens ledamöter ska vara män och svenska medborgare.", ("DE_SEX", "DE_CITIZENSHIP")),
        (
            "Till ordförande kan endast väljas en kvinna av svensk härkomst.",
            ("DE_SEX", "DE_ORIGIN"),
        ),
    ],
)
def test_every_protected_ground_of_an_office_is_named(
    clause: str, grounds: tuple[str, ...]
) -> None:
    """One eligibility condition on several grounds names each (the first is the rule)."""
    reading = read_statutes(
        statutes("Föreningen är öppen för alla som delar dess syfte. " + clause)
    )
    assert reading.value("open_membership") == "open"
    flag = reading.findings["discriminatory_eligibility_condition"]
    assert (flag.value, flag.rule, flag.grounds) == ("yes", grounds[0], grounds)
    assert [item.quote for item in flag.evidence] == [clause]


# A cancelling word ("stöder", "inte", "främst", ...) belongs to its own clause: it does not
# reach past a semicolon or a comma with a conjunction into the next clause (rules version 4).
@pytest.mark.parametrize(
    "clause",
    [
        "Föreningen stöder ändamålet, och en man eller kvinna kan väljas till ordförande.",
        "Föreningen stöder ändamålet, och en kvinna eller man kan väljas till ordförande.",
        "Styrelsen ska inte vara för stor, och en man eller en kvinna kan väljas till ordförande.",
        "Föreningen vill stödja kvinnor som utsatts för våld, och var och en kan väljas till "
        "styrelsen.",
    ],
)
def test_a_cancelling_word_of_an_earlier_clause_flags_nothing(clause: str) -> None:
    plain = statutes("Föreningen är öppen för alla som delar dess syfte. " + clause)
    for text in (plain, plain.translate(FOLD)):
        reading = read_statutes(text)
        assert reading.value("open_membership") == "open"
        assert reading.findings["discriminatory_eligibility_condition"].rule == "DE_NONE"


@pytest.mark.parametrize(
    ("clause", "rule_id"),
    [
        ("Föreningen stöder ändamålet, och endast kvinnor kan väljas till ordförande.", "DE_SEX"),
        ("Föreningen stöder ändamålet; endast kvinnor kan väljas till ordförande.", "DE_SEX"),
        ("Föreningen ska främst verka lokalt, men ordföranden ska vara kristen.", "DE_RELIGION"),
        (
            "Föreningen ska stödja invandrare, samt till styrelsen kan endast svenska medborgare "
            "väljas.",
            "DE_CITIZENSHIP",
        ),
    ],
)
def test_a_cancelling_word_of_an_earlier_clause_does_not_hide_a_restricted_office(
    clause: str, rule_id: str
) -> None:
    plain = statutes("Föreningen är öppen för alla som delar dess syfte. " + clause)
    for text, quote in ((plain, clause), (plain.translate(FOLD), clause.translate(FOLD))):
        reading = read_statutes(text)
        flag = reading.findings["discriminatory_eligibility_condition"]
        assert (flag.value, flag.rule, flag.grounds) == ("yes", rule_id, (rule_id,))
        assert [item.quote for item in flag.evidence] == [quote]
