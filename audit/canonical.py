"""RFC 8785 (JCS) bytes: the standard library's C encoder where it writes the same bytes.

``rfc8785.dumps`` is pure Python (a regex substitution and a write per string); it cost about a
sixteenth of a booking intake's Python CPU. For the values the trail holds (strings, integers,
booleans, null, lists and objects with ASCII keys) ``json.dumps(..., ensure_ascii=False,
sort_keys=True, separators=(",", ":"))`` writes the RFC 8785 bytes:

* strings: the same characters are escaped (``"``, ``\\``, and U+0000..U+001F, as ``\\b \\f \\n
  \\r \\t`` or ``\\u00xx`` in lower case), everything else is written as is; encoding to UTF-8
  then refuses a lone surrogate, as RFC 8785 does;
* integers: plain decimal (RFC 8785: within +-(2**53 - 1));
* object keys: sorted by code point, which for ASCII keys is RFC 8785's UTF-16 order.

A subclass of str is written as its characters by both (an application's kind, a TextChoices
member, is one). Anything else (a float, a tuple, a subclass of int, dict or list, a key that is
not plain ASCII str, an integer out of range, a lone surrogate, very deep nesting) goes to
``rfc8785.dumps``, so the bytes and the exceptions are the package's own.
``tests/audit/test_canonical.py`` checks ``jcs`` against it.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

_INT_MAX = 2**53 - 1
# Deeper values go to rfc8785 (and a value that contains itself fails there as it always did).
_MAX_DEPTH = 64

_encode = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False,
    check_circular=False,  # _plain has walked the value: a tree (or a DAG) of bounded depth
).encode  # fmt: skip


def jcs(obj: Any) -> bytes:
    """The RFC 8785 serialisation of ``obj`` in UTF-8, exactly as ``rfc8785.dumps(obj)``."""
    if _plain(obj, 0):
        try:
            return _encode(obj).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: rfc8785 raises its own error for it
    return rfc8785.dumps(obj)


def _plain(value: Any, depth: int) -> bool:
    """Only str (or a subclass)/exact int/bool/None/list/dict with exact ASCII str keys, integers
    in RFC 8785's range."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return True
    if kind is int:
        return -_INT_MAX <= value <= _INT_MAX
    if depth >= _MAX_DEPTH:
        return False
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not key.isascii() or not _plain(item, depth + 1):
                return False
        return True
    if kind is list:
        return all(_plain(item, depth + 1) for item in value)
    # A subclass of str (a TextChoices member such as an application's kind): both write its
    # characters (rfc8785 through re.sub, which returns a plain str; the C encoder reads them
    # directly), never its __str__. Not as a key: sorting could use its own comparison.
    return isinstance(value, str)
