"""Benchmark: booking-request intake against a bare DRF endpoint, same stack, same run.

    eval "$(scripts/services.sh)" && .venv/bin/python -m bench.intake

Starts gunicorn on 127.0.0.1 against a fresh PostgreSQL database ``granska_bench`` (on the server
of DATABASE_URL), then N concurrent clients, each with its own API key, POST for a fixed time:
to the bare endpoint (authentication, one INSERT), to the same INSERT written as a DRF
CreateAPIView with a ModelSerializer, and to POST /api/v1/booking-requests/ with an
Idempotency-Key (a share of them retries of an earlier request, which must replay), in turn, in
several rounds. Reports requests/s and p50/p99 latency of each and the ratios (the median over
the rounds). See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float) -> None:
        with self.lock:
            if status in (200, 201):
                self.latencies.append(seconds)
            else:
                self.errors[status] = self.errors.get(status, 0) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_database_url(base: str) -> str:
    import psycopg

    url = urlparse(base)
    if url.scheme not in ("postgres", "postgresql"):
        sys.exit('DATABASE_URL must point at PostgreSQL: eval "$(scripts/services.sh)" first')
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS granska_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE granska_bench")
    return url._replace(path="/granska_bench").geturl()


def seed(clients: int) -> tuple[list[str], list[str]]:
    """Migrate, then premises, associations and one booking client (API key) per thread."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from associations.services import association_get_or_register
    from audit.context import SYSTEM
    from bench.endpoints import CREATE_TABLE_SQL
    from bookings.models import Premises
    from bookings.services import client_create
    from tests.factories import org_number
    from vetting.models import Administration

    call_command("migrate", verbosity=0)
    admin = Administration.objects.create(code="kultur", name="Kultur")
    hall = Premises.objects.create(
        code="stora-salen", name="Stora salen", address="Storgatan 1", capacity=300,
        administration=admin,
    )  # fmt: skip
    orgs = [org_number(1000 + i) for i in range(50)]
    for i, org in enumerate(orgs):
        association_get_or_register(actor=SYSTEM, org_number=org, name=f"Förening {i}")
    keys = [
        # With a webhook URL, as in production: every intake also writes an outbox message and
        # queues its delivery after commit (no worker runs; the queue is emptied afterwards).
        client_create(
            actor=SYSTEM, name=f"bench-{i}", premises=[hall], webhook_url="https://bench.invalid/h"
        ).api_key
        for i in range(clients)
    ]
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE_SQL["postgresql"])
    connection.close()
    return keys, orgs


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--log-level", "warning", "--backlog", "256",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("gunicorn did not start")


def booking_body(ref: str, orgs: list[str]) -> dict[str, object]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return {
        "external_ref": ref,
        "association": {"org_number": random.choice(orgs), "name": "Förening"},
        "premises": "stora-salen",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "title": "Vårkonsert",
        "description": "Konsert med föreningens kör",
        "expected_attendance": 80,
        "contact": {"name": "Kim", "email": "kim@forening.example"},
    }


def post(port: int, path: str, key: str, body: bytes, idem: str | None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    if idem:
        headers["Idempotency-Key"] = idem
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


# The baselines: the strict one (a raw INSERT) and the same row through a DRF CreateAPIView with a
# ModelSerializer (bench/endpoints.py).
BARE_PATHS = {"bare": "/api/v1/bench/insert/", "drf": "/api/v1/bench/model/"}


def worker(
    port: int, mode: str, key: str, orgs: list[str], until: float, stats: Stats, retry_share: float
) -> None:
    sent: list[tuple[str, bytes]] = []
    while time.monotonic() < until:
        if mode in BARE_PATHS:
            path, idem, body = BARE_PATHS[mode], None, b'{"external_ref": "x"}'
        elif sent and random.random() < retry_share:
            path = "/api/v1/booking-requests/"
            idem, body = random.choice(sent)  # a retry: must replay, never a second case
        else:
            path, idem = "/api/v1/booking-requests/", uuid.uuid4().hex
            body = json.dumps(booking_body(idem, orgs)).encode()
            sent.append((idem, body))
        started = time.perf_counter()
        status = post(port, path, key, body, idem)
        stats.add(status, time.perf_counter() - started)


def run_phase(
    port: int, mode: str, keys: list[str], orgs: list[str], seconds: float, retry_share: float
) -> Stats:
    stats = Stats()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=worker, args=(port, mode, k, orgs, until, stats, retry_share))
        for k in keys
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats


ROLES = ("gunicorn", "postgres", "client")


def cpu_seconds() -> dict[str, float]:
    """CPU time so far of the processes on this machine, by role (Linux /proc): the gunicorn
    workers, PostgreSQL, this benchmark's client threads. Dead processes drop out, so compare
    two snapshots of the same phase only."""
    totals = dict.fromkeys(ROLES, 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / tick
        role = (
            "client" if int(pid) == os.getpid()
            else "gunicorn" if "gunicorn" in cmd
            else "postgres" if stat.split(" (", 1)[1].startswith("postgres")
            else None
        )  # fmt: skip
        if role:
            totals[role] += used
    return totals


def cpu_line(before: dict[str, float], after: dict[str, float], requests: int) -> str:
    per = {k: (after[k] - before[k]) / max(requests, 1) * 1000 for k in before}
    parts = ", ".join(f"{k} {v:.2f}" for k, v in per.items())
    return f"         CPU ms per request: {parts} (total {sum(per.values()):.2f})"


MODES = ("bare", "drf", "intake")


@dataclass
class Totals:
    """One mode over every round: its latencies, errors, seconds and CPU time by role."""

    stats: Stats = field(default_factory=Stats)
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROLES, 0.0))


def measured_round(
    port: int, keys: list[str], orgs: list[str], args: argparse.Namespace, totals: dict[str, Totals]
) -> dict[str, float]:
    """One round: each mode in turn for ``--seconds``; its throughput per mode, added to totals.
    Rounds interleave the modes, so a burst of load from elsewhere on the host falls on one
    round's phase, not on a whole mode (the ratio is the median over rounds)."""
    rps = {}
    for mode in MODES:
        before = cpu_seconds()
        stats = run_phase(
            port, mode, keys, orgs, args.seconds, 0 if mode in BARE_PATHS else args.retry_share
        )
        after = cpu_seconds()
        total = totals[mode]
        total.stats.latencies += stats.latencies
        for status, n in stats.errors.items():
            total.stats.errors[status] = total.stats.errors.get(status, 0) + n
        total.seconds += args.seconds
        for role in ROLES:
            total.cpu[role] += after[role] - before[role]
        rps[mode] = len(stats.latencies) / args.seconds
    return rps


def report_mode(name: str, total: Totals) -> dict[str, float]:
    result = summary(name, total.stats, total.seconds)
    print(cpu_line(dict.fromkeys(ROLES, 0.0), total.cpu, len(total.stats.latencies)))
    return result


def summary(name: str, stats: Stats, seconds: float) -> dict[str, float]:
    lat = sorted(stats.latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
    result = {
        "rps": len(lat) / seconds,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "ok": len(lat),
    }
    print(
        f"{name:<8} {result['rps']:8.1f} req/s   p50 {result['p50_ms']:6.1f} ms   "
        f"p99 {result['p99_ms']:6.1f} ms   ok {len(lat)}   errors {stats.errors or 0}"
    )
    return result


def check_no_duplicates() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bookings_bookingrequest")
        requests = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM bookings_idempotencyrecord")
        keys = cursor.fetchone()[0]
    return requests, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5, help="per mode and round (default 5)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of bare, drf, intake in turn (default 3)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn sync workers (default: one per core; see bench/README.md)",
    )
    parser.add_argument("--retry-share", type=float, default=0.05)
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_database_url(base),
        DJANGO_SETTINGS_MODULE="config.settings",
        GRANSKA_BENCH_ENDPOINTS="1",
        GRANSKA_API_RATE_CLIENT="1000000/second",
        DB_CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        GRANSKA_VAR_DIR="/tmp/granska-bench-var",
    )
    # gunicorn serves only with a key of its own (config/wsgi.py): a fresh one per run.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    broker = env.get("CELERY_BROKER_URL", "")
    if broker.startswith("redis://"):
        broker = urlparse(broker)._replace(path="/15").geturl()  # a database of its own
    env["CELERY_BROKER_URL"] = broker or "filesystem://"
    os.environ.update(env)
    keys, orgs = seed(args.clients)
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        print(
            f"gunicorn {args.workers} workers on 127.0.0.1:{port}, {args.clients} clients, "
            f"{args.rounds} rounds of {args.seconds:.0f} s per mode, "
            f"broker {env['CELERY_BROKER_URL'].split(':')[0]}"
        )
        for mode in MODES:  # warm-up: connections, imports, prepared plans
            run_phase(port, mode, keys, orgs, 2, 0)
        totals = {mode: Totals() for mode in MODES}
        rounds = []
        for n in range(1, args.rounds + 1):
            rps = measured_round(port, keys, orgs, args, totals)
            rounds.append((rps["intake"] / rps["bare"], rps["intake"] / rps["drf"]))
            print(
                f"round {n}  " + "   ".join(f"{m} {rps[m]:7.1f}" for m in MODES) + " req/s   "
                f"intake/bare {rounds[-1][0]:.2f}   intake/drf {rounds[-1][1]:.2f}"
            )
        bare, drf, intake = (report_mode(m, totals[m]) for m in MODES)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if broker.startswith("redis://"):
            import redis

            redis.Redis.from_url(broker).flushdb()
    print(
        f"ratio    intake/bare throughput {statistics.median(r[0] for r in rounds):.2f} "
        f"median of {len(rounds)} rounds (all rounds together "
        f"{intake['rps'] / bare['rps'] if bare['rps'] else 0.0:.2f}; target >= 0.60); "
        f"intake p99 {intake['p99_ms']:.1f} ms (target < 50 ms)"
    )
    print(
        f"         intake/drf throughput {statistics.median(r[1] for r in rounds):.2f} median "
        f"(all rounds {intake['rps'] / drf['rps'] if drf['rps'] else 0.0:.2f}; the same INSERT "
        "as a DRF CreateAPIView with a ModelSerializer; for information)"
    )
    requests, records = check_no_duplicates()
    print(
        f"cases    {requests} booking requests for {records} idempotency keys "
        f"({'no duplicates' if requests == records else 'DUPLICATES'})"
    )


if __name__ == "__main__":
    main()
