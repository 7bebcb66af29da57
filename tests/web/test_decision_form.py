"""The decide form carries the proposal it showed; a decision on a changed proposal is refused.

The service fills an empty "reasons" (and blank criteria and amount) from the proposal. If the
proposal is returned and made again while the decision maker has the form open, the decision
would rest on reasons its maker never saw; the form's proposal_version makes that a 409.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import drive
from vetting import services as svc
from vetting.models import Decision, State
from web.templatetags.granska import kr

pytestmark = pytest.mark.django_db

R1 = "Föreningen uppfyller kommunens demokrativillkor."
R2 = "Ny motivering efter återförvisning: bidraget avser även lokalhyra för hösten."


def _open_form(world, app) -> tuple[Client, str, dict]:
    web = Client()
    web.force_login(world.decider)
    assert R1 in web.get(reverse("web:case", args=[app.reference])).content.decode()
    url = reverse("web:case_action", args=[app.reference, "decide"])
    form = web.get(url).context["form"]
    post = {
        "outcome": app.proposed_outcome,  # chosen: nothing is preselected
        "amount": str(form.initial["amount"]),
        "criteria": list(form.initial["criteria"]),
        "reasons": "",  # 'Lämna tomt för att använda förslagets motivering.'
        "no_conflict_confirmed": "on",
        "proposal_version": form.initial["proposal_version"],  # the hidden field
    }
    return web, url, post


def test_a_decision_from_a_stale_form_is_refused(world):
    app = drive(world, world.submit(), State.PROPOSED)
    web, url, post = _open_form(world, app)
    # Meanwhile: another decision maker returns the case, the handler proposes again.
    svc.application_return_to_review(application=app, actor=world.decider_small, reasons="Oklart")
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons=R2)

    response = web.post(url, post)
    assert response.status_code == 409
    assert "Förslaget har ändrats" in response.content.decode()
    assert not Decision.objects.filter(application=app).exists()
    app.refresh_from_db()
    assert app.state == State.PROPOSED

    fresh = web.get(url).context["form"].initial["proposal_version"]
    assert web.post(url, {**post, "proposal_version": fresh}).status_code == 302
    assert Decision.objects.get(application=app).reasons == R2


def test_a_decision_from_a_current_form_keeps_the_proposal_shown(world):
    app = drive(world, world.submit(), State.PROPOSED)
    web, url, post = _open_form(world, app)
    assert web.post(url, post).status_code == 302
    assert Decision.objects.get(application=app).reasons == R1


def test_the_form_without_its_proposal_version_is_not_accepted(world):
    app = drive(world, world.submit(), State.PROPOSED)
    web, url, post = _open_form(world, app)
    del post["proposal_version"]
    response = web.post(url, post)
    assert response.status_code == 422
    assert "öppna det igen från ärendet" in response.content.decode()
    assert not Decision.objects.filter(application=app).exists()


def test_the_decide_form_shows_the_proposal_it_falls_back_on(world):
    app = drive(world, world.submit(), State.PROPOSED)
    web = Client()
    web.force_login(world.decider)
    page = web.get(reverse("web:case_action", args=[app.reference, "decide"])).content.decode()
    section = page[page.index('id="proposal-heading"') : page.index("</section>")]
    assert "Föreslaget utfall" in section and "Bifall" in section
    assert R1 in section
    assert app.proposed_amount is not None
    assert "Föreslaget belopp" in section and kr(app.proposed_amount) in section


def test_an_approval_proposed_without_reasons_says_so_under_its_heading(world):
    """Not the heading "Förslagets motivering" with nothing under it (FL 32 §: a decision
    wholly in the applicant's favour needs no reasons)."""
    from tests.world import assess_all

    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons="")
    web = Client()
    web.force_login(world.decider)
    page = web.get(reverse("web:case_action", args=[app.reference, "decide"])).content.decode()
    section = page[page.index('id="proposal-heading"') : page.index("</section>")]
    assert "Förslagets motivering" in section
    assert "Ingen motivering angiven (bifall)" in section
    web.cookies["django_language"] = "en"
    page = web.get(reverse("web:case_action", args=[app.reference, "decide"])).content.decode()
    assert "No reasons given (approval)" in page


def test_the_decide_form_is_prefilled_with_the_whole_proposal(world):
    """ui14 item 17: the amount came from the proposal ("6000.00"), the outcome did not."""
    app = drive(world, world.submit(), State.PROPOSED)
    web = Client()
    web.force_login(world.decider)
    form = web.get(reverse("web:case_action", args=[app.reference, "decide"])).context["form"]
    assert form.initial["outcome"] == app.proposed_outcome
    if app.proposed_amount is not None:
        assert str(form.initial["amount"]) == str(int(app.proposed_amount))


def test_the_amend_page_shows_the_decision_in_force_and_fl_37(world):
    """ui14 item 19: Ändra beslutet showed neither the decision in force nor the legal basis."""
    app = drive(world, world.submit(), State.APPROVED)
    decision = app.decisions.get()
    web = Client()
    web.force_login(world.decider)
    response = web.get(reverse("web:case_action", args=[app.reference, "correct"]))
    html = response.content.decode()
    assert 'id="decision-in-force"' in html and "Gällande beslut" in html
    assert kr(decision.amount_granted) in html
    assert f"/beslut/{decision.pk}/" in html
    assert "37 § förvaltningslagen" in html
    assert response.context["form"].initial["outcome"] == decision.outcome
