"""The statutes text as an officer reads it: the reader's Markdown markup (``## Stadgar``,
``#### §1 …``, ``- `` list items, ``**bold**``) shown as headings and bullets, not as raw
characters. The text is only cut into pieces; every piece is escaped by the template (no HTML
from the document reaches the page), and the marked quotes keep their places because each
segment is rendered on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Markdown heading at the start of a line: "#" to "######" and a space.
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
# A list item at the start of a line: "-", "*" or "+" and a space (indentation kept).
BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
BOLD = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class Piece:
    text: str
    heading: bool = False


def rendered(texts: list[str]) -> list[list[Piece]]:
    """Consecutive segments of the statutes (``texts``), each as pieces to show: a heading
    line's text as heading pieces without its "#"s, a list item with a bullet, bold markers
    dropped. A line may run over several segments (a marked quote may begin mid-line)."""
    out: list[list[Piece]] = []
    line_start, heading = True, False
    for text in texts:
        segment: list[Piece] = []
        for line in text.splitlines(keepends=True):
            if line_start:
                marker = HEADING.match(line)
                heading = marker is not None
                line = line[marker.end() :] if marker else BULLET.sub(r"\1• ", line, count=1)
            body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
            body = BOLD.sub("", body)
            if body:
                segment.append(Piece(body, heading))
            if newline:
                segment.append(Piece(newline))
                heading = False
            line_start = bool(newline)
        out.append(segment)
    return out
