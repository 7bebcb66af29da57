"""The accessibility statement (tillgänglighetsredogörelse, DOS-lagen): public, linked from every
page's footer, in Swedish and English, with conformance, method, shortcomings, a contact for
reporting problems (GRANSKA_ACCESSIBILITY_CONTACT) and the supervisory authority's form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.world import World, drive
from vetting.models import Kind, State
from web.accessibility import DIGG_REPORT_URL, Contact, contact_link

pytestmark = pytest.mark.django_db
STATEMENT = "/tillganglighet/"
FOOTER_LINK = f'<a href="{STATEMENT}" id="accessibility-link">'


def test_anyone_can_read_it_without_logging_in() -> None:
    response = Client().get(STATEMENT)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tillgänglighetsredogörelse för Granska</h1>" in page
    assert "Exempelkommunen står bakom Granska" in page
    assert "delvis förenlig" in page and "WCAG 2.1 på nivå AA" in page and "EN 301 549" in page
    assert "axe-core" in page and "320 pixlars bredd" in page
    assert "bokmärken för avsnitten, men texten är inte taggad" in page
    assert "Bedömningen gjordes 2026-11-21" in page


def test_it_names_the_contact_and_diggs_report_form() -> None:
    page = Client().get(STATEMENT).content.decode()
    assert (
        '<a href="mailto:tillganglighet@exempelkommunen.example" id="accessibility-contact">'
        in page
    )
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert f'<a href="{DIGG_REPORT_URL}" hreflang="sv" id="digg-report">' in page
    assert "(på svenska)" not in page


def test_the_contact_comes_from_the_environment(settings) -> None:
    settings.GRANSKA_ACCESSIBILITY_CONTACT = "https://kommun.se/felanmalan"
    settings.GRANSKA_MUNICIPALITY = "Storstads kommun"
    page = Client().get(STATEMENT).content.decode()
    assert '<a href="https://kommun.se/felanmalan" id="accessibility-contact">' in page
    assert "Storstads kommun står bakom Granska" in page


def test_in_english() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": STATEMENT})
    page = client.get(STATEMENT).content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Accessibility statement for Granska</h1>" in page
    assert "partially compliant" in page and "Report a problem" in page
    assert "Digg's form for reporting inaccessibility</a> (in Swedish)" in page
    assert FOOTER_LINK + "Accessibility statement</a>" in page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("info@kommun.se", Contact("info@kommun.se", "mailto:info@kommun.se")),
        (" https://kommun.se/form ", Contact("https://kommun.se/form", "https://kommun.se/form")),
        ("+46 (0)8-123 45 67", Contact("+46 (0)8-123 45 67", "tel:+46081234567")),
        ("Kommunens kontaktcenter", Contact("Kommunens kontaktcenter", "")),
        ("mailto:info@kommun.se", Contact("info@kommun.se", "mailto:info@kommun.se")),
        ("tel:+46 8 123 45 67", Contact("+46 8 123 45 67", "tel:+4681234567")),
        ("tel:0771-XX", Contact("0771-XX", "tel:0771-XX")),
    ],
)
def test_contact_link(value: str, expected: Contact) -> None:
    assert contact_link(value) == expected


def test_every_page_links_to_it_in_the_footer(world: World, login) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.REJECTED)
    handler = login(world.handler)
    paths = ["/", f"/arenden/{app.reference}/", f"/arenden/{app.reference}/atgard/withdraw/"]
    paths.append(f"/arenden/{app.reference}/beslut/{app.decisions.get().pk}/")
    pages = [handler.get(path) for path in paths]
    pages += [Client().get("/login/"), handler.get("/finns-inte/"), handler.get("/revision/")]
    pages.append(login(world.auditor).get("/revision/kedja/"))
    for response in pages:
        assert FOOTER_LINK in response.content.decode(), response.request["PATH_INFO"]
