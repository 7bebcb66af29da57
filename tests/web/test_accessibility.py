"""Accessibility basics checked on every page: a labelled control for every field, one h1,
headings in order, a skip link, the page language. (The browser test checks keyboard focus and
narrow screens.)"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.world import drive
from vetting.models import Kind, State
from web.actions import SPECS

pytestmark = pytest.mark.django_db
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.headings: list[int] = []
        self.html_lang: str | None = None
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") not in UNLABELLED_TYPES:
            self.controls.append({**a, "_wrapped": "1" if self._label_depth else None})
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [
            str(c.get("name"))
            for c in self.controls
            if not c.get("_wrapped")
            and not c.get("aria-label")
            and c.get("id") not in self.label_for
        ]


def check(client, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200, path
    page = Page()
    page.feed(response.content.decode())
    assert page.unlabelled() == [], path
    assert page.headings.count(1) == 1, path
    jumps = [b for a, b in zip(page.headings, page.headings[1:], strict=False) if b > a + 1]
    assert jumps == [], (path, page.headings)
    assert page.html_lang == "sv", path
    assert 'class="skip-link"' in response.content.decode()
    return page


def test_every_page_and_form_is_labelled_with_ordered_headings(world, login):
    rental = world.submit(Kind.LOKALUTHYRNING)
    drive(world, rental, State.REJECTED)
    grant = world.submit(Kind.FORENINGSBIDRAG)
    drive(world, grant, State.PROPOSED)
    handler = login(world.handler)
    paths = [
        "/",
        "/?group=all",
        "/foreningar/",
        f"/foreningar/{world.scouts.pk}/",
        f"/arenden/{rental.reference}/",
        f"/arenden/{grant.reference}/",
        f"/arenden/{rental.reference}/beslut/{rental.decisions.get().pk}/",
        f"/arenden/{rental.reference}/kommunicering/{rental.communications.get().pk}/",
    ]
    paths += [f"/arenden/{grant.reference}/atgard/{action}/" for action in SPECS]
    for path in paths:
        check(handler, path)
    auditor = login(world.auditor)
    for path in (
        "/revision/", "/revision/kedja/", f"/revision/arenden/{rental.reference}/",
        "/revision/ovriga/", "/revision/ovriga/?kind=nonsense", "/revision/handelser/1/",
    ):  # fmt: skip
        check(auditor, path)
    from django.test import Client

    check(Client(), "/login/")
    check(Client(), "/tillganglighet/")


def test_the_language_choices_are_marked_with_their_language(world, login):
    page = login(world.handler).get("/").content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="sv" lang="sv" selected>Svenska</option>' in page


def test_statutes_are_marked_swedish_in_the_english_pages(world, login):
    app = world.submit()
    handler = login(world.handler)
    handler.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = handler.get(f"/arenden/{app.reference}/").content.decode()
    assert '<html lang="en">' in page
    assert '<div class="statutes" lang="sv" tabindex="0" role="region"' in page


def test_a_failed_login_ties_the_error_to_both_fields(world):
    from django.test import Client

    page = Client().post("/login/", {"username": "handler", "password": "fel"}).content.decode()
    assert 'role="alert" id="login-error"' in page
    assert page.count('aria-invalid="true" aria-describedby="login-error"') == 2


def test_the_queue_announces_the_filtered_count(world, login):
    world.submit(Kind.LOKALUTHYRNING)
    handler = login(world.handler)
    page = handler.get("/?group=all").content.decode()
    status = '<p id="queue-status" class="visually-hidden" role="status">Alla synliga: 1 ärende</p>'
    assert status in page
    answer = handler.get("/?group=all&kind=foreningsbidrag", headers={"HX-Request": "true"})
    assert (
        '<p id="queue-status" hx-swap-oob="innerHTML">Alla synliga: 0 ärenden</p>'
        in answer.content.decode()
    )
    invalid = handler.get("/?group=all&kind=nej", headers={"HX-Request": "true"}).content.decode()
    assert "Filtret är ogiltigt och inga ärenden visas.</p>" in invalid


def test_recorded_swedish_text_is_marked_swedish_in_the_english_pages(world, login):
    """Subjects, reasons, criteria titles, evidence and the fixed clauses are recorded in Swedish
    (the trail is Swedish): an English page marks them lang="sv" (WCAG 3.1.2)."""
    app = drive(
        world, world.submit(Kind.LOKALUTHYRNING, subject="Hyra för vårkonsert"), State.REJECTED
    )
    handler = login(world.handler)
    handler.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = handler.get(f"/arenden/{app.reference}/").content.decode()
    assert f'<h1>{app.reference}: <span lang="sv">Hyra för vårkonsert</span></h1>' in page
    assert f'<span lang="sv">{app.proposal_reasons}</span>' in page
    assert '<span lang="sv">Öppet medlemskap</span>' in page
    assert '<span class="muted" lang="sv">' in page  # the timeline's reasons
    decision = app.decisions.get()
    document = handler.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert '<html lang="en">' in document
    assert f'<p lang="sv">{decision.reasons}</p>' in document
    assert '<p lang="sv">Hur man överklagar' in document
    assert "<h2>How to appeal</h2>" in document


def test_the_main_menu_marks_the_current_page(world, login):
    auditor = login(world.auditor)
    page = auditor.get("/revision/kedja/").content.decode()
    assert 'href="/revision/kedja/" aria-current="page">Kontroll av loggen</a>' in page
    assert page.count('aria-current="page"') == 1
    case_page = login(world.handler).get(f"/arenden/{world.submit().reference}/").content.decode()
    assert 'aria-current="page"' not in case_page


def test_the_queue_marks_its_menu_link_as_the_page_and_the_group_tab_as_selected(world, login):
    """The work queue is the page; the selected group is one of a set of filter links, so it is
    aria-current="true", not a second current page (full page and htmx answer alike)."""
    client = login(world.handler)
    page = client.get("/?group=all").content.decode()
    htmx = client.get("/?group=all", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/" aria-current="page">Arbetskö</a>' in page
    assert page.count('aria-current="page"') == 1 and 'aria-current="page"' not in htmx
    for body in (page, htmx):
        tabs = body[body.index('<nav id="queue-tabs"') :]
        assert tabs.count('aria-current="true"') == body.count('aria-current="true"') == 1
        assert '?group=all" aria-current="true">' in tabs
