"""``audit.canonical.jcs`` writes exactly ``rfc8785.dumps``'s bytes, or raises its exception."""

from __future__ import annotations

import enum
import hashlib
from typing import Any

import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st

from audit import canonical
from audit.canonical import jcs
from audit.services import canonical_bytes
from tests.audit.test_format import doc_blocks, event_one
from vetting.models import Kind


class Text(str):
    """A str subclass whose own methods would give other bytes: neither writer uses them."""

    def __str__(self) -> str:
        return "other"

    def encode(self, *args: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        return b"other"


# Every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(codec=None, categories=None)
TEXT = st.text(ANY_CHAR, max_size=12) | st.sampled_from(
    ["", '"', "\\", "\x00", "\x1f", "\x7f", "\b\f\n\r\t", "\u2028\u2029", "ä", "😀", "\ud800"]
)
KEYS = TEXT | st.sampled_from(["a", "B", "_", "é", "\uffff", "😀", "\ue000", "𐀀"])
INTS = st.integers(min_value=-(2**60), max_value=2**60) | st.sampled_from(
    [2**53 - 1, -(2**53) + 1, 2**53, -(2**53), 0, -1]
)
SCALARS = st.none() | st.booleans() | INTS | TEXT | st.floats() | st.builds(lambda t: Text(t), TEXT)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=5)
    ),
    max_leaves=25,
)


def outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(value)
    except Exception as exc:
        return type(exc).__name__, str(exc)


@settings(max_examples=600, deadline=None)
@given(JSON)
@example({"b": 1, "a": [True, False, None], "é": "x", "😀": 1, "\ue000": 2})
@example({"k": "\ud800"})
@example({"\ud800": 1})
@example([2**53 - 1, -(2**53) + 1])
@example([2**53])
@example({1: "x"})
@example(1.5)
@example({"x": float("nan")})
def test_jcs_is_rfc8785(value: Any) -> None:
    assert outcome(jcs, value) == outcome(rfc8785.dumps, value)


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    "value",
    [
        Colour.RED,
        {"c": Colour.RED, "l": Level.HIGH},
        [Text("a\n")],
        {Text("k"): 1},
        ("a", 1),
        {"x": 0.1, "y": -0.0, "z": 1e21},
        {"set": {1}},
        {"bytes": b"x"},
    ],
)
def test_values_outside_the_fast_path_give_rfc8785s_result(value: Any) -> None:
    assert outcome(jcs, value) == outcome(rfc8785.dumps, value)


def test_a_value_nested_deeper_than_the_limit_and_one_containing_itself() -> None:
    deep: list[Any] = []
    for _ in range(100):
        deep = [deep]
    assert jcs(deep) == rfc8785.dumps(deep)
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(RecursionError):
        rfc8785.dumps(loop)
    with pytest.raises(RecursionError):
        jcs(loop)


def test_an_event_body_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented test vector (docs/audit-format.md 1.3) is written by the standard library's
    encoder, not by rfc8785, and still hashes as documented."""

    def refuse(obj: Any) -> bytes:
        raise AssertionError("rfc8785 was used")

    monkeypatch.setattr(canonical.rfc8785, "dumps", refuse)
    data = canonical_bytes(event_one())
    assert data.decode() in doc_blocks()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == "bf4f7bc7633e527bdfd9dd4244543bfc34098b541a7c59c2e66b7d1a032464f6"
    # An intake's event: its changes name the kind, a TextChoices member.
    intake = canonical_bytes({**event_one(), "changes": {"kind": Kind.LOKALUTHYRNING}})
    assert b'"changes":{"kind":"lokaluthyrning"}' in intake
