"""Keyset pagination over raw SQL: read a large table in pages without OFFSET or ORM objects."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


def keyset_rows(
    cursor: Any,
    sql: str,
    *,
    after: int,
    until: int | None = None,
    params: Sequence[Any] = (),
) -> Iterator[tuple[Any, ...]]:
    """Every row of ``sql``, page by page, in the order of its first column (the key).

    ``sql`` selects the key first, filters ``key > %s`` (and ``key <= %s`` when ``until`` is
    given), orders by the key and ends with ``LIMIT``. It is run with ``[*params, after]``
    (``[*params, after, until]``), ``after`` moving to the last key of each page, until a page is
    empty or the key has reached ``until``.
    """
    bound = [] if until is None else [until]
    while until is None or after < until:
        cursor.execute(sql, [*params, after, *bound])
        rows = cursor.fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]
