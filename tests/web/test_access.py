"""Each role sees exactly what it may: logins, administrations, and read-only auditors."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.world import drive
from vetting.models import Kind, State
from web.actions import SPECS

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(world):
    app = world.submit()
    client = Client()
    for path in ("/", f"/arenden/{app.reference}/", "/foreningar/", "/revision/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_and_logout_in_swedish_by_default(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/login/").content.decode()
    assert '<html lang="sv">' in page and "Logga in" in page and 'for="id_username"' in page
    response = client.post("/login/", {"username": "handler", "password": "demo-password-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Arbetskö" in client.get("/").content.decode()
    response = client.post("/logout/")
    assert response.status_code == 302 and client.get("/").status_code == 302


def test_english_is_selectable(world, login):
    client = login(world.handler)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Work queue" in page and "My cases" in page


def test_officer_of_another_administration_gets_404(world, login):
    app = world.submit()
    drive(world, app, State.APPROVED)
    decision = app.decisions.get()
    client = login(world.other_handler)
    for path in (
        f"/arenden/{app.reference}/",
        f"/arenden/{app.reference}/atgard/assess/",
        f"/arenden/{app.reference}/beslut/{decision.pk}/",
        f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/arenden/{app.reference}/atgard/withdraw/", {"reason": "x"}).status_code
        == 404
    )
    assert app.reference not in client.get("/?group=all").content.decode()


def test_auditor_sees_cases_without_action_buttons(world, login):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.IN_REVIEW)
    page = login(world.auditor).get(f"/arenden/{app.reference}/").content.decode()
    assert app.reference in page
    assert "data-action=" not in page and "Åtgärder" not in page
    assert "Godta för" not in page and "Bedöm ”Öppet medlemskap”" not in page


def test_auditor_gets_403_on_every_post(world, login):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.PROPOSED)
    client = login(world.auditor)
    paths = [f"/arenden/{app.reference}/atgard/{action}/" for action in SPECS]
    paths += [
        "/",
        f"/arenden/{app.reference}/",
        f"/arenden/{app.reference}/sakerhetsanteckningar/",
        f"/foreningar/{world.scouts.pk}/",
        "/foreningar/",
        "/revision/",
        "/revision/export.csv",
        "/revision/kedja/",
        f"/revision/arenden/{app.reference}/",
        "/revision/ovriga/",
        "/revision/ovriga/export.csv",
        "/revision/handelser/1/",
    ]
    for path in paths:
        response = client.post(path, {"reason": "x", "outcome": "approved"})
        assert response.status_code == 403, path
    app.refresh_from_db()
    assert app.state == State.PROPOSED
    assert client.get(f"/arenden/{app.reference}/atgard/decide/").status_code == 403


def test_auditor_pages_are_for_auditors_only(world, login):
    client = login(world.handler)
    for path in ("/revision/", "/revision/export.csv", "/revision/kedja/", "/revision/ovriga/",
                 "/revision/ovriga/export.csv", "/revision/handelser/1/"):  # fmt: skip
        assert client.get(path).status_code == 403, path
    auditor = login(world.auditor)
    assert auditor.get("/").status_code == 302  # the auditor's start page is the decision log
    assert auditor.get("/revision/").status_code == 200


def test_login_with_empty_fields_says_which_are_missing(world):
    response = Client().post("/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Det här fältet är obligatoriskt.") == 2
    assert 'aria-describedby="id_username_error"' in page
    assert 'aria-describedby="id_password_error"' in page


def test_a_user_with_no_role_sees_no_case_on_pages_or_over_the_api(world, login):
    """Administrations in the profile are not enough: a role is (e.g. one removed on a change
    of jobs), as the audit API already required for the case history."""
    from tests.api.conftest import officer_for
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody", administrations=[world.kultur])
    app = drive(world, world.submit(), State.IN_REVIEW)
    assert login(nobody).get(f"/arenden/{app.reference}/").status_code == 404
    api = officer_for(nobody)
    assert api.get("/api/v1/applications/").json()["results"] == []
    assert api.get(f"/api/v1/applications/{app.pk}/").status_code == 404
    assert login(world.handler).get(f"/arenden/{app.reference}/").status_code == 200


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_password_guessing_is_locked_out_per_username_and_address(world, path, settings):
    """After GRANSKA_LOGIN_FAILURE_LIMIT failures for one username from one address, even the
    right password is refused (429, a Swedish page) until the cool-off time has passed; another
    address, or the same address for another username, is not locked out."""
    world.handler.set_password("korrekt-hast-batteri-1")
    world.handler.is_staff = True
    world.handler.save()
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(path, {"username": "handler", "password": f"gissning-{n}"})
    right = {"username": "handler", "password": "korrekt-hast-batteri-1"}
    locked = guesser.post(path, right)
    assert locked.status_code == 429
    assert "För många inloggningsförsök" in locked.content.decode()
    assert "Försök igen om 15 minuter" in locked.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.9").post(path, right)
    assert elsewhere.status_code == 302  # the real user at another address still gets in


def test_a_successful_login_resets_the_failure_count(world, settings):
    world.handler.set_password("korrekt-hast-batteri-1")
    world.handler.save()
    browser = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(2):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            browser.post("/login/", {"username": "handler", "password": f"fel-{n}"})
        ok = browser.post("/login/", {"username": "handler", "password": "korrekt-hast-batteri-1"})
        assert ok.status_code == 302
        browser.post("/logout/")


def test_a_session_ends_after_two_idle_hours_and_each_request_extends_it(world, login, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    browser = login(world.handler)
    first = browser.get("/").cookies["sessionid"]["max-age"]
    assert first == 7200
    assert browser.get("/").cookies["sessionid"]["max-age"] == 7200  # saved again: extended


def test_pages_carry_a_content_security_policy_and_the_json_api_does_not(world, login):
    page = login(world.handler).get("/")
    policy = page["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "Content-Security-Policy" in Client().get("/login/")
    assert "Content-Security-Policy" not in Client().get("/api/v1/premises/")


def test_pages_name_their_icon_so_browsers_do_not_ask_for_a_missing_favicon():
    page = Client().get("/login/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
