"""The case page: what it shows, the actions it offers and how refusals are explained."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from associations.models import StatutesVersion
from associations.services import statutes_add
from associations.tasks import read_statutes_version
from audit.models import AuditEvent
from tests.associations.test_reader_synthetic import statutes
from tests.factories import DelegationFactory
from tests.vetting.test_reader_proposals import BOARD_CONDITION, MEMBERSHIP_CONDITION, with_text
from tests.world import (
    RV_STATUTES,
    STATUTES,
    assess,
    assess_all,
    drive,
    social_case,
    statutes_of,
    take_over,
)
from vetting import roles
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Assessment, Kind, State
from vetting.selectors import proposal_version

pytestmark = pytest.mark.django_db
OPEN_QUOTE = "Föreningen är öppen för alla som delar föreningens syfte."


def url(app, action: str = "") -> str:
    base = f"/arenden/{app.reference}/"
    return f"{base}atgard/{action}/" if action else base


def shown(app) -> dict[str, object]:
    """The decide form's hidden field: the proposal the form showed."""
    return {"proposal_version": proposal_version(app)}


def test_case_page_shows_the_application_and_checklist(world, login):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.IN_REVIEW)
    page = login(world.handler).get(url(app)).content.decode()
    for text in (
        app.reference,
        "Lokaluthyrning",
        "Scoutkåren Exempel",
        "802000-0017",
        "Stora salen",
        "Vårkonsert",
        "OPEN_MEMBERSHIP",
        "Ej bedömt",
        "Årsmötet är föreningens högsta beslutande organ",  # the statutes text
    ):
        assert text in page, text
    assert 'data-action="assess"' in page and 'data-action="propose"' in page


def test_reused_assessments_are_marked_with_their_source_case(world, login):
    first = world.submit(subject="Första ansökan")
    drive(world, first, State.APPROVED)
    second = world.submit(subject="Andra ansökan")
    drive(world, second, State.IN_REVIEW)
    page = login(world.handler).get(url(second)).content.decode()
    assert f"Återanvänd från {first.reference}" in page


def test_statute_quotes_are_highlighted_with_mark(world, login):
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    quote = "Årsmötet är föreningens högsta beslutande organ"
    client = login(world.handler)
    response = client.post(
        url(app, "assess"),
        {
            "criterion": "DEMOCRATIC_STRUCTURE",
            "outcome": "pass",
            "evidence_kind": "statute_quote",
            "evidence_text": quote,
        },
    )
    assert response.status_code == 302
    page = client.get(url(app)).content.decode()
    assert f'<mark class="assessment" title="DEMOCRATIC_STRUCTURE">{quote}</mark>' in page


def _with_findings(world) -> StatutesVersion:
    statutes = statutes_of(world)
    start = RV_STATUTES.index(OPEN_QUOTE)
    quote = OPEN_QUOTE
    StatutesVersion.objects.filter(pk=statutes.pk).update(
        reader_status="done",
        document_kind="statutes",
        reader_findings={
            "open_membership": {
                "value": "open",
                "rule": "OM_OPEN_TO_ALL",
                "evidence": [{"quote": quote, "start": start, "end": start + len(quote)}],
            },
            "one_member_one_vote": {"value": "yes", "rule": "VOTE_ONE", "evidence": []},
        },
    )
    return statutes


def test_reader_findings_are_proposals_and_accepting_records_followed_reader(world, login):
    _with_findings(world)
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    client = login(world.handler)
    page = client.get(url(app)).content.decode()
    assert (
        "Stadgeläsarens förslag" in page
        and 'Regel: <span id="rules-OPEN_MEMBERSHIP">Öppet för alla' in page
    )
    assert '<mark class="reader"' in page
    response = client.post(url(app, "accept_reader"), {"criterion": "OPEN_MEMBERSHIP"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(application=app, criterion__code="OPEN_MEMBERSHIP")
    assert assessment.followed_reader is True
    assert assessment.reader_rule == "OM_OPEN_TO_ALL"


def test_an_accepted_proposal_is_not_offered_again_and_not_recorded_twice(world, login):
    """ "Godta" stayed after accepting, and each click wrote an identical assessment and event:
    the accepted proposal is marked as such without the button, and accepting it again is
    refused at the criterion, with nothing written."""
    _with_findings(world)
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    button = 'name="criterion" value="OPEN_MEMBERSHIP"'  # the accept form's hidden field
    assert button in client.get(url(app)).content.decode()
    accept = {"criterion": "OPEN_MEMBERSHIP"}
    assert client.post(url(app, "accept_reader"), accept).status_code == 302
    page = client.get(url(app)).content.decode()
    assert button not in page and 'id="accepted-OPEN_MEMBERSHIP"' in page
    assert 'name="criterion" value="NON_DISCRIMINATION"' in page  # the others still offered
    events = AuditEvent.objects.count()
    again = client.post(url(app, "accept_reader"), accept)
    assert again.status_code == 422
    assert "redan godtaget" in again.content.decode()
    recorded = Assessment.objects.filter(application=app, criterion__code="OPEN_MEMBERSHIP")
    assert recorded.count() == 1
    assert AuditEvent.objects.count() == events
    with pytest.raises(InvalidInput) as refused:
        svc.assessment_from_reader(
            application=app, actor=world.handler, criterion_code="OPEN_MEMBERSHIP", accept=True
        )
    assert "criterion" in refused.value.errors
    # One's own assessment in between: the proposal may be accepted again.
    assess(world, app, "OPEN_MEMBERSHIP", "doubt", fact="Oklart om alla får bli medlemmar.")
    assert button in client.get(url(app)).content.decode()
    assert client.post(url(app, "accept_reader"), accept).status_code == 302


def test_a_proposal_shows_every_passage_it_rests_on(world, login):
    """Membership and board conditions both: the panel quotes both, membership first."""
    app, _ = with_text(world, statutes(f"{MEMBERSHIP_CONDITION} {BOARD_CONDITION}"))
    page = login(world.handler).get(url(app)).content.decode()
    panel = page[page.index('id="proposal-NON_DISCRIMINATION"') :]
    panel = panel[: panel.index("</p>")]
    quotes = re.findall(r'<q lang="sv">(.*?)</q>', panel)
    assert quotes == [MEMBERSHIP_CONDITION, BOARD_CONDITION]


def test_an_accepted_proposal_shows_and_marks_every_passage_it_rests_on(world, login):
    """Accepting recorded only the first passage; the checklist now quotes both and the
    statutes mark both as the assessment's evidence."""
    app, _ = with_text(world, statutes(f"{MEMBERSHIP_CONDITION} {BOARD_CONDITION}"))
    client = login(world.handler)
    response = client.post(url(app, "accept_reader"), {"criterion": "NON_DISCRIMINATION"})
    assert response.status_code == 302
    page = client.get(url(app)).content.decode()
    row = page[page.index('id="criterion-NON_DISCRIMINATION"') :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<q lang="sv">(.*?)</q>', row) == [MEMBERSHIP_CONDITION, BOARD_CONDITION]
    for quote in (MEMBERSHIP_CONDITION, BOARD_CONDITION):
        assert f'<mark class="assessment" title="NON_DISCRIMINATION">{quote}</mark>' in page


def test_a_proposal_without_a_passage_shows_and_offers_its_fact(world, login):
    """Statutes silent on discrimination: the pass rests on the fact that they were read in
    full, which the panel shows and the override form starts from."""
    app, _ = with_text(world, statutes("Medlem kan var och en bli som stöder föreningens syfte."))
    client = login(world.handler)
    page = client.get(url(app)).content.decode()
    panel = page[page.index('id="proposal-NON_DISCRIMINATION"') :]
    panel = panel[: panel.index("</p>")]
    assert "innehåller ingen bestämmelse om diskriminering" in panel
    assert "sexuell läggning" in panel
    form = client.get(
        url(app, "assess") + "?criterion=NON_DISCRIMINATION&followed_reader=false"
    ).context["form"]
    assert form.initial["evidence_kind"] == "fact"
    assert form.initial["evidence_text"].startswith("Stadgarna (antagna 2026-01-01) innehåller")


def test_proposals_from_a_reading_by_older_rules_say_so_in_swedish_and_english(world, login):
    app, version = with_text(world, statutes())
    client = login(world.handler)
    assert 'id="reader-older-rules"' not in client.get(url(app)).content.decode()
    StatutesVersion.objects.filter(pk=version.pk).update(reader_version=None)
    page = client.get(url(app)).content.decode()
    assert 'id="reader-older-rules"' in page and "äldre version av stadgeläsarens regler" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url(app)).content.decode()
    assert "an older version of the statute reader's rules" in english


def test_overriding_the_reader_records_followed_reader_false(world, login):
    _with_findings(world)
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    client = login(world.handler)
    form = client.get(
        url(app, "assess") + "?criterion=DEMOCRATIC_STRUCTURE&followed_reader=false"
    ).content.decode()
    assert "i stället för stadgeläsarens förslag" in form
    response = client.post(
        url(app, "assess"),
        {
            "criterion": "DEMOCRATIC_STRUCTURE",
            "outcome": "doubt",
            "evidence_kind": "fact",
            "evidence_text": "Årsmötesprotokollet saknas.",
            "followed_reader": "false",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(application=app, criterion__code="DEMOCRATIC_STRUCTURE")
    assert assessment.followed_reader is False and assessment.reader_rule == "VOTE_ONE"


def test_overriding_the_reader_starts_from_its_proposal_and_unchanged_is_refused(world, login):
    _with_findings(world)
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = login(world.handler)
    form = client.get(
        url(app, "assess") + "?criterion=OPEN_MEMBERSHIP&followed_reader=false"
    ).context["form"]
    assert form.initial["outcome"] == "pass"
    assert form.initial["evidence_kind"] == "statute_quote"
    assert form.initial["evidence_text"] == OPEN_QUOTE
    unchanged = {
        name: form.initial[name]
        for name in ("criterion", "outcome", "evidence_kind", "evidence_text", "followed_reader")
    }
    response = client.post(url(app, "assess"), unchanged)
    assert response.status_code == 422
    assert "densamma som stadgeläsarens förslag" in response.content.decode()
    assert not Assessment.objects.filter(application=app).exists()
    changed = {**unchanged, "outcome": "doubt"}
    assert client.post(url(app, "assess"), changed).status_code == 302


def test_handler_who_is_also_decision_maker_is_not_offered_decide_and_gets_four_eyes(world, login):
    """Four-eyes: the decisions are not offered to whoever prepared the case (the check the
    service refuses with), and a posted form is refused with the reason."""
    world.handler.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler, administration=world.kultur)
    app = world.submit()
    drive(world, app, State.PROPOSED)
    client = login(world.handler)
    assert 'data-action="decide"' not in client.get(url(app)).content.decode()
    assert 'data-action="decide"' in login(world.decider).get(url(app)).content.decode()
    response = client.post(
        url(app, "decide"), {"outcome": "approved", "no_conflict_confirmed": "on", **shown(app)}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Fyra ögon-principen" in page and "får därför inte besluta" in page
    app.refresh_from_db()
    assert app.state == State.PROPOSED
    assert AuditEvent.objects.filter(action="application.refused", case_ref=app.reference).exists()


def test_correct_and_revoke_are_offered_only_where_four_eyes_allows(world, login):
    """A decision maker who assessed a criterion of the case is offered neither a correction
    nor a revocation; one who took no part is offered both."""
    world.handler2.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler2, administration=world.kultur)
    app = drive(world, world.submit(), State.IN_REVIEW)
    take_over(world, app, world.handler2)
    assess(world, app, "OPEN_MEMBERSHIP", "pass", by=world.handler2)
    take_over(world, app, world.handler)  # and back: the trail still shows the assessment
    assess_all(world, app)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren.",
    )
    svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )

    def offered(user) -> set[str]:
        page = login(user).get(url(app)).content.decode()
        return {a for a in ("correct", "revoke", "assess") if f'data-action="{a}"' in page}

    assert offered(world.handler2) == {"assess"}
    assert offered(world.decider_small) == {"correct", "revoke"}
    assert offered(world.decider) == {"correct", "revoke"}  # deciding is not preparing


def test_missing_delegation_is_explained(world, login):
    app = world.submit(amount=Decimal("9000.00"))
    drive(world, app, State.PROPOSED)
    response = login(world.decider_small).post(
        url(app, "decide"), {"outcome": "approved", "no_conflict_confirmed": "on", **shown(app)}
    )
    assert response.status_code == 403
    assert "Delegation saknas" in response.content.decode()


def test_missing_assessment_is_explained(world, login):
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    response = login(world.handler).post(
        url(app, "propose"), {"outcome": "approved", "amount": "4000", "reasons": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Alla kriterier måste vara bedömda" in page and "OPEN_MEMBERSHIP" in page


def test_invalid_input_is_shown_at_the_field(world, login):
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    response = login(world.handler).post(url(app, "propose"), {"outcome": "rejected"})
    assert response.status_code == 422
    assert "Ett avslag måste motiveras (FL 32 §)." in response.content.decode()


def test_decide_form_asks_for_no_conflict_confirmation(world, login):
    app = world.submit()
    drive(world, app, State.PROPOSED)
    client = login(world.decider)
    form = client.get(url(app, "decide")).content.decode()
    assert 'name="no_conflict_confirmed"' in form and "jävig" in form
    response = client.post(url(app, "decide"), {"outcome": "approved", **shown(app)})
    assert response.status_code == 422
    assert "Bekräfta att du inte är jävig i ärendet." in response.content.decode()
    response = client.post(
        url(app, "decide"), {"outcome": "approved", "no_conflict_confirmed": "1", **shown(app)}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.APPROVED


def test_timeline_lists_events_with_actor_names(world, login):
    app = world.submit()
    drive(world, app, State.PROPOSED)
    page = login(world.handler).get(url(app)).content.decode()
    assert "Ärendet registrerat" in page and "Förslag till beslut" in page
    assert world.handler.get_full_name() in page


def test_escalation_notes_only_for_permitted_users_and_viewing_is_logged(world, login):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.ESCALATED)
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion="no_link", notes="Hemlig anteckning"
    )
    notes_url = f"/arenden/{app.reference}/sakerhetsanteckningar/"
    handler_page = login(world.handler).get(url(app)).content.decode()
    assert "Hemlig anteckning" not in handler_page and notes_url not in handler_page
    assert login(world.handler).get(notes_url).status_code == 403
    security = login(world.security)
    assert notes_url in security.get(url(app)).content.decode()
    response = security.get(notes_url)
    assert response.status_code == 200 and "Hemlig anteckning" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="escalation.notes_viewed", case_ref=app.reference
    ).exists()


def test_program_review_panel_and_registering_the_program(world, login):
    app = world.submit(Kind.ARRANGORSSTOD)
    drive(world, app, State.PROGRAM_REVIEW)
    client = login(world.handler)
    page = client.get(url(app)).content.decode()
    assert "Programgranskning" in page and "väntar på sökanden" in page
    assert 'data-action="program_submit"' in page
    response = client.post(url(app, "program_submit"), {"text": "18.00 Konsert, 20.00 Dans"})
    assert response.status_code == 302
    page = client.get(url(app)).content.decode()
    assert "18.00 Konsert" in page and 'data-action="program_submit"' not in page


def test_errors_of_hidden_fields_are_shown_with_the_field_named(world, login):
    app = world.submit()
    drive(world, app, State.IN_REVIEW)
    client = login(world.handler)
    response = client.post(
        url(app, "assess"),
        {
            "criterion": "OPEN_MEMBERSHIP",
            "outcome": "pass",
            "evidence_kind": "none",
            "evidence_start": "abc",
        },
    )
    assert response.status_code == 422
    errors = hidden_errors(response.content.decode())
    assert "Citatets början i stadgarna: Fyll i ett heltal." in errors
    response = client.post(url(app, "accept_reader"), {"criterion": "NO_SUCH_CRITERION"})
    assert response.status_code == 422
    assert "Kriterium: " in hidden_errors(response.content.decode())


def hidden_errors(page: str) -> str:
    start = page.index('<ul class="errorlist" id="hidden-field-errors">')
    return page[start : page.index("</ul>", start)]


def test_accepting_the_reader_is_available_exactly_when_assessing_is(world, login):
    _with_findings(world)
    app = world.submit()
    client = login(world.handler)
    unavailable = "Åtgärden &#x27;Bedöm kriterium&#x27; är inte tillåten när ärendet har status"
    form_url = url(app, "accept_reader") + "?criterion=OPEN_MEMBERSHIP"
    assert unavailable in client.get(form_url).content.decode()  # submitted: nothing to assess
    drive(world, app, State.IN_REVIEW)
    assert unavailable not in client.get(form_url).content.decode()
    refused = login(world.decider).get(form_url).content.decode()
    assert "Bara handläggare bedömer kriterier." in refused  # the guard's reason, not the state


def test_timeline_shows_role_labels_in_the_page_language(world, login):
    app = world.submit()
    drive(world, app, State.PROPOSED)
    client = login(world.handler)
    assert "(Handläggare)" in client.get(url(app)).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url(app)).content.decode()
    assert "(Handler)" in page and "handläggare" not in page


def test_an_assessment_reused_from_another_administration_names_neither_case_nor_assessor(
    world, login
):
    """Reuse crosses administrations (ADR 0003); the source case and its assessor do not."""
    social = social_case(world)
    mine = drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.handler).get(url(mine)).content.decode()
    assert "Återanvänd från ett ärende i en annan förvaltning" in page
    assert social.reference not in page and world.other_handler.username not in page


def test_an_overdue_supplement_is_written_off_by_a_decision_maker_from_the_case_page(world, login):
    """A write-off is a decision (ADR 0025): offered to the decision maker, not to the handler,
    with the jäv confirmation; the decision document is linked from the case's documents."""
    from datetime import timedelta

    from django.utils import timezone

    from vetting.models import Application

    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    client = login(world.decider)
    assert 'data-action="write_off"' not in client.get(url(app)).content.decode()
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(supplement_due=yesterday)
    assert 'data-action="write_off"' not in login(world.handler).get(url(app)).content.decode()
    page = client.get(url(app)).content.decode()
    assert 'data-action="write_off"' in page and "Skriv av ärendet" in page
    unconfirmed = client.post(url(app, "write_off"), {"note": "Ingen kontakt."})
    assert unconfirmed.status_code == 422
    assert "no_conflict_confirmed" in unconfirmed.context["form"].errors
    response = client.post(
        url(app, "write_off"), {"note": "Ingen kontakt.", "no_conflict_confirmed": "on"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.WRITTEN_OFF
    event = AuditEvent.objects.get(action="application.write_off")
    assert event.reasons_text.endswith("Ingen kontakt.") and str(yesterday) in event.reasons_text
    decision = app.decisions.get()
    page = client.get(url(app)).content.decode()
    assert f"/beslut/{decision.pk}/" in page and "Ansökan prövas inte (avvisning)" in page


def _policy_as_statutes(world) -> StatutesVersion:
    """The Rockrullarna policy registered as Studentspexet's current statutes, read."""
    version = statutes_add(
        association=world.spex,
        actor=world.handler,
        adopted_on=date(2026, 1, 1),
        text=(STATUTES / "rockrullarna_policy_mot_diskriminering.txt").read_text(encoding="utf-8"),
    )
    read_statutes_version(version.pk)
    version.refresh_from_db()
    assert version.document_kind == "policy"
    return version


def test_case_page_warns_that_the_current_statutes_are_a_policy(world, login):
    _policy_as_statutes(world)
    app = drive(world, world.submit(Kind.LOKALUTHYRNING, association=world.spex), State.IN_REVIEW)
    page = login(world.handler).get(url(app)).content.decode()
    outside_text = re.sub(r'(?s)<div class="statutes".*?</div>', "", page)
    warning = re.search(
        r'(?s)<div class="warning" role="alert" id="not-statutes">(.*?)</div>', page
    )
    assert warning is not None
    assert "inte stadgar" in warning.group(1) and "policy" in warning.group(1)
    assert "Registrerat som stadgar (enligt stadgeläsaren policy)" in outside_text
    assert "Stadgeläsarens förslag" not in page  # nothing is proposed from a policy
    english = login(world.handler)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = english.get(url(app)).content.decode()
    assert "is not statutes: the statute reader reads the document as policy." in page


def test_association_page_warns_that_the_current_statutes_are_a_policy(world, login):
    _policy_as_statutes(world)
    page = login(world.handler).get(f"/foreningar/{world.spex.pk}/").content.decode()
    assert 'id="not-statutes"' in page
    assert "inte stadgar (policy)" in page


def test_a_quote_from_a_policy_is_refused_as_statute_evidence(world, login):
    version = _policy_as_statutes(world)
    app = drive(world, world.submit(Kind.LOKALUTHYRNING, association=world.spex), State.IN_REVIEW)
    quote = version.text[version.text.index("Syftet med denna policy") :][:60]
    response = login(world.handler).post(
        url(app, "assess"),
        {
            "criterion": "NON_DISCRIMINATION",
            "outcome": "pass",
            "evidence_kind": "statute_quote",
            "evidence_text": quote,
        },
    )
    assert response.status_code == 422
    assert "inte stadgar utan policy" in response.content.decode()
    assert not Assessment.objects.filter(application=app).exists()


def test_a_form_the_four_eyes_rule_refuses_says_so_when_opened(world, login):
    """The decide and revoke forms give the guard's own reason before anything is filled in,
    not 'not available in the current state'."""
    world.handler.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler, administration=world.kultur)
    decidable = drive(world, world.submit(), State.PROPOSED)
    paid = drive(world, world.submit(), State.PAID)
    for app, action in ((decidable, "decide"), (paid, "revoke")):
        page = login(world.handler).get(url(app, action)).content.decode()
        assert "Fyra ögon-principen" in page and "får därför inte besluta" in page, action
        assert "Åtgärden är inte tillgänglig för dig" not in page
    assert "Fyra ögon" not in login(world.decider_small).get(url(paid, "revoke")).content.decode()


def test_the_assess_form_names_the_guard_that_refuses_it_when_opened(world, login):
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = login(world.decider).get(url(app, "assess")).content.decode()
    assert "Bara handläggare bedömer kriterier." in page
    assert "Bara handläggare" not in login(world.handler).get(url(app, "assess")).content.decode()


def _when(decision) -> str:
    from django.utils import timezone

    return timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M")


def test_the_documents_mark_a_corrected_decision_as_replaced(world, login):
    """After a correction the page listed two identical lines "Beslut <date>: Bifall"."""
    from tests.web.test_documents import _corrected_same_day

    app, old, new = _corrected_same_day(world)
    page = login(world.handler).get(url(app)).content.decode()
    assert f"Beslut 1, {_when(old)}: Bifall</a>" in page
    assert f"Beslut 2, {_when(new)}: Bifall</a>" in page
    assert f"Ersatt av beslut 2, {_when(new)}" in page


def test_the_documents_mark_a_revoked_decision_as_revoked(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REVOKED)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    page = login(world.handler).get(url(app)).content.decode()
    assert f"Återkallat genom beslut 2, {_when(new)}" in page and "Ersatt av" not in page


def test_the_action_list_reads_no_appeal_route_for_its_labels(world, login, monkeypatch):
    """A listed action's label needs no citation: filling the help (which reads the case's
    decisions for its appeal route) is left to the action's own page, not done per button."""
    import web.actions

    app = world.submit()
    drive(world, app, State.APPROVED)
    routes: list[object] = []
    real = web.actions.case_route
    monkeypatch.setattr(web.actions, "case_route", lambda a: routes.append(a) or real(a))
    page = login(world.decider).get(url(app)).content.decode()
    assert 'data-action="correct"' in page and 'data-action="notify"' in page
    assert routes == []
    # The action's own page still cites the law by the case's route.
    action_page = login(world.decider).get(url(app, "correct")).content.decode()
    assert routes and "37 §" in action_page
