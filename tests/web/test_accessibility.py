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
    for path in ("/revision/", "/revision/kedja/", f"/revision/arenden/{rental.reference}/"):
        check(auditor, path)
    from django.test import Client

    check(Client(), "/login/")
