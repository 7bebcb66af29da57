"""English is a complete translation of the Swedish source strings, and the .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
STRING = r'"((?:[^"\\]|\\.)*)"'


def _text(chunk: str) -> str:
    raw = "".join(re.findall(STRING, chunk))
    return (
        raw.encode("utf-8")  # escapes decoded byte-wise, the UTF-8 bytes kept as they are
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        if "\\" in raw
        else raw
    )


def po_entries() -> list[tuple[str, list[str]]]:
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M)
        if not match or not _text(match.group(1)):
            continue
        strs = re.findall(r"^msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block, re.M)
        entries.append((_text(match.group(1)), [_text(s) for s in strs]))
    return entries


def test_every_message_has_an_english_translation():
    untranslated = [msgid for msgid, strs in po_entries() if not all(strs)]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    singular = [(m, s[0]) for m, s in po_entries() if len(s) == 1]
    assert len(singular) > 300
    stale = [m for m, s in singular if catalogue.gettext(m) != s]
    assert stale == []


def test_compiled_catalogue_matches_the_po_files_plurals():
    """The plural forms too (a merge once left a .mo without a branch's plural messages)."""
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    plurals = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        plural = re.search(r"^msgid_plural ((?:\".*\"\n?)+)", block, re.M)
        singular = re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M)
        forms = re.findall(r"^msgstr\[\d\] ((?:\".*\"\n?)+)", block, re.M)
        if plural and singular and not block.lstrip().startswith("#~"):
            plurals.append((_text(singular.group(1)), _text(plural.group(1)), forms))
    assert len(plurals) > 5
    stale = [
        one
        for one, many, forms in plurals
        if catalogue.ngettext(one, many, 1) != _text(forms[0])
        or catalogue.ngettext(one, many, 2) != _text(forms[1])
    ]
    assert stale == []


TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def template_messages() -> set[str]:
    """The literal strings of ``{% translate "…" %}`` in the templates."""
    found: set[str] = set()
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"', text))
        found.update(re.findall(r"{%\s*(?:translate|trans)\s+'([^']*)'", text))
    return found


def test_every_template_message_is_in_the_catalogue():
    messages = template_messages()
    assert len(messages) > 100
    known = {msgid for msgid, _ in po_entries()}
    assert sorted(messages - known) == []


BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)


def template_block_messages() -> set[tuple[str, str]]:
    """(msgid, msgid_plural) of every ``{% blocktranslate %}``, as makemessages writes them."""
    found: set[tuple[str, str]] = set()
    for path in TEMPLATES.rglob("*.html"):
        for body in BLOCK.findall(path.read_text(encoding="utf-8")):
            body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body)
            singular, *plural = re.split(r"{%\s*plural\s*%}", body, maxsplit=1)
            found.add((singular, plural[0] if plural else ""))
    return found


def po_plurals() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    return {
        _text(m.group(1)): _text(m.group(2))
        for m in re.finditer(r"^msgid ((?:\".*\"\n)+)msgid_plural ((?:\".*\"\n?)+)", text, re.M)
    }


def test_every_blocktranslate_message_is_in_the_catalogue():
    blocks = template_block_messages()
    assert len(blocks) > 10 and any(plural for _, plural in blocks)
    known, plurals = {msgid for msgid, _ in po_entries()}, po_plurals()
    missing = sorted(m for m, plural in blocks if m not in known)
    wrong_plural = sorted(m for m, plural in blocks if plural and plurals.get(m) != plural)
    assert (missing, wrong_plural) == ([], [])


@pytest.mark.django_db
def test_pages_in_english(world, login):
    client = login(world.handler)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    app = world.submit()
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert '<h2 id="application-heading">Application</h2>' in page
    assert "Association grant" in page and "Not assessed" in page
    assert "Ej bedömt" not in page and "Ärendeslag" not in page


ROOT = Path(__file__).resolve().parents[2]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}  # no pgettext in use
CODE_DIRS = ("api", "associations", "audit", "bookings", "config", "ops", "vetting", "web")


def code_messages() -> set[str | tuple[str, int]]:
    """The literal first argument of every gettext call in the application's Python code (not
    the migrations, whose choices repeat the models'), keyed as the compiled catalogue keys it:
    a plural message by (singular, 0)."""
    found: set[str | tuple[str, int]] = set()
    for directory in CODE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                first = node.args[0]
                if name in GETTEXT_NAMES and isinstance(first, ast.Constant):
                    plural = name.startswith("n")
                    found.add((str(first.value), 0) if plural else str(first.value))
    return found


def test_every_message_in_the_code_is_in_the_catalogue():
    """A string marked in the code but missing from the .po (or fuzzy, which msgfmt leaves out)
    shows in Swedish on the English pages: "Bidraget återkallat" did, in the queue's filter."""
    messages = code_messages()
    assert len(messages) > 300 and "Bidraget återkallat" in messages
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    missing = sorted(str(m) for m in messages if m not in catalogue._catalog)  # type: ignore[attr-defined]
    assert missing == []


def test_underlag_is_evidence_in_english_wherever_it_labels_evidence():
    """The decision's criteria lines said "Material:" where the case page's column said
    "Evidence": one word for one thing."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("en"):
        column = gettext("Underlag")
        line = gettext("Underlag: %(evidence)s") % {"evidence": "x"}
    assert column == "Evidence" and line == f"{column}: x"
