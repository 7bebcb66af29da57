"""A child process for what is read once per process (settings, from the environment; the WSGI
application): ``python ARGS`` from the project's root, with its output as text, its exit status
returned rather than raised, and a time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def inherited(*, without: tuple[str, ...] = ()) -> dict[str, str]:
    """This process's environment but the variables whose names start with one of ``without``
    (set by other tests in this process, or ones the child must not see)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(without)}


def child(
    args: Sequence[str], env: Mapping[str, str], *, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ROOT with exactly ``env``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
