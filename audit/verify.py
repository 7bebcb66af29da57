"""Walk the chain: every hash, every link, every row against its canonical bytes, every checkpoint.

Reads rows with a raw cursor in large keyset chunks (no ORM objects) and names the first sequence
number where the chain is broken, by the rules in docs/audit-format.md ("Verification"):

* a row whose hash, or whose columns, do not match its canonical bytes is broken at its own seq,
  or at the seq its canonical bytes name if that is lower (an event moved: inserted or swapped);
* a missing sequence number (a deleted event) is broken at that number;
* an event whose prev_hash is not the hash of the event before is broken at the event before
  (that event was altered and re-hashed).

On PostgreSQL the columns cannot differ from the canonical bytes while the CHECK constraint of
``audit.constraint`` stands: its definition is checked before and after the rows are read, and
only the canonical bytes are read and hashed. Without it (dropped, altered, not validated) the
database parses the canonical JSON (jsonb) and compares every column in SQL. On SQLite the
canonical text is rebuilt from the columns with C-level string escaping and compared as text.
Large chains are split over worker processes by sequence ranges and the seams checked afterwards.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, connections, transaction

from audit.constraint import constraint_intact
from audit.findings import Finding
from audit.keyset import keyset_rows
from audit.models import ChainHead, Checkpoint
from audit.signing import key_id, verification_keys, verify_note

GENESIS = "0" * 64
CHUNK = 50_000
PARALLEL_MIN = 200_000

_SQLITE_TIME = (
    "CASE WHEN length(occurred_at) = 19 THEN replace(occurred_at, ' ', 'T') || '.000000Z' "
    "ELSE replace(occurred_at, ' ', 'T') || 'Z' END"
)
_PG_TIME = "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
_WHERE = " WHERE {p}seq > %s AND {p}seq <= %s ORDER BY {p}seq LIMIT " + str(CHUNK)


def _prefix(q: Callable[[str], str], num: Callable[[str], str]) -> list[str]:
    """SQL pieces of the canonical text up to and including ``"changes":``."""
    return [
        """'{"action":'""", q("action"), """',"actor":{"administration":'""",
        q("actor_administration"), """',"id":'""", q("actor_id"), """',"role":'""",
        q("actor_role"), """',"type":'""", q("actor_type"), """'},"association":'""",
        num("association_id"), """',"case":'""", q("case_ref"), """',"changes":'""",
    ]  # fmt: skip


def _suffix(
    q: Callable[[str], str], num: Callable[[str], str], time: str, p: str = ""
) -> list[str]:
    """SQL pieces of the canonical text from ``,"from_state":`` to the end (``p``: the table's
    alias and a dot). Format v2: a committed reasons is ``{"sha256":…}`` from
    ``reasons_sha256`` (``reasons`` must then be ""), and ``v`` is ``format_version`` (NULL: 1)."""
    reasons = (
        f"(CASE WHEN {p}reasons_sha256 IS NULL THEN {q('reasons')} "
        f"""WHEN {p}reasons = '' THEN '{{"sha256":' || {q("reasons_sha256")} || '}}' END)"""
    )
    version = f"CAST(COALESCE({p}format_version, 1) AS TEXT)"
    return [
        """',"from_state":'""", q("from_state"), """',"ip":'""", q("ip"),
        """',"object":{"id":'""", q("object_id"), """',"type":'""", q("object_type"),
        """'},"prev_hash":'""", q("prev_hash"), """',"reasons":'""", reasons,
        """',"request_id":'""", q("request_id"), """',"rulebook_version":'""",
        num("rulebook_version"), """',"seq":'""", num("seq"), """',"time":"'""", time,
        """'","to_state":'""", q("to_state"), """',"v":'""", version, """'}'""",
    ]  # fmt: skip


def _sqlite_fast() -> str:
    """SQLite: json_quote escapes strings exactly as RFC 8785 does, and the JSON columns are
    stored in RFC 8785 form (CompactJSONEncoder), so the whole canonical text is rebuilt in SQL."""
    q = num = "json_quote({})".format
    middle = ["changes", """',"criteria":'""", "criteria"]
    rebuilt = " || ".join([*_prefix(q, num), *middle, *_suffix(q, num, _SQLITE_TIME)])
    return (
        f"SELECT seq, prev_hash, hash, CAST(canonical AS BLOB), canonical = ({rebuilt}) "  # noqa: S608
        "FROM audit_auditevent" + _WHERE.format(p="")
    )


def _pg_fast() -> str:
    """PostgreSQL: to_json escapes strings exactly as RFC 8785 does; jsonb columns have their own
    text form, so the text between ``"changes":`` and ``,"from_state":`` is compared as jsonb."""

    def q(col: str) -> str:
        return f"to_json(e.{col})::text"

    def num(col: str) -> str:
        return f"COALESCE(e.{col}::text, 'null')"

    prefix = " || ".join(_prefix(q, num))
    suffix = " || ".join(_suffix(q, num, _PG_TIME.replace("occurred_at", "e.occurred_at"), "e."))
    # On bytes (convert_to), so that no function has to count UTF-8 characters.
    c, lp, ls, lc = "x.b", "octet_length(x.p)", "octet_length(x.s)", "octet_length(x.b)"
    middle = f"convert_from(substring({c} from {lp} + 1 for {lc} - {lp} - {ls}), 'UTF8')"
    ok = (
        f"CASE WHEN substring({c} from 1 for {lp}) = x.p "
        f"AND substring({c} from {lc} - {ls} + 1) = x.s AND {lc} > {lp} + {ls} THEN "
        f"""('{{"c":' || {middle} || '}}')::jsonb = """
        "jsonb_build_object('c', e.changes, 'criteria', e.criteria) ELSE false END"
    )
    return (
        f"SELECT e.seq, e.prev_hash, e.hash, e.canonical, {ok} "  # noqa: S608
        "FROM audit_auditevent e, LATERAL (SELECT convert_to(e.canonical, 'UTF8') AS b, "
        f"convert_to({prefix}, 'UTF8') AS p, convert_to({suffix}, 'UTF8') AS s OFFSET 0) x"
        + _WHERE.format(p="e.")
    )


# PostgreSQL with the constraint intact: the columns are the canonical bytes' own; read the bytes.
_PG_TRUSTED = (
    "SELECT seq, prev_hash, hash, canonical, true FROM audit_auditevent"  # noqa: S608
    + _WHERE.format(p="")
)

_SLOW_SQL = (
    "SELECT seq, prev_hash, hash, canonical, actor_type, actor_id, actor_role, "
    "actor_administration, action, object_type, object_id, case_ref, association_id, from_state, "
    "to_state, reasons, rulebook_version, request_id, ip, {time}, {criteria}, {changes}, "
    "format_version, reasons_sha256 "
    "FROM audit_auditevent WHERE seq > %s AND seq <= %s ORDER BY seq LIMIT " + str(CHUNK)
)


# Why the chain is broken: a stable code (recorded in the ``audit.verified`` event, where the
# auditors' page words it in its own language) and its English text (the command's line and the
# event's reasons), filled from the first bad sequence number and the problem's details.
PROBLEMS: dict[str, str] = {
    "hash_mismatch": "hash does not match the canonical bytes",
    "invalid_event": "canonical bytes are not a valid event",
    "columns_differ": "columns differ from the canonical bytes",
    "json_columns_differ": "criteria or changes differ from the canonical bytes",
    "event_missing": "event missing (deleted)",
    "link_broken": "hash of #{seq} is not the one #{next} links to",
    "seq_below_one": "sequence number below 1",
    "events_missing_at_end": "events missing at the end (head says #{recorded_head})",
    "head_differs": "the recorded head differs from the event at its number",
    "checkpoint_signature": "checkpoint signature does not verify",
    "checkpoint_note": "checkpoint note differs from its record",
    "checkpoint_mismatch": "checkpoint does not match the event at its sequence number",
}


def problem_text(code: str, seq: int, details: dict[str, Any] | None = None) -> str:
    """The English text of a problem at ``seq``."""
    return PROBLEMS[code].format(seq=seq, next=seq + 1, **(details or {}))


@dataclass
class ChainReport:
    events: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    first_bad: int | None = None
    problem_code: str = ""
    problem_details: dict[str, Any] = field(default_factory=dict)  # e.g. {"checkpoint": seq}
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)  # English, with their fields
    notes: list[str] = field(default_factory=list)  # what reconciliation could not check in full
    note_records: list[dict[str, Any]] = field(default_factory=list)  # the notes as fields
    columns: str = "row by row"  # how the columns were checked: or "by the constraint"

    @property
    def intact(self) -> bool:
        return self.first_bad is None

    @property
    def problem(self) -> str:
        """Why the chain is broken, in English ("" when intact)."""
        if self.first_bad is None:
            return ""
        return problem_text(self.problem_code, self.first_bad, self.problem_details)

    def fail(self, seq: int, code: str, **details: Any) -> None:
        if self.first_bad is None or seq < self.first_bad:
            self.first_bad, self.problem_code, self.problem_details = seq, code, details

    def problem_record(self) -> dict[str, Any] | None:
        """The problem as the ``audit.verified`` event records it (docs/audit-format.md)."""
        if self.first_bad is None:
            return None
        return {"code": self.problem_code, "seq": self.first_bad, **self.problem_details}


@dataclass
class Segment:
    """The result of walking one range of sequence numbers."""

    lo: int
    hi: int
    first_prev: str | None = None
    last_hash: str | None = None
    last_seq: int = 0
    first_bad: int | None = None
    problem: str = ""  # a code of PROBLEMS
    hashes: dict[int, str] = field(default_factory=dict)


# --- reading rows ------------------------------------------------------------------------------


def _bytes_cursor() -> Any:
    """PostgreSQL: a raw psycopg cursor with binary results, text columns as their UTF-8 bytes
    (no decoding to str and encoding again before hashing)."""
    import psycopg
    from psycopg.pq import Format
    from psycopg.types.string import ByteaBinaryLoader

    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    cursor.format = Format.BINARY
    cursor.adapters.register_loader("text", ByteaBinaryLoader)
    return cursor


def _rows(sql: str, lo: int, hi: int, as_bytes: bool = False) -> Iterator[Sequence[Any]]:
    with _bytes_cursor() if as_bytes else connection.cursor() as cursor:
        yield from keyset_rows(cursor, sql, after=lo - 1, until=hi)


def _sql(template: str) -> str:
    if connection.vendor == "postgresql":
        return template.format(time=_PG_TIME, criteria="criteria::text", changes="changes::text")
    return template.format(time=_SQLITE_TIME, criteria="criteria", changes="changes")


def _json_column(text: Any) -> Any:
    return json.loads(text) if isinstance(text, str) else text


def _reasons_columns(reasons: Any) -> tuple[str, str | None]:
    """``reasons`` and ``reasons_sha256`` as the canonical reasons give them (format v2: a
    commitment ``{"sha256": …}`` is "" and its digest)."""
    if isinstance(reasons, str):
        return reasons, None
    if isinstance(reasons, dict) and list(reasons) == ["sha256"]:
        return "", reasons["sha256"]
    raise TypeError("reasons is neither a text nor a commitment")


def row_problem(row: Sequence[Any]) -> tuple[str, int | None]:
    """Slow path (json.loads): why a row does not match its canonical bytes (a code of
    PROBLEMS, "" when it does), and the seq they name. Used to explain a mismatch the fast
    projection found, and when the JSON is broken."""
    canonical = row[3]
    if hashlib.sha256(canonical.encode()).hexdigest() != row[2]:
        return "hash_mismatch", None
    try:
        d = json.loads(canonical)
        a, o = d["actor"], d["object"]
        projected = (
            d["seq"], d["prev_hash"], a["type"], a["id"], a["role"], a["administration"],
            d["action"], o["type"], o["id"], d["case"], d["association"], d["from_state"],
            d["to_state"], *_reasons_columns(d["reasons"]), d["rulebook_version"], d["request_id"],
            d["ip"], d["time"], d["v"] if d["v"] != 1 else None,
        )  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return "invalid_event", None
    named = d["seq"] if isinstance(d.get("seq"), int) else None
    columns = (row[0], row[1], *row[4:15], row[15], row[23], *row[16:20], row[22])
    if projected != columns or d["v"] not in (1, 2):
        return "columns_differ", named
    if _json_column(row[20]) != d["criteria"] or _json_column(row[21]) != d["changes"]:
        return "json_columns_differ", named
    return "", None


def _explain(seq: int) -> tuple[str, int | None]:
    row = next(_rows(_sql(_SLOW_SQL), seq, seq), None)
    if row is None:
        return "event_missing", None
    problem, named = row_problem(row)
    return (problem, named) if problem else ("columns_differ", None)


def checked_rows(
    lo: int, hi: int, trusted: bool = False
) -> Iterator[tuple[int, str, str, bytes | str, bool]]:
    """(seq, prev_hash, hash, canonical, columns match) for every row in [lo, hi]; SQLite gives
    the canonical bytes as they are stored (no decoding and re-encoding). ``trusted``: the columns
    are the canonical bytes' own (the PostgreSQL constraint stands), only the bytes are read."""
    if trusted:
        yield from _rows(_PG_TRUSTED, lo, hi, as_bytes=True)  # type: ignore[misc]
        return
    if connection.vendor != "postgresql":
        for r in _rows(_sqlite_fast(), lo, hi):
            yield r[0], r[1], r[2], r[3], bool(r[4])
        return
    last = lo - 1
    try:
        with transaction.atomic():
            for r in _rows(_pg_fast(), lo, hi):
                last = r[0]
                yield r[0], r[1], r[2], r[3], bool(r[4])
        return
    except DatabaseError:  # canonical text that is not JSON where it must be: explain slowly
        pass
    for r in _rows(_sql(_SLOW_SQL), last + 1, hi):
        yield r[0], r[1], r[2], r[3], not row_problem(r)[0]


# --- walking -----------------------------------------------------------------------------------


def walk_segment(lo: int, hi: int, wanted: set[int], trusted: bool = False) -> Segment:
    """Check every row in [lo, hi]: its hash and columns, the run of seqs, the links inside."""
    seg = Segment(lo, hi)
    expected, prev, sha = lo, None, hashlib.sha256
    for seq, link, digest, canonical, columns_ok in checked_rows(lo, hi, trusted):
        data = canonical if isinstance(canonical, bytes) else canonical.encode()
        if sha(data).hexdigest() != digest or not columns_ok:
            problem, named = _explain(seq)
            seg.first_bad = min(seq, named) if isinstance(named, int) else seq
            seg.problem = problem
            return seg
        if seq != expected:
            seg.first_bad, seg.problem = expected, "event_missing"
            return seg
        if prev is None:
            seg.first_prev = link
        elif link != prev:
            seg.first_bad, seg.problem = seq - 1, "link_broken"
            return seg
        if seq in wanted:
            seg.hashes[seq] = digest
        prev, expected = digest, seq + 1
    seg.last_hash, seg.last_seq = prev, expected - 1
    return seg


def _walk_in_child(args: tuple[int, int, set[int], bool]) -> Segment:
    connections.close_all()
    try:
        return walk_segment(*args)
    finally:
        connections.close_all()


def _segments(lo: int, hi: int, wanted: set[int], workers: int, trusted: bool) -> list[Segment]:
    if workers <= 1 or hi - lo < PARALLEL_MIN:
        return [walk_segment(lo, hi, wanted, trusted)]
    step = (hi - lo + workers) // workers
    ranges = [(a, min(hi, a + step - 1), wanted, trusted) for a in range(lo, hi + 1, step)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_walk_in_child, ranges)


def stitch(segments: list[Segment], report: ChainReport) -> dict[int, str]:
    """Join the segments: each must start where the one before ended."""
    prev, hashes = GENESIS, dict[int, str]()
    for seg in segments:
        if seg.first_prev is not None and seg.first_prev != prev:
            report.fail(seg.lo - 1, "link_broken")
            return hashes
        hashes.update(seg.hashes)
        if seg.first_bad is not None:
            report.fail(seg.first_bad, seg.problem)
            return hashes
        if seg.last_seq != seg.hi:
            report.fail(seg.last_seq + 1, "event_missing")
            return hashes
        prev = seg.last_hash or prev
    report.events = report.head_seq = segments[-1].hi if segments else 0
    report.head_hash = prev
    return hashes


def _bounds() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(seq), MAX(seq) FROM audit_auditevent")
        lo, hi = cursor.fetchone()
    return (1 if lo is None else min(1, lo)), (0 if hi is None else hi)


def check_head(report: ChainReport, head: ChainHead, hashes: dict[int, str]) -> None:
    """The head as last recorded (when a checkpoint was signed) must still be in the chain."""
    if head.seq > report.head_seq:
        report.fail(report.head_seq + 1, "events_missing_at_end", recorded_head=head.seq)
    elif head.seq and hashes.get(head.seq) != head.hash:
        report.fail(head.seq, "head_differs")


def _verified_body(cp: Checkpoint, keys: list[Any]) -> Any:
    """The note's body if it verifies under the key it names (its key id) among the current and
    previous keys, by the origin it was signed under (AUDIT_LOG_ORIGIN may change later)."""
    for key in keys:
        if key_id(cp.origin, key).hex() == cp.key_id:
            return verify_note(cp.note, key, cp.origin)
    return None


def check_checkpoints(report: ChainReport, checkpoints: list[Checkpoint], hashes: dict) -> None:
    keys = verification_keys() if checkpoints else []
    for cp in checkpoints:
        body = _verified_body(cp, keys)
        if body is None:
            report.fail(cp.seq, "checkpoint_signature", checkpoint=cp.seq)
        elif (body.size, body.hash_hex, body.origin) != (cp.seq, cp.hash, cp.origin):
            report.fail(cp.seq, "checkpoint_note", checkpoint=cp.seq)
        elif hashes.get(cp.seq) != cp.hash:
            report.fail(cp.seq, "checkpoint_mismatch", checkpoint=cp.seq)
    report.checkpoints = len(checkpoints)


def default_workers() -> int:
    if multiprocessing.current_process().daemon:  # e.g. a Celery prefork worker
        return 1
    return min(4, os.cpu_count() or 1)


def columns_trusted() -> bool:
    """PostgreSQL, and the constraint tying columns to canonical bytes stands as defined."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return constraint_intact(cursor)


def verify_chain(workers: int | None = None) -> ChainReport:
    """Verify every event and checkpoint in the database."""
    report = ChainReport()
    # The head and the checkpoints before the events' bounds: they only ever move forward, so
    # read first they never point past the events read after (an event and a checkpoint that
    # commit in between would otherwise look like events missing at the end).
    head, _ = ChainHead.objects.get_or_create(id=1)
    checkpoints = list(Checkpoint.objects.order_by("seq"))
    lo, hi = _bounds()
    if lo < 1:
        report.fail(lo, "seq_below_one")
        return report
    wanted = {cp.seq for cp in checkpoints} | {head.seq}
    n = default_workers() if workers is None else workers
    trusted = columns_trusted()
    segments = _segments(lo, hi, wanted, n, trusted)
    if trusted and not columns_trusted():  # the constraint went away while the rows were read
        trusted, segments = False, _segments(lo, hi, wanted, n, False)
    report.columns = "by the constraint" if trusted else "row by row"
    hashes = stitch(segments, report)
    if report.intact:
        check_head(report, head, hashes)
    check_checkpoints(report, checkpoints, hashes)
    return report
