"""Benchmark of the audit trail: write path, verification, export, independent verifier,
decision log. One command; every figure with a ratio against a baseline measured in the same run.

    .venv/bin/python bench/audit.py                                  # default: small, minutes
    .venv/bin/python bench/audit.py --events 1000000 --decision-log-events 10000000 --db both

PostgreSQL needs DATABASE_URL pointing at a server (``eval "$(scripts/services.sh)"``); the
benchmark creates and drops its own database there. SQLite runs in a temporary file.

Steps per database:
1. fill: N events through the real write path (``record_event``), ``--batch`` per transaction;
2. transition overhead: p50 of a real service transition (``application_submit``) with and
   without its audit write, interleaved in the same run;
3. ``audit_verify`` core (``verify_chain``) vs a baseline of raw SHA-256 over the same bytes;
4. JSONL export, then ``tools/verify_audit_export.py`` on it (a separate process) vs a baseline
   of raw SHA-256 over the same file's event bytes;
5. (PostgreSQL) the decision log over M events: the rows are generated with
   ``INSERT ... SELECT generate_series`` directly, NOT through the write path (documented in
   docs/audit-format.md), then a filtered page of GET /api/v1/audit/decisions/ is timed.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

# Running ``python bench/audit.py`` puts bench/ first on sys.path, where other benchmarks' modules
# (bench/queue.py) would shadow the standard library when Django imports it.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
ROOT = Path(__file__).resolve().parents[1]
VERIFIER = ROOT / "tools" / "verify_audit_export.py"


def log(text: str) -> None:
    print(text, flush=True)


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


# --- parent: one child process per database -----------------------------------------------------


def pg_admin_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit('--db postgres needs DATABASE_URL=postgres://... (eval "$(scripts/services.sh)")')
    return url


def run_child(db: str, args: argparse.Namespace) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    env = dict(os.environ, AUDIT_SIGNING_KEY=base64.b64encode(seed).decode())
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as tmp:
        env["GRANSKA_VAR_DIR"] = tmp
        dbname = ""
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            import psycopg

            base = pg_admin_url()
            dbname = f"granska_audit_bench_{os.getpid()}"
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {dbname}")
            env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + dbname
        try:
            cmd = [sys.executable, __file__, "--child", db, *child_args(args), "--tmp", tmp]
            subprocess.run(cmd, env=env, check=True, cwd=ROOT)
        finally:
            if dbname:
                import psycopg

                with psycopg.connect(pg_admin_url(), autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def child_args(args: argparse.Namespace) -> list[str]:
    return [
        "--events", str(args.events), "--batch", str(args.batch),
        "--transitions", str(args.transitions),
        "--decision-log-events", str(args.decision_log_events),
    ]  # fmt: skip


# --- child: the measurements -------------------------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(n: int, batch: int) -> float:
    from django.db import transaction

    from audit.context import Actor
    from audit.services import record_event

    actor = Actor(kind="person", ref="f" * 32, role="handläggare", administration="kultur")
    start = time.perf_counter()
    done = 0
    while done < n:
        with transaction.atomic():
            for i in range(done, min(n, done + batch)):
                decision = i % 10 == 0
                record_event(
                    actor=actor,
                    action="application.decide" if decision else "application.assess",
                    object_type="application",
                    object_id=i // 20,
                    case_ref=f"KFN-2026-{i // 20:05d}",
                    association_id=i % 500,
                    from_state="proposed" if decision else "in_review",
                    to_state="approved" if decision else "in_review",
                    reasons="Föreningen uppfyller villkoren i riktlinjerna för föreningsbidrag.",
                    criteria=["DEMOCRACY_STATUTES", "NO_VIOLENT_EXTREMISM"],
                    rulebook_version=1,
                    changes={"decision_id": i, "outcome": "approved"} if decision else {},
                )
        done = min(n, done + batch)
        if done % (batch * 100) == 0:
            log(f"  … {done} events")
    return time.perf_counter() - start


def transition_overhead(count: int) -> dict[str, float]:
    """p50 ms of application_submit with and without the audit write (interleaved)."""
    from django.db import transaction

    import vetting.services.intake as intake
    from audit.context import SYSTEM
    from audit.services import record_event
    from tests.world import build_world

    world = build_world()
    real = intake.record_event

    def noop(**kwargs: Any) -> None:
        return None

    with_audit: list[float] = []
    without: list[float] = []
    bare: list[float] = []
    for i in range(count):
        for patched, bucket in ((real, with_audit), (noop, without)):
            intake.record_event = patched  # type: ignore[assignment]
            t = time.perf_counter()
            world.submit(subject=f"Bench {i}")
            bucket.append(time.perf_counter() - t)
        t = time.perf_counter()
        with transaction.atomic():
            record_event(actor=SYSTEM, action="bench.event", object_id=i)
        bare.append(time.perf_counter() - t)
    intake.record_event = real
    return {
        "with": p50(with_audit) * 1000,
        "without": p50(without) * 1000,
        "bare": p50(bare) * 1000,
    }


def sha_baseline_db() -> tuple[int, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT canonical FROM audit_auditevent ORDER BY seq")
        blobs = [row[0].encode() for row in cursor.fetchall()]
    sha = hashlib.sha256
    start = time.perf_counter()
    for blob in blobs:
        sha(blob).hexdigest()
    return len(blobs), time.perf_counter() - start


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def verify_steps(tmp: str) -> None:
    from django.db import connection

    from audit.checkpoints import sign_checkpoint
    from audit.context import SYSTEM
    from audit.export import audit_export
    from audit.verify import verify_chain

    with connection.cursor() as cursor:  # as autovacuum / the WAL checkpointer would by now
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("VACUUM ANALYZE audit_auditevent")
    sign_checkpoint()
    count, base = sha_baseline_db()
    log(f"baseline sha256 over {count} canonical byte strings: {count / base:,.0f} events/s")
    for workers in (1, None):
        report, secs = timed(partial(verify_chain, workers=workers))
        assert report.intact, report.problem
        label = "default workers" if workers is None else "1 worker"
        log(
            f"verify_chain ({label}): {count / secs:,.0f} events/s "
            f"({secs:.2f} s; {secs / base:.1f}x the raw sha256 time)"
        )
    target = Path(tmp) / "export.jsonl"

    def export() -> int:
        _rng, chunks = audit_export(actor=SYSTEM, since=None, until=None, fmt="jsonl")
        with target.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        return target.stat().st_size

    size, secs = timed(export)
    log(f"export JSONL: {count / secs:,.0f} events/s ({size / 1e6:.0f} MB, {secs:.2f} s)")
    independent_verifier(target, count)


def independent_verifier(target: Path, count: int) -> None:
    start = time.perf_counter()
    with target.open("rb") as f:
        for line in f:
            if line.startswith(b'{"event":'):
                hashlib.sha256(line[9:-76]).hexdigest()
    base = time.perf_counter() - start
    log(f"baseline: read file + sha256 per event line: {count / base:,.0f} events/s")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(VERIFIER), str(target)], capture_output=True, text=True, check=False
    )
    secs = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    log(
        f"tools/verify_audit_export.py (own process, incl. start-up): {count / secs:,.0f} "
        f"events/s ({secs:.2f} s; {secs / base:.1f}x the baseline) -> {result.stdout.strip()[:60]}…"
    )


GENERATE_SQL = """
INSERT INTO audit_auditevent (seq, occurred_at, actor_type, actor_id, actor_role,
    actor_administration, action, object_type, object_id, case_ref, association_id, from_state,
    to_state, reasons, criteria, rulebook_version, changes, request_id, ip, prev_hash, hash,
    canonical)
SELECT seq, occurred_at, actor_type, actor_id, actor_role, actor_administration, action,
       object_type, object_id, case_ref, association_id, from_state, to_state, reasons, criteria,
       rulebook_version, changes, request_id, ip, prev_hash, hash, {body}::text
FROM (
  SELECT %(offset)s + g AS seq,
       now() - make_interval(secs => (%(n)s - g) * 3) AS occurred_at,
       'person' AS actor_type, md5((g %% 400)::text) AS actor_id, 'beslutsfattare' AS actor_role,
       CASE WHEN g %% 100000 = 0 THEN 'miljo'  -- rare: 100 decisions over the whole log
            ELSE (ARRAY['kultur', 'social', 'kultur,social', 'utbildning'])[1 + g %% 4]
       END AS actor_administration,
       CASE WHEN g %% 10 = 0 THEN 'application.decide' ELSE 'application.assess' END AS action,
       'application' AS object_type, (g / 20)::text AS object_id,
       'KFN-2026-' || lpad((g / 20)::text, 7, '0') AS case_ref, g %% 5000 AS association_id,
       'proposed' AS from_state, 'approved' AS to_state,
       'Föreningen uppfyller villkoren.' AS reasons, '["DEMOCRACY_STATUTES"]'::jsonb AS criteria,
       1 AS rulebook_version,
       jsonb_build_object('decision_id', g, 'outcome', 'approved') AS changes,
       '' AS request_id, '' AS ip, lpad(to_hex(%(offset)s + g - 1), 64, '0') AS prev_hash,
       'f' || lpad(to_hex(%(offset)s + g), 63, '0') AS hash
  FROM generate_series(1, %(n)s) AS g
) AS s
"""


def decision_log(m: int) -> None:
    from django.db import connection

    from audit.constraint import BODY_FROM_COLUMNS
    from audit.models import AuditEvent

    offset = (AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 10
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # canonical = the body built from the columns (jsonb text, not RFC 8785: placeholders)
        sql = GENERATE_SQL.format(body=BODY_FROM_COLUMNS)
        cursor.execute(sql, {"offset": offset, "n": m})
        cursor.execute("ANALYZE audit_auditevent")
    log(
        f"generated {m:,} events with generate_series (not the write path): "
        f"{time.perf_counter() - start:.0f} s"
    )
    time_decision_log(AuditEvent.objects.count())


def time_decision_log(m: int) -> None:
    """p50 of filtered pages of GET /api/v1/audit/decisions/ over the table as it is."""
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.factories import UserFactory
    from vetting import roles

    auditor: Any = User.objects.filter(username="bench-auditor").first() or UserFactory(
        username="bench-auditor", roles=[roles.AUDITOR]
    )
    client = Client()
    client.force_login(auditor)
    actor = hashlib.md5(b"10").hexdigest()  # noqa: S324
    queries = {
        "first page, no filter": "",
        # decisions are made in 'kultur' and 'kultur,social'; 'utbildning' acts, never decides
        "administration=social (half the decisions)": "?administration=social",
        "administration=miljo (100 decisions)": "?administration=miljo",
        "administration=utbildning (no decisions)": "?administration=utbildning",
        "period (one day, a week ago)": "?since={d}&until={d}",
        "administration + period": "?administration=social&since={d}&until={d}",
        "case": "?case=KFN-2026-" + f"{(m // 40):07d}",
        "association": "?association=40",
        "actor + period": f"?actor={actor}&since={{d}}",
        "actor + administration": f"?actor={actor}&administration=social",
    }
    from datetime import timedelta

    from django.utils import timezone

    day = (timezone.localdate() - timedelta(days=7)).isoformat()
    base = timed_requests(client, "/api/v1/audit/public-key")
    log(f"baseline GET /api/v1/audit/public-key p50: {base:.1f} ms")
    for label, query in queries.items():
        url = "/api/v1/audit/decisions/" + query.format(d=day)
        ms = timed_requests(client, url)
        rows = len(client.get(url).json()["results"])
        log(
            f"decision log over {m:,} events, {label}: p50 {ms:.1f} ms ({ms / base:.1f}x "
            f"baseline; {rows} rows)"
        )


def timed_requests(client: Any, url: str, runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        json.loads(response.content)
    return p50(samples[2:]) * 1000


def child(db: str, args: argparse.Namespace) -> None:
    setup_django()
    log(f"== {db}: {args.events:,} events, {args.batch} per transaction ==")
    secs = fill(args.events, args.batch)
    log(f"fill through record_event: {args.events / secs:,.0f} events/s ({secs:.1f} s)")
    over = transition_overhead(args.transitions)
    log(
        f"application_submit p50: {over['with']:.2f} ms with audit, {over['without']:.2f} ms "
        f"without -> audit adds {over['with'] - over['without']:.2f} ms "
        f"(bare record_event in its own transaction: {over['bare']:.2f} ms)"
    )
    verify_steps(args.tmp)
    if db == "postgres" and args.decision_log_events:
        decision_log(args.decision_log_events)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--transitions", type=int, default=200)
    parser.add_argument("--decision-log-events", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        run_child(db, args)


if __name__ == "__main__":
    main()
