"""`make run` stops cleanly (scripts/run.py over the Procfile): SIGTERM to the run's process
group, as a terminal's Ctrl-C or a service manager sends a signal to all of it, ends web, worker
and beat, and the run exits 0 with no traceback or error in their output. It printed the pool
workers' errors, was killed mid-shutdown, and exited 143 ("make: *** Error 143")."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = ("Quit the server with", "ready.", "beat: Starting")  # web, worker, beat
LEAKED = ("SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_BROKER_URL", "DATABASE_URL", "CACHE_URL")

NEEDS_VENV = pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "celery").exists(), reason="the Procfile runs .venv's programs"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_env(var: Path) -> dict[str, str]:
    """The environment of `make run`, with its data in ``var`` (the file-system broker too)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(LEAKED)}
    return env | {
        "GRANSKA_DEMO": "1",
        "DEBUG": "0",
        "GRANSKA_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'granska.sqlite3'}",
        "PORT": str(free_port()),
    }


def read_into(lines: list[str], stream: object) -> threading.Thread:
    def read() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def wait_until_ready(lines: list[str], run: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and run.poll() is None:
        text = "".join(lines)
        if all(marker in text for marker in READY):
            return
        time.sleep(0.2)
    raise AssertionError("".join(lines))


@NEEDS_VENV
def test_a_sigterm_to_the_run_stops_everything_cleanly_with_status_0(tmp_path: Path) -> None:
    env = demo_env(tmp_path)
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=180)
    command = [sys.executable, "scripts/run.py", "-f", "Procfile", "--no-colour"]
    run = subprocess.Popen(
        command, cwd=ROOT, env=env, text=True, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    lines: list[str] = []
    reader = read_into(lines, run.stdout)
    try:
        wait_until_ready(lines, run, seconds=120)
        time.sleep(1)  # the tasks beat sends at its start reach the worker
        os.killpg(run.pid, signal.SIGTERM)
        status = run.wait(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    reader.join(timeout=10)
    output = "".join(lines)
    assert status == 0, output
    assert "Traceback" not in output and "ERROR" not in output, output
    assert "SIGKILL" not in output, output  # nothing had to be killed
    assert "worker.1 stopped (rc=0)" in output and "beat.1 stopped (rc=0)" in output, output


def load_run() -> object:
    spec = importlib.util.spec_from_file_location("granska_run", ROOT / "scripts" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("honcho_exit", "status"), [(130, 0), (143, 0), (0, 0), (1, 1)])
def test_a_stop_asked_for_is_status_0_and_a_failure_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch, honcho_exit: int, status: int
) -> None:
    """honcho exits 130 (SIGINT) or 143 (SIGTERM) when told to stop; a process that failed on
    its own ends honcho with that process's status."""
    run: Any = load_run()

    def honcho(argv: list[str]) -> None:
        assert argv == ["start", "-f", "Procfile"]
        sys.exit(honcho_exit)

    monkeypatch.setattr(run, "main", honcho)
    assert run.run(["-f", "Procfile"]) == status
