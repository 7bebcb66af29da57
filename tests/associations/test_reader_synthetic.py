"""Synthetic Swedish statute clauses: paraphrases, negation and exceptions per question.

Each case puts one clause (or a few) into a minimal statute skeleton, so that the
document is read as statutes and only the clause under test decides the answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from associations.reader import (
    governance,
    membership,
    nondiscrimination,
    procedures,
    read_statutes,
)
from associations.reader.engine import Rule
from associations.reader.normalize import normalize

DEFAULT_MEETING = "Ordinarie årsmöte hålls före utgången av mars månad."
DEFAULT_VOTE = "Medlem som har betalat medlemsavgiften har rösträtt på årsmötet."


def statutes(
    membership: str = "",
    meeting: str = DEFAULT_MEETING,
    vote: str = DEFAULT_VOTE,
    purpose: str = "Föreningen har till ändamål att främja kulturlivet i bygden.",
) -> str:
    """A minimal statute text with the clauses under test in their usual places."""
    return f"""# Stadgar för Exempelföreningen

## § 1 Namn
Föreningens namn är Exempelföreningen. Föreningen har sitt säte i Exempelstad.

## § 2 Ändamål
{purpose}

## § 3 Medlemskap
{membership}

## § 4 Årsmöte
{meeting}

## § 5 Styrelse
Styrelsen består av ordförande och minst två övriga ledamöter. Styrelsen väljs av årsmötet.

## § 6 Rösträtt
{vote}

## § 7 Stadgeändring
För ändring av dessa stadgar krävs beslut av årsmöte med minst två tredjedelar av rösterna.

## § 8 Upplösning
För upplösning av föreningen krävs beslut på två på varandra följande årsmöten.
"""


def value(text: str, question: str) -> str:
    reading = read_statutes(text)
    assert reading.document_kind == "statutes"
    for finding in reading.findings.values():
        for item in finding.evidence:
            assert text[item.start : item.end] == item.quote
    return reading.value(question)


# --- open_membership ----------------------------------------------------------------------

OPEN = [
    "Medlem i föreningen kan var och en bli som stöder föreningens ändamål och betalar den "
    "medlemsavgift som årsmötet fastställer.",
    "Till medlem kan antas den som vill verka för föreningens syfte.",
    "Föreningen är öppen för alla som delar föreningens värderingar.",
    "Alla som vill arbeta för föreningens ändamål är välkomna som medlemmar.",
    "Medlemskap kan erhållas av alla som accepterar dessa stadgar.",
    "Rätt att bli medlem har var och en som ansluter sig till föreningens ändamål.",
    "Envar som önskar verka för föreningens syfte kan bli medlem.",
    "Medlemskap i föreningen är öppet för alla oavsett kön, ålder, etnisk tillhörighet, "
    "religion eller sexuell läggning.",
    "Medlem i föreningen kan varje person bli som vill verka för föreningens ändamål.",
    "Som medlem antas intresserad som godkänner dessa stadgar och aktivt tar ställning för ett "
    "medlemskap genom att årligen betala föreningens medlemsavgift.",
    "Som medlem antas den som betalar fastställd medlemsavgift.",
    "Man blir medlem genom att betala medlemsavgiften.",
    "Föreningen välkomnar alla som medlemmar.",
    "Medlem blir den som ställer sig bakom föreningens syfte och betalar årsavgift.",
    "Alla fysiska personer som accepterar föreningens stadgar kan bli medlemmar.",
    # RF model: a right to membership; approval by the board is then a formality.
    "Alla personer som vill stödja föreningens ändamål har rätt att beviljas medlemskap. "
    "Ansökan om medlemskap får avslås endast om det kan antas att sökanden kommer att "
    "motarbeta föreningens ändamål. Medlemskap beviljas av styrelsen.",
    "Alla som stöder föreningens syfte har rätt till medlemskap. Ansökan prövas av styrelsen.",
    "Medlem kan den bli som stöder föreningens syfte. Styrelsen får avslå en ansökan om "
    "medlemskap endast om sökanden bedöms motarbeta föreningens syfte.",
    "Medlem kan den bli som delar föreningens värderingar. Ingen som delar föreningens "
    "värderingar får nekas medlemskap.",
    "Medlemskap kan inte vägras av annan anledning än att sökanden motarbetar föreningens "
    "ändamål. Alla som stöder ändamålet kan bli medlemmar.",
    # A target group that is only "främst" (mainly) is no restriction.
    "Föreningen vänder sig främst till studenter. Medlem kan var och en bli som stöder "
    "föreningens syfte.",
    "Medlem kan den bli som är intresserad av samisk kultur och stöder föreningens syfte.",
    "Medlem kan den bli som är intresserad av kurdisk kultur.",
    "Medlem i föreningen kan var och en bli som vill stödja kvinnor som utsatts för våld.",
    "Föreningen är religiöst och partipolitiskt obunden och öppen för alla.",
    "Medlem kan den bli, kvinna som man, som stöder föreningens syfte.",
    "Medlem kan den bli som bor i byn eller som på annat sätt vill verka för föreningens ändamål.",
    "Även den som inte bor i kommunen kan bli medlem. Medlem kan var och en bli som stöder "
    "föreningens syfte.",
    # Phrasings seen in public statutes.
    "Medlemskap i partiet är öppet för var och en som vill bidra till partiet och dess syfte.",
    "Föreningen är partipolitiskt och religiöst obunden, samt öppen för alla.",
    "Medlemskap kan beviljas fysisk person som erlagt fastställd medlemsavgift.",
    "Medlem i föreningen kan varje person bli som förbinder sig att följa dessa stadgar.",
    "Föreningen är öppen för alla som delar föreningens målsättning och följer dess stadgar.",
    "Medlemskap kan beviljas alla som stöder föreningens syfte.",
    "Medlemskap i föreningen är öppet för pensionärer och andra som delar föreningens värderingar.",
    "Medlemskap i Hyresgästföreningen är öppet för alla som står bakom föreningens ändamål.",
    "Medlemskap erhålls genom att betala medlemsavgift.",
    "Var och en som betalar medlemsavgift är medlem i föreningen.",
    "Medlemskap kan sökas av var och en.",
    "Alla som stöder föreningens syfte har rätt till medlemskap. Styrelsen kan vägra medlemskap.",
    "Medlemskap i föreningen kan ansökas av enskild person och juridisk person som vill främja "
    "föreningens verksamhet och syfte.",
    "Alla som stöder föreningens syfte har rätt till medlemskap. Den som vill bli medlem ansöker "
    "skriftligen. Ansökan prövas av styrelsen.",
]

CONDITIONAL = [
    "Medlem kan den bli som stöder föreningens syfte. Ansökan om medlemskap prövas av styrelsen.",
    "Styrelsen beslutar om antagande av nya medlemmar.",
    "Medlemskap beviljas av styrelsen efter skriftlig ansökan.",
    "Den som vill bli medlem ska ansöka skriftligt hos styrelsen som beslutar om inträde.",
    "Föreningen är öppen för alla fysiska personer. Styrelsen ska godkänna alla medlemskap.",
    "Ny medlem ska rekommenderas av två medlemmar.",
    "För att bli medlem krävs att man har avlagt föreningens grundkurs.",
    "Medlem kan den bli som har anknytning till bygden.",
    "Medlem kan den bli som stöder föreningens syfte och godkänns av styrelsen.",
    "Medlemskap är villkorat av styrelsens godkännande.",
    "Inval av nya medlemmar sker på föreningsmöte.",
    "Styrelsen kan vägra medlemskap.",
    "Medlem kan den bli som har fyllt 18 år och stöder föreningens syfte.",
    "Medlemskap kan beviljas den som varit provmedlem i minst sex månader.",
    "Medlem kan den bli som av två medlemmar föreslås och av styrelsen godkänns.",
    "Medlem kan den bli som har intresse för eller anknytning till medicinsk statistik. "
    "Ansökan om medlemskap ska godkännas av föreningens styrelse.",
    "Alla som stöder föreningens syfte kan bli medlemmar. Nya medlemmar väljs in av årsmötet.",
    "Medlem är den som har lämnat in en av föreningen godkänd medlemsansökan.",
    "Medlemskap i föreningen kan ansökas av enskild person som vill främja föreningens syfte. "
    "Medlem är den som ansöker och beviljas medlemskap till föreningen.",
    "Nya medlemmar:\n- skall rekommenderas av minst en medlem.\n- skall godkännas av enkel "
    "majoritet vid föreningsstämma.",
    "För antagande av medlem krävs 2/3 dels majoritet i styrelsen.",
    "Medlem antages i föreningen av styrelsen efter anmälan.",
    # The board's examination in the sentence after the one about applying.
    "Den som vill bli medlem ansöker skriftligen. Ansökan prövas av styrelsen.",
    "Den som vill bli medlem ansöker skriftligen hos styrelsen. Styrelsen prövar ansökan.",
    "Den som önskar bli medlem lämnar en medlemsansökan. Den behandlas på nästa styrelsemöte.",
]

CLOSED = [
    "Medlem i nationen kan den bli som är student vid Uppsala universitet.",
    "Medlem i kåren är den som är registrerad student vid Malmö universitet och har betalat "
    "kåravgift.",
    "Medlemskap kan beviljas personer med somaliskt ursprung.",
    "Medlemskap kan beviljas personer med X-ursprung som delar föreningens syfte.",
    "Medlem i jouren kan kvinnor bli som delar jourens värderingar.",
    "Föreningen är en sammanslutning av kvinnor som vill stärka varandra.",
    "Föreningen är öppen för kvinnor över 18 år.",
    "Medlem kan den bli som bekänner sig till den kristna tron och är döpt.",
    "Medlem i församlingen är den som bekänner sig till islam och stöder församlingens syfte.",
    "Medlemskap är förbehållet svenska medborgare.",
    "Medlem kan den bli som är född i Eritrea.",
    "Medlemskap i föreningen kan beviljas pensionärer samt deras make, maka eller sambo.",
    "Medlem kan den bli som fyllt 55 år.",
    "Medlem i föreningen kan den bli som uppbär pension.",
    "Föreningen är öppen för barn och ungdomar mellan 7 och 25 år.",
    "Medlem kan den bli som är fastighetsägare eller bosatt inom byalagets område.",
    "Medlem i föreningen kan den bli som hyr bostad i området.",
    "Medlem kan endast den bli som är anställd vid Exempelbolaget AB.",
    "Medlemmar i föreningen är de som har avlagt examen vid Kungliga Tekniska högskolan.",
    "Medlem i föreningen kan förälder eller vårdnadshavare till barn i skolan bli.",
    "Föreningen är öppen för alla fysiska personer som delar föreningens intressen och "
    "studerar eller har studerat på KTH, bor i Sverige eller innehar svenskt medborgarskap "
    "alternativt rekommenderas av en annan medlem.",
    "Medlem är den som ansluter sig till föreningens syfte, erlägger medlemsavgift samt "
    "tidigare har varit medlem eller arbetar i spexets organisation.",
    # Restriction wins over an open clause.
    "Föreningen är öppen för alla. Medlemskap förutsätter att man är kvinna.",
    "Alla som stöder föreningens syfte kan bli medlemmar. Medlemmar ska vara studerande vid "
    "Lunds universitet.",
    "Medlem kan den bli som är homosexuell eller bisexuell.",
    "Medlemskap kan beviljas endast män som fyllt 25 år.",
    "Medlem kan den bli som är transperson.",
    "Medlem kan den bli som har sitt ursprung i Assyrien och stöder föreningens ändamål.",
    "Medlem kan den bli som är folkbokförd i kommunen.",
    "Föreningen är öppen för alla oavsett religion, som är bosatta i kommunen.",
    "Föreningen består av studenter vid Chalmers tekniska högskola.",
    "Till medlem antas vårdnadshavare till barn som tilldelats plats i föreningens förskola.",
    "Föreningen skall innehålla endast studenter som studerar vid Mälardalens högskola.",
    "Medlem i kåren är student som är registrerad vid Malmö universitet.",
    "Föreningen är öppen för alla somalier som bor i Göteborg.",
    "Medlemskap kan beviljas den som erhåller bostadsrätt i föreningens hus.",
]

UNCLEAR = [
    "",
    "Föreningen består av de fysiska personer som har upptagits i föreningen som medlemmar.",
    "Medlem som inte har betalat medlemsavgift anses ha begärt utträde.",
    "Föreningen vänder sig till kvinnor och barn som utsatts för våld.",
    "Hedersmedlem kan inväljas av årsmötet.",
    "Den som är under 18 år behöver vårdnadshavares godkännande för att bli medlem.",
    "Medlem som vill utträda ska anmäla detta skriftligen. Anmälan behandlas av styrelsen.",
]


@pytest.mark.parametrize("clause", OPEN)
def test_open_membership_open(clause: str) -> None:
    assert value(statutes(clause), "open_membership") == "open"


@pytest.mark.parametrize("clause", CONDITIONAL)
def test_open_membership_conditional(clause: str) -> None:
    assert value(statutes(clause), "open_membership") == "conditional"


@pytest.mark.parametrize("clause", CLOSED)
def test_open_membership_closed(clause: str) -> None:
    assert value(statutes(clause), "open_membership") == "closed"


@pytest.mark.parametrize("clause", UNCLEAR)
def test_open_membership_unclear(clause: str) -> None:
    assert value(statutes(clause), "open_membership") == "unclear"


# --- discriminatory_membership_condition ---------------------------------------------------

DISCRIMINATORY = [
    ("Medlemskap kan beviljas personer med somaliskt ursprung.", "DC_ORIGIN"),
    ("Medlemskap kan beviljas personer med X-ursprung.", "DC_ORIGIN"),
    ("Medlem i jouren kan kvinnor bli som delar jourens värderingar.", "DC_SEX"),
    ("Föreningen är en sammanslutning av kvinnor som vill stärka varandra.", "DC_SEX"),
    ("Medlem kan den bli som bekänner sig till den kristna tron.", "DC_RELIGION"),
    ("Medlem i församlingen är den som bekänner sig till islam.", "DC_RELIGION"),
    ("Medlemskap är förbehållet svenska medborgare.", "DC_CITIZENSHIP"),
    ("Medlem kan den bli som är svensk medborgare eller bosatt i Sverige.", "DC_CITIZENSHIP"),
    ("Medlem kan den bli som är född i Eritrea.", "DC_ORIGIN"),
    ("Medlem kan den bli som är homosexuell eller bisexuell.", "DC_ORIENTATION"),
    ("Medlemskap kan beviljas endast män som fyllt 25 år.", "DC_SEX"),
    ("Föreningen är öppen för alla. Medlemskap förutsätter att man är kvinna.", "DC_SEX"),
    ("Medlem kan den bli som har sitt ursprung i Assyrien.", "DC_ORIGIN"),
    ("Medlem kan den bli som är transperson.", "DC_GENDER_IDENTITY"),
    ("Till medlem kan antas flickor i åldern 10-18 år.", "DC_SEX"),
    ("Medlem kan den bli som har finska som modersmål.", "DC_ORIGIN"),
    ("Medlem kan den bli som är döpt och medlem i Svenska kyrkan.", "DC_RELIGION"),
    ("Medlemskap kan erhållas av personer av kurdisk härkomst.", "DC_ORIGIN"),
    ("Föreningen är öppen för alla somalier som bor i Göteborg.", "DC_ORIGIN"),
    ("Medlem kan den bli som är finsktalande.", "DC_ORIGIN"),
]

NOT_DISCRIMINATORY = [
    "Medlem kan var och en bli som stöder föreningens syfte.",
    "Medlemskap i föreningen är öppet för alla oavsett kön, ålder, etnisk tillhörighet, "
    "religion eller sexuell läggning.",
    "Medlem kan den bli, kvinna som man, som stöder föreningens syfte.",
    "Föreningen är öppen för både kvinnor och män.",
    "Medlem kan den bli som är intresserad av kvinnors hälsa.",
    "Medlem kan den bli som vill stödja kvinnor som utsatts för våld.",
    "Alla, oavsett religion, kan bli medlemmar.",
    "Medlemskap är öppet för alla oavsett kön, könsidentitet eller könsuttryck, etnisk "
    "tillhörighet, religion eller annan trosuppfattning, funktionsnedsättning, sexuell läggning "
    "eller ålder.",
    "Medlem kan den bli som delar föreningens syn på religionsfrihet.",
    "Föreningen är religiöst och politiskt obunden och öppen för alla.",
    "Medlem kan den bli som är intresserad av samisk kultur.",
    "Medlem i Föreningen Kvinnor för Fred kan den bli som stöder föreningens syfte.",
    "Ingen får nekas medlemskap på grund av kön, etnisk tillhörighet eller religion.",
    "Medlem kan den bli som är student vid Lunds universitet.",
    "Medlemskap kan beviljas pensionärer.",
    "Om man vill bli medlem ska man betala medlemsavgiften.",
    "Medlem kan man bli genom att betala avgiften.",
    "Styrelsen ska bestå av kvinnor och män. Medlem kan var och en bli som stöder syftet.",
]


@pytest.mark.parametrize(("clause", "rule_id"), DISCRIMINATORY)
def test_discriminatory_yes(clause: str, rule_id: str) -> None:
    text = statutes(clause)
    assert value(text, "discriminatory_membership_condition") == "yes"
    finding = read_statutes(text).findings["discriminatory_membership_condition"]
    assert (finding.rule, finding.grounds) == (rule_id, (rule_id,))


# One condition on several protected grounds: every ground is named, in the order found (the
# first is the finding's rule), joined by "och", "som", a comma or an adjective.
SEX_RELIGION = ("DC_SEX", "DC_RELIGION")
SEVERAL_GROUNDS = [
    ("Medlemskap beviljas endast män som bekänner sig till föreningens tro.", SEX_RELIGION),
    ("Endast män som bekänner sig till föreningens tro kan bli medlemmar.", SEX_RELIGION),
    ("Som medlem antas endast män som bekänner sig till föreningens tro.", SEX_RELIGION),
    ("Medlem kan endast män bli som bekänner sig till föreningens tro.", SEX_RELIGION),
    ("Medlem kan den bli som är kvinna och bekänner sig till islam.", SEX_RELIGION),
    ("Medlem kan den bli som är svensk medborgare och kristen.", ("DC_CITIZENSHIP", "DC_RELIGION")),
    ("Medlemskap är förbehållet kvinnor av kurdisk härkomst.", ("DC_SEX", "DC_ORIGIN")),
    ("Medlemskap är förbehållet muslimska kvinnor.", SEX_RELIGION),
    ("Medlem kan en kristen man bli som stöder föreningens ändamål.", SEX_RELIGION),
    ("Medlem kan den bli som är man, kristen och av svensk härkomst.",
     ("DC_SEX", "DC_ORIGIN", "DC_RELIGION")),
    ("Medlemskap ges endast kvinnor som sedan minst fem år bekänner sig till kristen tro.",
     SEX_RELIGION),
    ("Medlem kan den bli som är kvinna. Medlem ska vara kristen.", SEX_RELIGION),
]  # fmt: skip


@pytest.mark.parametrize(("clause", "grounds"), SEVERAL_GROUNDS)
def test_every_protected_ground_of_a_condition_is_named(
    clause: str, grounds: tuple[str, ...]
) -> None:
    """ "endast män som bekänner sig till föreningens tro" was flagged for sex only."""
    for text in (statutes(clause), statutes(clause).translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))):
        reading = read_statutes(text)
        finding = reading.findings["discriminatory_membership_condition"]
        assert (finding.value, finding.rule, finding.grounds) == ("yes", grounds[0], grounds)
        assert finding.evidence and all(text[e.start : e.end] == e.quote for e in finding.evidence)
        assert reading.value("open_membership") == "closed"


def test_each_ground_in_its_own_sentence_is_quoted_first_passage_each() -> None:
    """Up to three quotes: each ground's first passage comes before a ground's second."""
    text = statutes(
        "Medlem kan den bli som är kvinna. Medlem ska vara kvinna och ha fyllt 18 år. "
        "Medlem ska bekänna sig till den kristna tron."
    )
    finding = read_statutes(text).findings["discriminatory_membership_condition"]
    assert finding.grounds == ("DC_SEX", "DC_RELIGION")
    assert [item.quote for item in finding.evidence] == [
        "Medlem kan den bli som är kvinna.",
        "Medlem ska bekänna sig till den kristna tron.",
        "Medlem ska vara kvinna och ha fyllt 18 år.",
    ]


def test_men_without_diacritics() -> None:
    text = statutes("Medlemskap kan beviljas endast män som fyllt 25 år.")
    stripped = text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    assert value(stripped, "discriminatory_membership_condition") == "yes"
    pronoun = statutes("Om man vill bli medlem ska man betala medlemsavgiften.")
    stripped = pronoun.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    assert value(stripped, "discriminatory_membership_condition") == "no"


@pytest.mark.parametrize("clause", NOT_DISCRIMINATORY)
def test_discriminatory_no(clause: str) -> None:
    assert value(statutes(clause), "discriminatory_membership_condition") == "no"


def test_discriminatory_is_closed_too() -> None:
    for clause, _rule in DISCRIMINATORY:
        assert value(statutes(clause), "open_membership") == "closed", clause


OPEN_CLAUSE = "Medlem kan var och en bli som stöder föreningens syfte. "
# A limit to a protected group in ordinary words ("endast", "förbehållet" + group), after an
# open clause: never open (issue 6), and a flag (MC_ONLY_GROUP, MC_REQUIREMENT, ...).
GROUP_LIMITS = [
    ("Medlemskap i föreningen är förbehållet kvinnor.", "DC_SEX"),
    ("Som medlem kan endast svenska medborgare antas.", "DC_CITIZENSHIP"),
    ("Medlemmar kan endast vara personer av svensk härkomst.", "DC_ORIGIN"),
    ("Endast kvinnor antas som medlemmar.", "DC_SEX"),
    ("Föreningen antar endast kvinnor som medlemmar.", "DC_SEX"),
    ("Endast kvinnor kan bli medlemmar.", "DC_SEX"),
    ("Medlemskapet är förbehållet muslimer.", "DC_RELIGION"),
    ("Bara personer med svenskt medborgarskap kan bli medlemmar.", "DC_CITIZENSHIP"),
    ("Medlemskap beviljas endast kvinnor.", "DC_SEX"),
    ("Föreningen är öppen endast för kvinnor.", "DC_SEX"),
]
# "endast" that limits something else than who is admitted.
ONLY_NOT_A_LIMIT = [
    "Endast medlemmar som bor i kommunen kan väljas till styrelsen.",
    "Medlemskap är inte förbehållet kvinnor.",
    "Endast medlemmar som är kvinnor har rösträtt i kvinnonätverkets val.",
    "Medlemmar kan endast vara fysiska personer.",
]


# A cancelling word of an earlier clause ("stöder", "inte", "intresserad") does not reach past a
# semicolon or a comma with a conjunction to the group term of the next (rules version 4).
LIMITS_AFTER_A_CANCELLING_CLAUSE = [
    ("Medlem kan den bli som stöder ändamålet, och endast kvinnor kan bli medlemmar.", "DC_SEX"),
    ("Medlem kan den bli som stöder ändamålet; endast kvinnor kan bli medlemmar.", "DC_SEX"),
    ("Föreningen stöder ändamålet, och medlemskap är förbehållet kvinnor.", "DC_SEX"),
    ("Medlem kan den bli som är intresserad, samt är svensk medborgare.", "DC_CITIZENSHIP"),
    ("Föreningen är inte stor, men medlemskap beviljas endast muslimer.", "DC_RELIGION"),
]
CANCELLED_IN_ITS_OWN_CLAUSE = [
    "Medlem kan den bli som vill stödja kvinnor och män som utsatts för våld.",
    "Medlem kan den bli som stöder föreningens syfte och inte diskriminerar kvinnor, män eller "
    "homosexuella.",
    "Medlem kan den bli som stöder, eller vill stödja, kvinnor som utsatts för våld.",
    "Föreningen stöder ändamålet, och medlem kan den bli, kvinna som man, som delar syftet.",
]


@pytest.mark.parametrize(("clause", "rule_id"), LIMITS_AFTER_A_CANCELLING_CLAUSE)
def test_a_cancelling_word_stays_in_its_clause(clause: str, rule_id: str) -> None:
    for text in (statutes(clause), statutes(clause).translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))):
        reading = read_statutes(text)
        finding = reading.findings["discriminatory_membership_condition"]
        assert (finding.value, finding.rule, finding.grounds) == ("yes", rule_id, (rule_id,))
        assert reading.value("open_membership") == "closed"


@pytest.mark.parametrize("clause", CANCELLED_IN_ITS_OWN_CLAUSE)
def test_a_cancelling_word_still_cancels_in_its_own_clause(clause: str) -> None:
    for text in (statutes(clause), statutes(clause).translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))):
        assert value(text, "discriminatory_membership_condition") == "no"
        assert value(text, "open_membership") != "closed"


@pytest.mark.parametrize(("limit", "rule_id"), GROUP_LIMITS)
def test_a_group_limit_after_an_open_clause_is_closed(limit: str, rule_id: str) -> None:
    text = statutes(OPEN_CLAUSE + limit)
    assert value(text, "open_membership") == "closed"
    finding = read_statutes(text).findings["discriminatory_membership_condition"]
    assert (finding.value, finding.rule) == ("yes", rule_id)
    folded = text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    assert value(folded, "open_membership") == "closed"


@pytest.mark.parametrize("clause", ONLY_NOT_A_LIMIT)
def test_only_about_something_else_is_no_limit(clause: str) -> None:
    text = statutes(OPEN_CLAUSE + clause)
    assert value(text, "open_membership") == "open"
    assert value(text, "discriminatory_membership_condition") == "no"


# --- non_discrimination_clause ---------------------------------------------------------------

EXPLICIT = [
    "Ingen får nekas medlemskap på grund av kön, etnisk tillhörighet, religion eller annan "
    "trosuppfattning, funktionsnedsättning, sexuell läggning eller ålder.",
    "Föreningen gör ingen skillnad på medlemmar utifrån kön, ursprung eller religion.",
    "Medlemskap beviljas oavsett kön, hudfärg, religion eller politisk uppfattning.",
    "Föreningen tar avstånd från all diskriminering på grund av kön, etnicitet, religion, "
    "sexuell läggning eller funktionsnedsättning.",
    "Ingen medlem ska behandlas sämre på grund av sin sexuella läggning.",
    "Föreningen ska verka för att ingen diskrimineras på grund av kön eller etnisk tillhörighet.",
    "Alla medlemmar har lika rättigheter oavsett kön, ålder eller bakgrund.",
    "Föreningen accepterar inte diskriminering utifrån etnicitet, kön eller religion.",
    "Föreningens verksamhet ska bedrivas utan åtskillnad på grund av kön eller etnisk "
    "tillhörighet.",
    "Föreningen får inte utestänga någon från medlemskap på grund av kön, religion, etnisk "
    "tillhörighet, funktionsnedsättning eller sexuell läggning.",
    "Medlem som diskriminerar annan medlem på grund av dennes religion kan uteslutas.",
    "Ingen ska diskrimineras på grund av någon av diskrimineringsgrunderna.",
    "Föreningen är öppen för alla, oberoende av kön, etnisk tillhörighet och sexuell läggning.",
]
GENERAL = [
    "Föreningen ska motverka all form av diskriminering.",
    "Föreningen står upp för alla människors lika värde.",
    "Föreningen tar avstånd från rasism och främlingsfientlighet.",
    "Föreningen välkomnar alla, oavsett bakgrund.",
    "Föreningen följer diskrimineringslagen.",
    "Föreningen arbetar aktivt mot kränkande särbehandling och diskriminering.",
    "Föreningen ska vara fri från diskriminering.",
    "Föreningen verkar för ett samhälle fritt från diskriminering.",
]
ABSENT = [
    "Föreningen är religiöst och partipolitiskt obunden.",
    "Styrelsen ska bestå av både kvinnor och män.",
    "Föreningen ska verka för jämställdhet.",
    "Medlem kan var och en bli som stöder föreningens syfte.",
    "Föreningen är öppen för alla.",
]


@pytest.mark.parametrize("clause", EXPLICIT)
def test_non_discrimination_explicit(clause: str) -> None:
    assert value(statutes(purpose=clause), "non_discrimination_clause") == "explicit"


@pytest.mark.parametrize("clause", GENERAL)
def test_non_discrimination_general(clause: str) -> None:
    assert value(statutes(purpose=clause), "non_discrimination_clause") == "general"


@pytest.mark.parametrize("clause", ABSENT)
def test_non_discrimination_absent(clause: str) -> None:
    assert value(statutes(purpose=clause), "non_discrimination_clause") == "absent"


def test_explicit_non_exclusion_opens_membership() -> None:
    text = statutes(
        "Medlem i föreningen är den som har betalat medlemsavgift. Ingen får nekas medlemskap "
        "på grund av kön, etnisk tillhörighet eller religion."
    )
    assert value(text, "open_membership") == "open"


# --- members_meeting_supreme ---------------------------------------------------------------

SUPREME_YES = [
    "Årsmötet är föreningens högsta beslutande organ.",
    "Föreningens högsta beslutande organ är årsmötet.",
    "Högsta beslutande organ i föreningen är föreningsstämman.",
    "Det högsta beslutande organet är medlemsmötet.",
    "Föreningens angelägenheter handhas av årsmötet, som är föreningens högsta beslutande "
    "organ, och styrelsen.",
    "Kongressen är förbundets högsta beslutande organ.",
    "Medlemsmötet är föreningens högsta beslutande instans.",
    "Föreningens högsta myndighet är årsmötet.",
    "Årsmötet är föreningens högsta organ.",
    "Föreningsstämman utgör föreningens högsta beslutande organ.",
    "Medlemmarnas rätt att besluta i föreningens angelägenheter utövas på föreningsstämman.",
    "Föreningens högsta beslutande organ är årsmötet. Mellan årsmötena är styrelsen "
    "föreningens högsta beslutande organ.",
    "Arsmotet ar foreningens hogsta beslutande organ.",
    "Årsmötet, som är föreningens högsta beslutande organ, hålls före mars månads utgång.",
    "Årsmötet är föreningens högsta beslutande församling.",
    "Nationsmötet är nationens högsta beslutande organ.",
    "Kårfullmäktige är kårens högsta beslutande organ.",
    "Församlingsmötet är församlingens högsta beslutande organ.",
    "Stämman är föreningens högsta beslutande organ.",
    "Föreningsmöte är föreningens högsta beslutande instans.",
    "Styrelsen ansvarar för att årsmötet, som är föreningens högsta beslutande organ, kallas i "
    "tid.",
    "Årsmötet, vars ordförande väljs vid mötet, är föreningens högsta beslutande organ.",
    "Beslutanderätten i föreningen utövas av dess medlemmar på föreningsmöten.",
    "Föreningens högsta beslutande organ är inte styrelsen utan årsmötet.",
    "Styrelsen är inte föreningens högsta beslutande organ, utan det är årsmötet.",
]
SUPREME_NO = [
    "Styrelsen är föreningens högsta beslutande organ.",
    "Föreningens högsta beslutande organ är styrelsen.",
    "Styrelsen är CYD-poolens högsta beslutande organ.",
    "Styrelsen utser själv sina ledamöter. Ordinarie årsmöte hålls i mars.",
    "Styrelsen är självkompletterande.",
    "Styrelsens ledamöter utses av huvudmannen.",
    "Äldsterådet är församlingens högsta beslutande organ.",
    "Årsmötet är föreningens högsta beslutande organ. Styrelsen utser själv nya ledamöter.",
    # Negation: the claim names the body in the meeting's place.
    "Årsmötet är inte föreningens högsta beslutande organ; det är styrelsen.",
    "Föreningens högsta beslutande organ är inte årsmötet utan styrelsen.",
]
SUPREME_UNCLEAR = [
    "Ordinarie årsmöte hålls före utgången av mars månad.",
    "Styrelsen väljs av årsmötet. Årsmötet hålls i mars.",
    "När årsmötet inte är samlat är styrelsen föreningens högsta beslutande organ.",
    "Mellan årsmötena är styrelsen föreningens högsta beslutande organ.",
    "Styrelsen utser inom sig ordförande. Ordinarie årsmöte hålls i mars.",
    "Vid vakans kan styrelsen själv utse ny ledamot intill nästa årsmöte.",
    "Föreningens beslutande organ är årsmötet, extra årsmöte och styrelsen.",
    "Årsmötet är inte föreningens högsta beslutande organ.",
]


@pytest.mark.parametrize("clause", SUPREME_YES)
def test_meeting_supreme_yes(clause: str) -> None:
    assert value(statutes(meeting=clause), "members_meeting_supreme") == "yes"


@pytest.mark.parametrize("clause", SUPREME_NO)
def test_meeting_supreme_no(clause: str) -> None:
    assert value(statutes(meeting=clause), "members_meeting_supreme") == "no"


@pytest.mark.parametrize("clause", SUPREME_UNCLEAR)
def test_meeting_supreme_unclear(clause: str) -> None:
    assert value(statutes(meeting=clause), "members_meeting_supreme") == "unclear"


# --- one_member_one_vote ---------------------------------------------------------------------

VOTE_YES = [
    "Varje medlem har en röst.",
    "Varje röstberättigad medlem har en (1) röst.",
    "Vid omröstning har varje närvarande medlem en röst.",
    "Rösträtten är personlig och varje medlem har en röst.",
    "En medlem – en röst.",
    "Varje medlem äger en röst på årsmötet.",
    "Samtliga medlemmar har lika rösträtt.",
    "Varje medlem har endast en röst.",
    "Varje medlem har en rost.",
    "Varje person med rösträtt har en röst.",
    "Vid årsmötet har varje medlem som betalat avgiften en röst.",
    "Varje medlem har rösträtt med en röst vid föreningens möten.",
    "På föreningsmöten inklusive årsmöten har alla medlemmarna varsin röst.",
    "Beslut på stämman är giltiga genom enkel majoritet, varje medlem har en röst. Medlem kan "
    "överlåta sin rösträtt vid enskild stämma genom skriftlig fullmakt.",
    "Vid årsmöte har varje medlem som har betalat årets medlemsavgift en röst.",
]
VOTE_NO = [
    "Stämman består av ombud valda av lokalavdelningarna.",
    "Kongressen utgörs av 100 ombud.",
    "Rösträtt på förbundsstämman har endast ombuden.",
    "Varje lokalförening har rätt att utse ett ombud per påbörjat 50-tal medlemmar.",
    "Medlemsföreningar har en röst per påbörjat hundratal medlemmar.",
    "Varje medlem har en röst för varje andel.",
    "Röstetalet för varje medlemsförening beräknas efter antalet medlemmar.",
    "Varje medlem har en röst. Stämman består av ombud från kretsarna.",
    "Rösträtt tillkommer ombud.",
    "Varje klubb får överlåta sina röster till annan klubb.",
    # Weighted: some members have more votes than others.
    "Varje medlem har en röst. Styrelsens ledamöter har dock två röster var.",
    "Varje medlem har en röst. Hedersmedlemmar har två röster.",
    # Delegated: one person casts the votes of many, or members vote through delegates.
    "Varje medlem har en röst. Röstning genom fullmakt är tillåten och varje medlem får "
    "företräda högst tio andra medlemmar.",
    "Varje medlem har en röst. Ingen får företräda fler än två andra medlemmar genom fullmakt.",
    "Medlemmarna röstar genom ombud som väljs av lokalavdelningarna.",
    "Medlemmarna representeras på stämman av ombud valda av distrikten.",
]
VOTE_UNCLEAR = [
    "Medlem som betalat avgiften har rösträtt.",
    "Vid förfall får medlem företrädas av ombud med fullmakt. Ombud får endast företräda en "
    "medlem.",
    "Rösträtten är personlig och får inte utövas genom ombud.",
    "Medlem har rösträtt. Val av ombud till distriktsstämman sker på årsmötet.",
    "Vid lika röstetal har ordföranden utslagsröst.",
    "Alla medlemmar har närvaro-, yttrande-, förslags- och rösträtt.",
    "På styrelsemöten har varje ledamot en röst.",
    "Rösträtt med en röst tillkommer varje styrelseledamot.",
    "Rösträtt på årsmötet har fysiskt närvarande medlemmar eller den som är ombud för sådan "
    "medlem.",
    "Vid styrelsemöten har ordföranden två röster.",
    "Ordföranden har två röster vid lika röstetal.",
    "Medlemmarna får företrädas av ombud med fullmakt.",
    "Medlem får genom fullmakt företräda högst en annan medlem.",
]


@pytest.mark.parametrize("clause", VOTE_YES)
def test_one_vote_yes(clause: str) -> None:
    assert value(statutes(vote=clause), "one_member_one_vote") == "yes"


@pytest.mark.parametrize("clause", VOTE_NO)
def test_one_vote_no(clause: str) -> None:
    assert value(statutes(vote=clause), "one_member_one_vote") == "no"


@pytest.mark.parametrize("clause", VOTE_UNCLEAR)
def test_one_vote_unclear(clause: str) -> None:
    assert value(statutes(vote=clause), "one_member_one_vote") == "unclear"


# --- whole model statutes --------------------------------------------------------------------

SVEROK_MODEL = """Stadgar för Spelföreningen Draken

§1 Föreningens namn
Föreningens namn är Spelföreningen Draken.

§2 Föreningens säte
Föreningen har sitt säte i Umeå.

§3 Föreningsform
Föreningen är en ideell förening. Föreningen är ansluten till Sverok.

§4 Syfte
Föreningens syfte är främst att främja rollspel och brädspel.

§5 Oberoende
Föreningen är religiöst och partipolitiskt obunden.

§6 Verksamhetsår
Verksamhetsåret är 1 januari till 31 december.

§7 Medlemmar
Som medlem antas intresserad som godkänner dessa stadgar och aktivt tar ställning för ett
medlemskap genom att årligen betala föreningens medlemsavgift eller, om medlemskapet är
gratis, årligen göra en skriftlig anmälan till föreningen.

§8 Styrelsen
Styrelsen ansvarar för föreningens medlemslista, bidragsansökningar, medlemsvärvning, beslut
som tas på årsmöten och övrig verksamhet. Styrelsen väljs på årsmöte.

§14 Rösträtt
Endast fullt betalande närvarande medlem har rösträtt på årsmöte.

§15 Röstetal
Alla frågor som behandlas på årsmöte avgörs med enkel röstövervikt. Varje person med
rösträtt har en röst.

§16 Stadgeändring
Dessa stadgar kan bara ändras på ordinarie eller extra årsmöte.
"""

IMMIGRANT_ASSOCIATION = """STADGAR FÖR SOMALISKA KULTURFÖRENINGEN I EXEMPELSTAD

§ 1 Föreningens namn är Somaliska kulturföreningen i Exempelstad.
§ 2 Föreningens ändamål är att bevara och sprida somalisk kultur samt att verka för
integration i det svenska samhället.
§ 3 Medlemskap kan beviljas personer med somaliskt ursprung som är bosatta i kommunen och
som delar föreningens ändamål. Ansökan om medlemskap prövas av styrelsen.
§ 4 Årsmötet är föreningens högsta beslutande organ och hålls före april månads utgång.
§ 5 Varje medlem har en röst. Rösträtten är personlig.
§ 6 Styrelsen består av fem ledamöter som väljs av årsmötet.
§ 7 För ändring av stadgarna krävs beslut av två på varandra följande årsmöten.
§ 8 Vid upplösning ska föreningens tillgångar gå till välgörande ändamål.
"""

WOMENS_SHELTER = """Stadgar för Kvinnojouren Exempelstad

1 § Kvinnojouren Exempelstad är en ideell, partipolitiskt och religiöst obunden förening.
2 § Föreningens ändamål är att stödja kvinnor och barn som utsatts för våld.
3 § Medlem i föreningen kan kvinnor bli som delar jourens värderingar och betalar
medlemsavgift. Stödmedlem kan alla bli som vill stödja jourens arbete.
4 § Årsmötet är jourens högsta beslutande organ.
5 § Vid årsmötet har varje medlem en röst.
6 § Styrelsen väljs av årsmötet och består av minst fem ledamöter.
7 § Ändring av dessa stadgar kräver beslut av två på varandra följande årsmöten.
"""

CONGREGATION = """Stadgar för Evangeliska församlingen i Exempelstad

§ 1 Församlingen är en ideell förening och ett kristet trossamfund.
§ 2 Församlingens ändamål är att samla människor till gudstjänst och gemenskap.
§ 3 Medlem i församlingen är den som bekänner sig till tron på Jesus Kristus, är döpt och
har upptagits i församlingen. Ansökan om medlemskap prövas av församlingsrådet.
§ 4 Äldsterådet är församlingens högsta beslutande organ och utser själv sina efterträdare.
§ 5 Rösträtt vid församlingsmöte har medlem som fyllt 16 år.
§ 6 För ändring av dessa stadgar krävs beslut av församlingsmötet.
"""

DELEGATE_FEDERATION = """Stadgar för Förbundet Exempel

§ 1 Förbundet är en ideell förening som organiserar lokalföreningar i hela landet.
§ 2 Förbundets syfte är att främja folkbildning. Förbundet ska motverka all form av
diskriminering och verka för alla människors lika värde.
§ 3 Medlem i förbundet kan var och en bli som stöder förbundets syfte. Medlemskapet
tecknas genom en lokalförening.
§ 4 Förbundsstämman är förbundets högsta beslutande organ. Stämman består av ombud valda
av lokalföreningarna. Varje lokalförening har rätt att utse ett ombud per påbörjat
hundratal medlemmar. Varje ombud har en röst.
§ 5 Mellan stämmorna är förbundsstyrelsen förbundets högsta beslutande organ.
§ 6 För ändring av dessa stadgar krävs beslut på två på varandra följande stämmor.
§ 7 Beslut om upplösning fattas av stämman.
"""


def test_sverok_model() -> None:
    reading = read_statutes(SVEROK_MODEL)
    assert [reading.value(q) for q in reading.findings] == [
        "open",
        "absent",
        "no",
        "unclear",
        "yes",
        "no",
    ]


def test_immigrant_association_with_origin_condition() -> None:
    reading = read_statutes(IMMIGRANT_ASSOCIATION)
    assert reading.value("open_membership") == "closed"
    assert reading.value("discriminatory_membership_condition") == "yes"
    assert reading.findings["discriminatory_membership_condition"].rule == "DC_ORIGIN"
    assert reading.value("members_meeting_supreme") == "yes"
    assert reading.value("one_member_one_vote") == "yes"


def test_womens_shelter() -> None:
    reading = read_statutes(WOMENS_SHELTER)
    assert reading.value("open_membership") == "closed"
    assert reading.value("discriminatory_membership_condition") == "yes"
    assert reading.value("members_meeting_supreme") == "yes"
    assert reading.value("one_member_one_vote") == "yes"


def test_congregation() -> None:
    reading = read_statutes(CONGREGATION)
    assert reading.value("open_membership") == "closed"
    assert reading.findings["discriminatory_membership_condition"].rule == "DC_RELIGION"
    assert reading.value("members_meeting_supreme") == "no"


def test_delegate_federation() -> None:
    reading = read_statutes(DELEGATE_FEDERATION)
    assert reading.value("open_membership") == "open"
    assert reading.value("non_discrimination_clause") == "general"
    assert reading.value("members_meeting_supreme") == "yes"
    assert reading.value("one_member_one_vote") == "no"


@pytest.mark.parametrize(
    "text",
    [SVEROK_MODEL, IMMIGRANT_ASSOCIATION, WOMENS_SHELTER, CONGREGATION, DELEGATE_FEDERATION],
)
def test_models_without_diacritics_read_the_same(text: str) -> None:
    stripped = text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    assert (
        read_statutes(stripped).to_dict()["findings"].keys()
        == read_statutes(text).to_dict()["findings"].keys()
    )
    original = read_statutes(text)
    folded = read_statutes(stripped)
    for question, finding in original.findings.items():
        assert folded.findings[question].value == finding.value, question


MODEL_STATUTES = {
    "bygdegard": """Stadgar för Exempelbygdens bygdegårdsförening

§ 1 Ändamål
Föreningen har till ändamål att främja bygdens kulturella och sociala liv genom att äga och
förvalta en bygdegård som är öppen för alla.
§ 2 Medlemskap
Medlemskap i föreningen kan beviljas enskild person som vill verka för föreningens ändamål.
Även förening eller organisation som vill verka för föreningens ändamål kan beviljas
medlemskap. Ansökan om medlemskap görs hos styrelsen, som beslutar om medlemskap.
§ 3 Föreningsstämma
Föreningens högsta beslutande organ är föreningsstämman. Vid föreningsstämma har varje medlem
en röst. Medlem som är förening eller organisation företräds av ett ombud.
§ 4 Styrelse
Styrelsen består av fem ledamöter som väljs av föreningsstämman.
§ 5 Stadgeändring
För ändring av dessa stadgar krävs beslut vid två på varandra följande stämmor.
""",
    "nation": """Stadgar för Exempel nation

1 § Nationen är en sammanslutning av studenter vid Uppsala universitet.
2 § Rätt att bli medlem har den som är student vid Uppsala universitet eller som tidigare har
varit det.
3 § Landskapet är nationens högsta beslutande organ. Vid landskap har varje närvarande medlem
en röst.
4 § Kuratelet verkställer landskapets beslut.
5 § Ändring av dessa stadgar beslutas av två på varandra följande landskap.
""",
    "pro": """Stadgar för PRO Exempelstad

§ 1 Föreningen är en lokal förening inom Pensionärernas riksorganisation, PRO.
§ 2 Medlemskap i föreningen kan beviljas pensionärer samt deras make, maka eller sambo.
§ 3 Föreningens högsta beslutande organ är årsmötet. Vid årsmötet har varje närvarande medlem
en röst. Rösträtt får inte utövas genom ombud.
§ 4 Styrelsen väljs av årsmötet. Styrelsen ansvarar för föreningens verksamhet mellan årsmötena.
§ 5 Ändring av dessa stadgar kräver beslut av årsmötet och godkännande av distriktet.
""",
    "hyresgast": """Stadgar för Hyresgästföreningen lokalförening Exempel

§ 1 Ändamål. Föreningen ska tillvarata hyresgästernas intressen och verka för alla människors
lika värde.
§ 2 Medlemskap. Medlemskap i Hyresgästföreningen är öppet för alla som står bakom föreningens
ändamål och stadgar. Ingen får nekas medlemskap på grund av kön, etnisk tillhörighet, religion,
funktionsnedsättning eller sexuell läggning.
§ 3 Medlemsmötet är lokalföreningens högsta beslutande organ. Varje medlem har en röst.
§ 4 Styrelsen väljs av årsmötet.
§ 5 Ändring av dessa stadgar beslutas av förbundsstämman.
""",
    "sverokung": """STADGAR FÖR FÖRENINGEN SPELBORGEN

§1 Föreningens namn är Spelborgen.
§2 Föreningen är ideell, religiöst och partipolitiskt obunden samt ansluten till Sverok.
§3 Föreningens syfte är att främja spelintresset bland barn och ungdomar.
§4 Medlemskap. Som medlem antas den som godkänner dessa stadgar och betalar medlemsavgift.
Medlem under 18 år ska ha målsmans godkännande.
§5 Årsmötet är föreningens högsta beslutande organ. Varje medlem har en röst.
§6 Styrelsen väljs av årsmötet.
§7 Stadgeändring kräver beslut av två årsmöten.
""",
    "islamisk": """Stadgar för Islamiska kulturföreningen i Exempelstad

§ 1 Föreningens ändamål är att tillgodose medlemmarnas religiösa och kulturella behov.
§ 2 Medlem i föreningen kan varje muslim bli som har fyllt 18 år och delar föreningens värderingar.
§ 3 Styrelsen utser själv sina ledamöter. Styrelsen är föreningens högsta beslutande organ.
§ 4 Vid medlemsmöte har varje medlem en röst.
§ 5 Ändring av dessa stadgar beslutas av styrelsen.
""",
}

MODEL_EXPECTED = {
    "bygdegard": ("conditional", "absent", "no", "yes", "yes", "no"),
    "nation": ("closed", "absent", "no", "yes", "yes", "no"),
    "pro": ("closed", "absent", "no", "yes", "yes", "no"),
    "hyresgast": ("open", "explicit", "no", "yes", "yes", "no"),
    "sverokung": ("open", "absent", "no", "yes", "yes", "no"),
    "islamisk": ("closed", "absent", "yes", "no", "yes", "no"),
}


@pytest.mark.parametrize("name", sorted(MODEL_EXPECTED))
def test_more_model_statutes(name: str) -> None:
    text = MODEL_STATUTES[name]
    reading = read_statutes(text)
    assert reading.document_kind == "statutes"
    assert tuple(reading.value(q) for q in reading.findings) == MODEL_EXPECTED[name]
    folded = read_statutes(text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO")))
    assert tuple(folded.value(q) for q in folded.findings) == MODEL_EXPECTED[name]


# --- the normaliser ----------------------------------------------------------------------


def test_normalise_folds_and_keeps_offsets() -> None:
    text = "**Medlemskap**\n\nÅrsmötet <b>är</b> föreningens &quot;högsta&quot; organ."
    doc = normalize(text)
    assert 'arsmotet ar foreningens "hogsta" organ.' in " ".join(doc.text.split())
    start = doc.text.index("arsmotet")
    orig_start, orig_end = doc.original_span(start, len(doc.text))
    assert text[orig_start:orig_end].startswith("Årsmötet <b>är</b>")
    assert text[orig_start:orig_end].endswith("organ.")


def test_wrapped_lines_form_one_sentence() -> None:
    text = (
        "Föreningen är öppen för alla fysiska personer som delar föreningens intressen\n"
        "och bor i Sverige.\nNästa mening."
    )
    doc = normalize(text)
    assert len(doc.sentences) == 2


def test_hyphenated_line_break_is_joined() -> None:
    doc = normalize("Varje med-\nlem har en röst.")
    assert "varje medlem har en rost." in doc.text


# --- engine invariants -------------------------------------------------------------------

ALL_CLAUSES = [
    *OPEN,
    *CONDITIONAL,
    *CLOSED,
    *UNCLEAR,
    *(clause for clause, _rule in DISCRIMINATORY),
    *NOT_DISCRIMINATORY,
    *EXPLICIT,
    *GENERAL,
    *ABSENT,
    *SUPREME_YES,
    *SUPREME_NO,
    *SUPREME_UNCLEAR,
    *VOTE_YES,
    *VOTE_NO,
    *VOTE_UNCLEAR,
    *(OPEN_CLAUSE + clause for clause, _rule in GROUP_LIMITS),
    *(OPEN_CLAUSE + clause for clause in ONLY_NOT_A_LIMIT),
]


def gated_rules() -> list[Rule]:
    rules: list[Rule] = [
        *membership.CONDITION_RULES,
        *procedures.APPROVAL_RULES,
        *procedures.RIGHT_RULES,
        *procedures.OPEN_RULES,
        *nondiscrimination.EXPLICIT_RULES,
        *nondiscrimination.GENERAL_RULES,
        *governance.VOTE_NO_RULES,
    ]
    return [item for item in rules if item.gate is not None]


def test_gates_are_necessary_conditions() -> None:
    """A gate only saves time: wherever a pattern matches, its gate matches too."""
    corpus = Path(__file__).resolve().parent.parent / "data" / "statutes"
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    texts += [statutes(clause) for clause in ALL_CLAUSES]
    rules = gated_rules()
    assert len(rules) > 20
    for text in texts:
        doc = normalize(text)
        for start, end in doc.sentences:
            for item in rules:
                if item.pattern.search(doc.text, start, end):
                    assert item.gate is not None
                    assert item.gate.search(doc.text, start, end), (item.id, doc.text[start:end])


def test_every_rule_id_is_documented() -> None:
    package = Path(membership.__file__).resolve().parent
    documented = (package / "RULES.md").read_text(encoding="utf-8")
    ids = set()
    for source in package.glob("*.py"):
        ids.update(re.findall(r'"((?:OM|DC|DE|ND|MS|OV|MC|KIND)_[A-Z_]+)"', source.read_text()))
    assert len(ids) > 60
    missing = sorted(rule_id for rule_id in ids if f"`{rule_id}`" not in documented)
    assert not missing


def test_membership_of_another_organisation_is_a_named_condition() -> None:
    """FMS: "Föreningens medlemmar ska också vara medlemmar i Svenska statistikfrämjandet"."""
    clause = (
        "Medlem kan var och en bli som stöder föreningens ändamål. Föreningens medlemmar ska "
        "också vara medlemmar i Svenska statistikfrämjandet."
    )
    finding = read_statutes(statutes(clause)).findings["open_membership"]
    assert finding.value == "conditional" and finding.conditions == ("OM_OTHER_MEMBERSHIP",)
    assert "Svenska statistikfrämjandet" in finding.evidence[0].quote


def test_a_closed_membership_names_and_quotes_its_other_conditions() -> None:
    clause = (
        "Medlem kan den bli som studerar vid KTH. Ansökan om medlemskap ska godkännas av styrelsen."
    )
    finding = read_statutes(statutes(clause)).findings["open_membership"]
    assert finding.value == "closed"
    assert finding.conditions == ("OM_GROUP_STUDY", "OM_BOARD_APPROVAL")
    assert [e.quote for e in finding.evidence][1] == (
        "Ansökan om medlemskap ska godkännas av styrelsen."
    )


def test_other_findings_name_no_conditions() -> None:
    reading = read_statutes(statutes("Medlem kan var och en bli som stöder ändamålet."))
    assert reading.findings["open_membership"].conditions == ()
    assert all(not f.conditions for f in reading.findings.values())
