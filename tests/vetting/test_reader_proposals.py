"""Reader findings become proposals; accepting or overriding records whether the officer
followed the reader, with the quoted evidence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation

from associations.models import Association, StatutesVersion
from associations.reader import RULES_VERSION
from associations.services import statutes_add
from associations.tasks import read_statutes_version
from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.associations.test_reader_synthetic import statutes
from tests.world import STATUTES, World, assess, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Assessment, Kind, State
from vetting.reader_proposals import reader_proposals
from vetting.selectors import checklist


def with_statutes(world: World, filename: str, kind: str = Kind.FORENINGSBIDRAG):  # type: ignore[no-untyped-def]
    return with_text(world, (STATUTES / filename).read_text(encoding="utf-8"), kind)


def with_text(world: World, text: str, kind: str = Kind.FORENINGSBIDRAG):  # type: ignore[no-untyped-def]
    version = statutes_add(
        association=world.spex, actor=world.handler, adopted_on=date(2026, 1, 1), text=text
    )
    read_statutes_version(version.pk)
    app = drive(world, world.submit(kind, association=world.spex), State.IN_REVIEW)
    return app, version


def test_membership_closed_on_a_protected_ground_is_doubt_never_a_proposed_fail(
    world: World,
) -> None:
    """Royal Roppers: KTH link, residence in Sweden or Swedish citizenship. Issue 6: a
    discriminatory membership condition "is a flag for the officer, never a rejection", so
    neither criterion is proposed as failed; both carry the flag and the quote."""
    app, version = with_statutes(world, "royalroppers_stadgar.txt")
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    for code in ("OPEN_MEMBERSHIP", "NON_DISCRIMINATION"):
        proposal = proposals[code]
        assert proposal.outcome == "doubt", code
        assert "DC_CITIZENSHIP" in proposal.rules
        assert "medborgarskap" in proposal.record_note
        # The shelter example fits membership limited by sex, not by citizenship.
        assert "kvinnojour" not in proposal.record_note
        quote = proposal.first_quote
        assert quote is not None and "medborgarskap" in quote["quote"]
        assert version.text[quote["start"] : quote["end"]] == quote["quote"]
    assert proposals["DEMOCRATIC_STRUCTURE"].outcome == "pass"


def test_membership_closed_and_on_a_protected_ground_names_both_and_quotes_both(
    world: World,
) -> None:
    """Royal Roppers' membership is closed (KTH, residence, citizenship or a member's
    recommendation) and needs an approved application: the note names the closed group, its
    other conditions and the ground, and quotes the group and the approval; still a doubt."""
    app, version = with_statutes(world, "royalroppers_stadgar.txt")
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["OPEN_MEMBERSHIP"]
    assert proposal.outcome == "doubt"
    note = proposal.record_note
    assert "begränsat till en viss grupp" in note and "Medlemskapet beror på medborgarskap" in note
    for condition in ("studier", "bostadsort", "en ansökan som ska godkännas", "rekommendation"):
        assert condition in note, condition
    quotes = [q["quote"] for q in proposal.quotes]
    assert any("innehar svenskt" in q and "KTH" in q for q in quotes)
    approval = "Medlem är den som har lämnat in en av föreningen godkänd medlemsansökan."
    assert approval in quotes
    for quote in proposal.quotes:
        assert version.text[quote["start"] : quote["end"]] == quote["quote"]
    with translation.override("en"):
        english = str(proposal.note)
    assert "restricted to a particular group" in english and "an application" in english


def test_a_conditional_membership_names_its_conditions_fms(world: World) -> None:
    """FMS: membership needs the board's approval and membership of Svenska
    statistikfrämjandet; the note names both and the quotes show them."""
    app, _version = with_statutes(world, "fms_medicinsk_statistik_stadgar_v6.txt")
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["OPEN_MEMBERSHIP"]
    assert proposal.outcome == "doubt"
    note = proposal.record_note
    assert "en ansökan som ska godkännas" in note
    assert "medlemskap i en annan organisation" in note
    assert any("Svenska statistikfrämjandet" in q["quote"] for q in proposal.quotes)


def test_a_reading_by_rules_before_conditions_were_named_keeps_its_note(world: World) -> None:
    app, version = with_statutes(world, "fms_medicinsk_statistik_stadgar_v6.txt")
    version.refresh_from_db()
    findings = dict(version.reader_findings)
    findings["open_membership"] = {**findings["open_membership"]}
    del findings["open_membership"]["conditions"]  # as readings by rules version 4
    StatutesVersion.objects.filter(pk=version.pk).update(reader_findings=findings)
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["OPEN_MEMBERSHIP"]
    assert proposal.record_note == (
        "Stadgeläsaren: medlemskapet är villkorat (godkännande, rekommendation eller särskilda "
        "krav)."
    )


def test_a_womens_shelter_gets_a_flag_not_a_proposed_fail(world: World) -> None:
    app, _ = with_text(
        world, statutes("Medlem i jouren kan kvinnor bli som delar jourens värderingar.")
    )
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    assert proposals["OPEN_MEMBERSHIP"].outcome == "doubt"
    assert proposals["NON_DISCRIMINATION"].outcome == "doubt"
    assert "kön" in proposals["OPEN_MEMBERSHIP"].record_note
    assert "kvinnojour" in proposals["OPEN_MEMBERSHIP"].record_note


@pytest.mark.parametrize(
    "clause",
    [
        "Föreningen är öppen för alla, men endast kvinnor kan väljas till styrelsen.",
        "Alla som delar föreningens värderingar kan bli medlemmar, men styrelsen ska bestå av män.",
        "Medlemskap är öppet för alla; till ordförande kan endast väljas en kvinna.",
    ],
)
def test_open_membership_with_the_board_limited_to_one_sex_is_open_and_a_doubt(
    world: World, clause: str
) -> None:
    """Issue 6: this was read as closed membership (a false flag). Membership is open; who may
    sit on the board rests on sex, which the officer judges (doubt with the quote, no fail)."""
    app, version = with_text(world, statutes(clause))
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    assert proposals["OPEN_MEMBERSHIP"].outcome == "pass"
    flag = proposals["NON_DISCRIMINATION"]
    assert flag.outcome == "doubt" and flag.rules[0] == "DE_SEX"
    assert "kön" in flag.record_note and "styrelsen" in flag.record_note
    quote = flag.first_quote
    assert quote is not None and quote["quote"] == clause
    assert version.text[quote["start"] : quote["end"]] == clause
    assert all(p.outcome != "fail" for p in proposals.values())


MEMBERSHIP_CONDITION = "Medlem i föreningen kan endast svenska medborgare bli."
BOARD_CONDITION = "Styrelsen ska bestå av män."


def test_membership_and_board_conditions_are_both_quoted_membership_first(world: World) -> None:
    """Only the membership condition was quoted and named when the board's eligibility rested
    on a protected ground too."""
    app, version = with_text(world, statutes(f"{MEMBERSHIP_CONDITION} {BOARD_CONDITION}"))
    flag = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    assert flag.outcome == "doubt" and flag.rules[:2] == ("DC_CITIZENSHIP", "DE_SEX")
    assert [q["quote"] for q in flag.quotes] == [MEMBERSHIP_CONDITION, BOARD_CONDITION]
    assert all(version.text[q["start"] : q["end"]] == q["quote"] for q in flag.evidence)
    note = flag.record_note
    assert 0 <= note.index("medborgarskap") < note.index("styrelsen") < note.index("kön")
    with translation.override("en"):
        english = str(flag.note)
    assert "citizenship" in english and "also depends on sex" in english


SEX_AND_FAITH = "Medlemskap beviljas endast män som bekänner sig till föreningens tro."


def test_a_condition_on_sex_and_religion_names_both_grounds(world: World) -> None:
    """It was flagged for sex only, with the women's-shelter example, which fits neither."""
    app, version = with_text(world, statutes(SEX_AND_FAITH))
    start = version.text.index(SEX_AND_FAITH)
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    for code in ("OPEN_MEMBERSHIP", "NON_DISCRIMINATION"):
        proposal = proposals[code]
        assert proposal.outcome == "doubt"
        assert {"DC_SEX", "DC_RELIGION"} <= set(proposal.rules), proposal.rules
        assert "beror på kön och religion eller trosuppfattning" in proposal.record_note
        assert "kvinnojour" not in proposal.record_note
        first = proposal.first_quote
        assert first is not None and (first["start"], first["quote"]) == (start, SEX_AND_FAITH)
        with translation.override("en"):
            assert "depends on sex and religion or belief" in str(proposal.note)


def test_an_office_on_sex_and_religion_names_both_grounds(world: World) -> None:
    clause = "Till styrelsen kan endast män som bekänner sig till föreningens tro väljas."
    app, _ = with_text(world, statutes(f"Medlem kan var och en bli som stöder syftet. {clause}"))
    flag = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    assert flag.outcome == "doubt" and flag.rules[:2] == ("DE_SEX", "DE_RELIGION")
    assert "beror på kön och religion eller trosuppfattning" in flag.record_note


def test_the_rules_an_acceptance_records_fit_the_assessment(world: World) -> None:
    """Every ground in membership and eligibility: the note names them all; the recorded rules
    are as many as fit in Assessment.reader_rule (80 characters)."""
    many = (
        "Medlem kan den bli som är kvinna, transperson, av svensk härkomst, svensk medborgare, "
        "kristen och homosexuell. Styrelsens ledamöter ska vara kristna kvinnor av svensk "
        "härkomst, svenska medborgare, transpersoner och homosexuella."
    )
    app, _ = with_text(world, statutes(many))
    flag = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    assert len(",".join(flag.rules)) <= 80 and flag.rules[0] == "DC_SEX"
    assert "sexuell läggning" in flag.record_note
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=True
    )
    assert assessment.reader_rule == ",".join(flag.rules)


OPEN_TO_ALL = "Medlem kan var och en bli som stöder föreningens syfte."
CHECKED_GROUNDS = (
    "kön, könsidentitet, etnicitet eller ursprung, medborgarskap, religion eller "
    "trosuppfattning och sexuell läggning (ålder och funktionsnedsättning nämns inte i "
    "kommunens kriterium och prövas inte här; ett villkor om ålder prövas som ett villkor för "
    "medlemskap)"
)


def test_statutes_silent_on_discrimination_pass_on_the_recorded_fact_of_what_was_read(
    world: World,
) -> None:
    """Seed 001 forbids discrimination ("Ingen diskriminering ... får förekomma"); unlike open
    membership ("I stadgarna ska det framgå"), it asks for no clause. Silence is a pass, and
    the evidence an acceptance records is the fact of what the statutes contain. It goes into
    the decision, so it names no software: the reader's rules version is the event's."""
    app, _version = with_text(world, statutes(OPEN_TO_ALL))
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    assert (proposal.outcome, proposal.evidence, proposal.evidence_kind) == ("pass", (), "fact")
    fact = proposal.evidence_text
    assert fact == (
        "Stadgarna (antagna 2026-01-01) innehåller ingen bestämmelse om diskriminering, och "
        "inget av villkoren för medlemskap eller för val till styrelsen eller ett uppdrag beror "
        f"på någon av grunderna {CHECKED_GROUNDS}."
    )
    assert "stadgeläsare" not in fact and "regelversion" not in fact
    assert "kräver ingen klausul" in proposal.record_note
    with translation.override("en"):
        assert "contain no provision on discrimination" in str(proposal.fact)
        assert "age and disability are not named in the municipality's" in str(proposal.fact)
        assessment = svc.assessment_from_reader(
            application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=True
        )
    assert (assessment.outcome, assessment.evidence_kind) == ("pass", "fact")
    assert assessment.evidence_text == fact and assessment.evidence_start is None
    assert assessment.followed_reader is True and "ND_NONE" in assessment.reader_rule
    event = AuditEvent.objects.get(action="assessment.recorded", object_id=str(assessment.pk))
    assert event.changes["reader_version"] == RULES_VERSION  # for auditors, not the decision


def test_a_reading_without_eligibility_claims_only_membership_was_checked(world: World) -> None:
    app, version = with_text(world, statutes(OPEN_TO_ALL))
    version.refresh_from_db()
    findings = dict(version.reader_findings)
    del findings["discriminatory_eligibility_condition"]  # as readings by rules version 1
    StatutesVersion.objects.filter(pk=version.pk).update(
        reader_findings=findings, reader_version=None
    )
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    assert proposal.outcome == "pass" and proposal.older_rules
    assert proposal.rules_version == 1 and "regelversion" not in proposal.evidence_text
    assert "inget av villkoren för medlemskap beror på" in proposal.evidence_text
    assert "styrelsen" not in proposal.evidence_text


def test_a_proposal_with_no_passage_can_be_accepted_on_its_fact(world: World) -> None:
    """No membership clause: a doubt with no passage, which could not be accepted (a doubt
    needs evidence); its evidence is the fact of what the statutes (do not) say."""
    app, _version = with_text(world, statutes())
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["OPEN_MEMBERSHIP"]
    assert (proposal.outcome, proposal.evidence) == ("doubt", ())
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="OPEN_MEMBERSHIP", accept=True
    )
    assert (assessment.outcome, assessment.evidence_kind) == ("doubt", "fact")
    fact = "Stadgarna (antagna 2026-01-01) anger inte vem som kan bli medlem."
    assert assessment.evidence_text == fact


def test_statutes_naming_neither_the_highest_body_nor_the_votes_say_both_in_one_fact(
    world: World,
) -> None:
    app, _version = with_text(world, statutes(OPEN_TO_ALL, meeting="", vote=""))
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["DEMOCRATIC_STRUCTURE"]
    assert proposal.evidence == ()
    assert proposal.evidence_text == (
        "Stadgarna (antagna 2026-01-01) anger inte vilket organ som är högst och anger inte "
        "hur rösterna fördelas."
    )


def test_an_override_repeating_the_fact_is_refused_as_an_acceptance(world: World) -> None:
    app, _version = with_text(world, statutes(OPEN_TO_ALL))
    proposal = {p.criterion_code: p for p in reader_proposals(app)}["NON_DISCRIMINATION"]
    same = svc.AssessmentInput(
        criterion_code="NON_DISCRIMINATION",
        outcome="pass",
        evidence_kind="fact",
        evidence_text=proposal.evidence_text,
    )
    with pytest.raises(InvalidInput):
        svc.assessment_from_reader(
            application=app,
            actor=world.handler,
            criterion_code="NON_DISCRIMINATION",
            accept=False,
            override=same,
        )


def test_proposals_from_a_reading_by_older_rules_say_so(world: World) -> None:
    app, version = with_text(world, statutes())
    assert [p.older_rules for p in reader_proposals(app)] == [False] * 3
    for stored in (None, RULES_VERSION - 1):
        StatutesVersion.objects.filter(pk=version.pk).update(reader_version=stored)
        assert [p.older_rules for p in reader_proposals(app)] == [True] * 3


def test_membership_closed_to_a_group_that_is_no_protected_ground_is_a_proposed_fail(
    world: World,
) -> None:
    """Liss Studentspex: former members or people working in the production. That closes
    membership (labels.csv) without resting on a protected ground: the proposal may fail."""
    app, _ = with_statutes(world, "liss_studentspex_stadgar.txt")
    proposals = {p.criterion_code: p for p in reader_proposals(app)}
    assert proposals["OPEN_MEMBERSHIP"].outcome == "fail"
    assert proposals["NON_DISCRIMINATION"].outcome == "pass"


def test_notes_are_plain_language_not_reader_keys(world: World) -> None:
    app, _ = with_statutes(world, "scouterna_stadgar_2014.txt")
    proposals = reader_proposals(app)
    assert proposals
    for proposal in proposals:
        note = proposal.record_note
        assert note.startswith("Stadgeläsaren: ") and "=" not in note and "_" not in note
    structure = next(p for p in proposals if p.criterion_code == "DEMOCRATIC_STRUCTURE")
    assert structure.record_note == (
        "Stadgeläsaren: medlemsmötet (årsmötet) är högsta beslutande organ; "
        "rösterna är viktade eller utövas genom ombud."
    )
    with translation.override("en"):
        assert str(structure.note) == (
            "Statute reader: the members' meeting (annual meeting) is the highest "
            "decision-making body; votes are weighted or cast through delegates."
        )


def test_accepting_in_english_stores_the_swedish_note(world: World) -> None:
    app, _ = with_statutes(world, "scouterna_stadgar_2014.txt")
    with translation.override("en"):
        assessment = svc.assessment_from_reader(
            application=app, actor=world.handler, criterion_code="OPEN_MEMBERSHIP", accept=True
        )
    assert assessment.comment == (
        "Stadgeläsaren: medlemskapet är öppet för alla som stöder ändamålet."
    )


def test_accepting_records_every_quoted_passage_rule_and_followed_reader(world: World) -> None:
    """Scouterna's clause rests on two passages; only the first was recorded. The evidence
    text quotes both (joined by a line "[…]"), the span is the first's."""
    app, version = with_statutes(world, "scouterna_stadgar_2014.txt")
    proposal = next(p for p in reader_proposals(app) if p.criterion_code == "NON_DISCRIMINATION")
    quotes = [q["quote"] for q in proposal.quotes]
    assert len(quotes) == 2
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=True
    )
    assert assessment.followed_reader is True and assessment.outcome == "pass"
    assert assessment.reader_rule and assessment.evidence_kind == "statute_quote"
    assert assessment.evidence_text == f"{quotes[0]}\n[…]\n{quotes[1]}"
    assert assessment.passages == quotes
    assert version.text[assessment.evidence_start : assessment.evidence_end] == quotes[0]
    assert all(quote in version.text for quote in quotes)


def test_a_single_passage_is_recorded_as_it_was(world: World) -> None:
    app, version = with_text(
        world, statutes("Medlem i jouren kan kvinnor bli som delar jourens värderingar.")
    )
    assessment = svc.assessment_from_reader(
        application=app, actor=world.handler, criterion_code="OPEN_MEMBERSHIP", accept=True
    )
    assert version.text[assessment.evidence_start : assessment.evidence_end] == (
        assessment.evidence_text
    )


def _quote_of(world: World, app: Application, text: str, **span: int) -> Assessment:
    data = svc.AssessmentInput(
        criterion_code="NON_DISCRIMINATION",
        outcome="pass",
        evidence_kind="statute_quote",
        evidence_text=text,
        **span,  # type: ignore[arg-type]
    )
    return svc.assessment_record(application=app, actor=world.handler, data=data)


def test_a_quote_of_several_passages_is_checked_passage_by_passage(world: World) -> None:
    """Each passage must be verbatim in the statutes, the first at the span: joined passages
    are no way around the quote check."""
    app, version = with_text(world, statutes(f"{MEMBERSHIP_CONDITION} {BOARD_CONDITION}"))
    first, second = MEMBERSHIP_CONDITION, BOARD_CONDITION
    start = version.text.index(first)
    joined = f"{first}\n[…]\n{second}"
    with pytest.raises(InvalidInput) as refused:
        _quote_of(world, app, f"{first}\n[…]\nStyrelsen ska bestå av kvinnor.")
    assert "Varje citerat avsnitt" in str(refused.value.errors["evidence_text"][0])
    with pytest.raises(InvalidInput) as misplaced:
        _quote_of(world, app, joined, evidence_start=start + 1, evidence_end=start + len(first))
    assert "position" in str(misplaced.value.errors["evidence_text"][0])
    with pytest.raises(InvalidInput):
        _quote_of(world, app, f"{first}\n[…]\n")
    assessment = _quote_of(world, app, joined)
    assert (assessment.evidence_start, assessment.evidence_end) == (start, start + len(first))
    assert assessment.evidence_text == joined and assessment.passages == [first, second]


def test_an_override_identical_to_the_proposal_is_refused_as_an_acceptance(world: World) -> None:
    app, _ = with_statutes(world, "scouterna_stadgar_2014.txt")
    proposal = next(p for p in reader_proposals(app) if p.criterion_code == "NON_DISCRIMINATION")
    same = svc.AssessmentInput(
        criterion_code="NON_DISCRIMINATION",
        outcome=proposal.outcome,
        evidence_kind="statute_quote",
        evidence_text=proposal.evidence_text,
    )
    with pytest.raises(InvalidInput) as info:
        svc.assessment_from_reader(
            application=app,
            actor=world.handler,
            criterion_code="NON_DISCRIMINATION",
            accept=False,
            override=same,
        )
    assert "densamma som stadgeläsarens förslag" in str(info.value.errors["outcome"][0])
    assert not app.assessments.exists()


def test_overriding_records_the_officers_own_assessment(world: World) -> None:
    app, _ = with_statutes(world, "royalroppers_stadgar.txt")
    with pytest.raises(InvalidInput):
        svc.assessment_from_reader(
            application=app, actor=world.handler, criterion_code="NON_DISCRIMINATION", accept=False
        )
    assessment = svc.assessment_from_reader(
        application=app,
        actor=world.handler,
        criterion_code="NON_DISCRIMINATION",
        accept=False,
        override=svc.AssessmentInput(
            criterion_code="NON_DISCRIMINATION",
            outcome="fail",
            evidence_kind="statute_quote",
            evidence_text="svenskt\nmedborgarskap",
        ),
    )
    assert assessment.followed_reader is False and assessment.outcome == "fail"
    assert assessment.reader_rule


def test_a_policy_gives_no_proposals(world: World) -> None:
    app, version = with_statutes(world, "rockrullarna_policy_mot_diskriminering.txt")
    assert version.__class__.objects.get(pk=version.pk).document_kind == "policy"
    assert reader_proposals(app) == []


def test_a_policy_cannot_be_quoted_as_statutes_by_the_service_or_the_api(world: World) -> None:
    """The shared corpus labels the policy "must not be accepted as statutes": a pass quoting
    it as the statutes is refused (422, the field named) in the service, so by web and API."""
    app, version = with_statutes(world, "rockrullarna_policy_mot_diskriminering.txt")
    quote = version.text[version.text.index("Syftet med denna policy") :][:60]
    data = svc.AssessmentInput(
        criterion_code="NON_DISCRIMINATION",
        outcome="pass",
        evidence_kind="statute_quote",
        evidence_text=quote,
    )
    with pytest.raises(InvalidInput) as refused:
        svc.assessment_record(application=app, actor=world.handler, data=data)
    assert "evidence_kind" in refused.value.errors
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/assessments/",
        {
            "criterion": "NON_DISCRIMINATION",
            "outcome": "pass",
            "evidence_kind": "statute_quote",
            "evidence_text": quote,
        },
        format="json",
    )
    assert response.status_code == 422, response.json()
    assert "inte stadgar utan policy" in response.json()["errors"]["evidence_kind"][0]
    assert not app.assessments.exists()
    # Evidence of another kind (a recorded fact) is still the officer's to record.
    assess(
        world,
        app,
        "NON_DISCRIMINATION",
        "doubt",
        by=world.handler,
        fact="Föreningen har bara lämnat in en policy, inte sina stadgar.",
    )


@pytest.mark.django_db
def test_seed_demo_registers_the_statutes_without_the_corpus_header(settings) -> None:  # type: ignore[no-untyped-def]
    """The corpus files begin with the curator's provenance (source address, description):
    registered whole, the reader quoted the description as VoteIT's open-membership clause,
    which 'Godta' records as the assessment's evidence."""
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    for association in Association.objects.all():
        version = association.current_statutes()
        assert version is not None and version.reader_status == "done"
        assert "https://" not in version.text and "# Källa" not in version.text
        assert "# Beskrivning" not in version.text
    voteit = Association.objects.get(name="VoteIT").current_statutes()
    assert voteit is not None
    evidence = voteit.reader_findings["open_membership"]["evidence"]
    assert evidence[0]["quote"].startswith("Som medlem antas intresserad")
    assert voteit.text[evidence[0]["start"] : evidence[0]["end"]] == evidence[0]["quote"]


@pytest.mark.django_db
def test_seed_demo_assessments_agree_with_the_reader(settings) -> None:  # type: ignore[no-untyped-def]
    """Royal Roppers' statutes require a KTH link, residence in Sweden or Swedish citizenship
    and the reader flags it; the demo recorded both criteria as met with no evidence, and
    later cases reused those passes."""
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    handled = Application.objects.get(subject="Grundbidrag 2027")
    assert handled.association.name == "Royal Roppers"
    recorded = {a.criterion.code: a for a in handled.assessments.select_related("criterion")}
    for code in ("OPEN_MEMBERSHIP", "NON_DISCRIMINATION"):
        assessment = recorded[code]
        assert (assessment.outcome, assessment.evidence_kind) == ("doubt", "statute_quote")
        assert "medborgarskap" in assessment.evidence_text and assessment.followed_reader
        assert "=" not in assessment.comment and "medborgarskap" in assessment.comment
    later = svc.application_submit(
        actor=User.objects.get(username="handlaggare"),
        data=svc.NewApplication(
            kind=Kind.FORENINGSBIDRAG,
            association=handled.association,
            subject="Verksamhetsbidrag 2028",
            administration=handled.administration,
            amount_applied=Decimal("4000"),
            contact_name="Kim Ordförande",
            contact_email="styrelsen@forening.example",
        ),
    )
    reused = {row.criterion.code for row in checklist(later) if row.reused}
    assert not reused & {"OPEN_MEMBERSHIP", "NON_DISCRIMINATION"}
    # Where the demo grants a case against the reader's doubt, the officer says why.
    scouts = Application.objects.get(subject="Verksamhetsbidrag 2027")
    structure = scouts.assessments.get(criterion__code="DEMOCRATIC_STRUCTURE")
    assert structure.followed_reader is False and structure.outcome == "pass"
    assert structure.comment and structure.evidence_kind == "statute_quote"
    # Every criterion the reader informs was assessed on its proposal, followed or not.
    informed = ("OPEN_MEMBERSHIP", "NON_DISCRIMINATION", "DEMOCRATIC_STRUCTURE")
    unrelated = Assessment.objects.filter(criterion__code__in=informed, followed_reader=None)
    # (Facts that came to light after a decision, behind the demo's revocation, are no reading
    # of the statutes.)
    assert not unrelated.exclude(evidence_text=demo.NEW_FACT).exists()
