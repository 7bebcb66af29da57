"""403, 404 and 500 are pages of the site: its layout, the page's language, and for 403 the
reason the view gave (it was a bare English "403 Forbidden")."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.world import World

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def in_layout(page: str) -> bool:
    return 'class="site-header"' in page and 'id="main"' in page


def test_403_shows_the_reason_in_the_layout(world: World, login) -> None:
    response = login(world.handler).get("/revision/")
    page = response.content.decode()
    assert response.status_code == 403 and in_layout(page)
    assert "Åtkomst nekas" in page and "Sidan är till för revisorer." in page
    assert "403 Forbidden" not in page


def test_403_in_english(world: World, login) -> None:
    page = english(login(world.handler)).get("/revision/").content.decode()
    assert "Access denied" in page and "This page is for auditors." in page


def test_an_auditor_who_posts_is_told_why(world: World, login) -> None:
    app = world.submit()
    response = login(world.auditor).post(f"/arenden/{app.reference}/atgard/assign/", {})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Revisorer har läsbehörighet och kan inte ändra något." in page and in_layout(page)


def test_404_for_a_case_of_another_administration(world: World, login) -> None:
    app = world.submit()
    response = login(world.other_handler).get(f"/arenden/{app.reference}/")
    page = response.content.decode()
    assert response.status_code == 404 and in_layout(page)
    assert "Sidan finns inte" in page and f"/arenden/{app.reference}/" in page
    assert app.subject not in page


def test_404_in_english(world: World, login) -> None:
    page = english(login(world.handler)).get("/finns-inte/").content.decode()
    assert "Page not found" in page and "/finns-inte/" in page


def test_500_is_a_page_of_the_site(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from web.views import audit

    def broken(**kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(audit.auditchain, "chain_status", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.auditor)
    response = client.get("/revision/kedja/")
    page = response.content.decode()
    assert response.status_code == 500 and in_layout(page)
    assert "Något gick fel" in page and "boom" not in page


def test_an_expired_form_is_a_page_of_the_site_that_says_what_to_do(world: World) -> None:
    """A form opened before logging in again in another tab: its token no longer holds. Was
    Django's English debugging page ("More information is available with DEBUG=True")."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.handler)
    client.get("/")  # the page sets the CSRF cookie
    app = world.submit()
    response = client.post(
        f"/arenden/{app.reference}/atgard/assign/", {"csrfmiddlewaretoken": "x" * 32}
    )
    page = response.content.decode()
    assert response.status_code == 403 and in_layout(page)
    assert "Formuläret har gått ut" in page and "Ingenting har sparats." in page
    assert f'href="/arenden/{app.reference}/atgard/assign/"' in page
    assert "DEBUG" not in page


def test_an_expired_form_in_english_and_without_the_cookie(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language selector sets it
    page = client.post("/login/", {"username": "x", "password": "y"}).content.decode()
    assert '<html lang="en"' in page and "The form has expired" in page
    assert "Allow cookies for this site" in page


def test_logout_by_get_shows_the_button_and_logs_out_only_by_post(world: World, login) -> None:
    client = login(world.handler)
    response = client.get("/logout/")
    page = response.content.decode()
    assert response.status_code == 200 and in_layout(page)
    assert 'id="logout-form"' in page and 'method="post"' in page
    assert client.get("/").status_code == 200  # still logged in
    assert client.post("/logout/").status_code == 302
    assert client.get("/logout/")["Location"] == "/login/"
