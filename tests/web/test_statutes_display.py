"""The statutes panel shows the reader's Markdown as headings and bullets, not as "##" and
"- ", and escapes whatever the text holds."""

from __future__ import annotations

import pytest

from associations.models import StatutesVersion
from tests.world import drive, statutes_of
from vetting.models import State
from web.statutesdisplay import Piece, rendered

pytestmark = pytest.mark.django_db

MARKDOWN = (
    "## Stadgar\n\n#### §1 Föreningens namn\n\nFöreningens namn är **Exempel**.\n\n"
    "- ) mötets öppnande\n  * val av ordförande\nÅrsmötet är föreningens högsta organ. "
    "<script>alert(1)</script>\n"
)


def test_markdown_is_shown_as_headings_and_bullets_across_segments() -> None:
    # A marked quote may cut a heading line: the heading goes on in the next segment.
    first, second = rendered(["#### §1 Före", "ningens namn\n- punkt **fet**\n"])
    assert first == [Piece("§1 Före", heading=True)]
    assert second[0] == Piece("ningens namn", heading=True)
    assert Piece("• punkt fet") in second
    assert rendered(["Text med # mitt i\n"]) == [[Piece("Text med # mitt i"), Piece("\n")]]


def test_the_case_page_shows_no_markdown_and_escapes_the_text(world, login) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    StatutesVersion.objects.filter(pk=statutes_of(world).pk).update(text=MARKDOWN)
    page = login(world.handler).get(f"/arenden/{app.reference}/").content.decode()
    panel = page[page.index('<div class="statutes"') :]
    panel = panel[: panel.index("</div>")]
    assert "##" not in panel and "**" not in panel and "- )" not in panel
    assert '<strong class="statute-heading">§1 Föreningens namn</strong>' in panel
    assert "• ) mötets öppnande" in panel and "  • val av ordförande" in panel
    assert "<script>" not in panel and "&lt;script&gt;" in panel
