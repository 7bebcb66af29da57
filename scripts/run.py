"""`make run`'s processes (the Procfile: web, worker, beat) under honcho, stopped cleanly.

Ctrl-C or SIGTERM stops all three, and then this exits 0: a stop that was asked for is not an
error (honcho itself exits 130 or 143, which make reported as "Error 143"). Any other exit, a
process that failed on its own, keeps its status.

honcho gives the processes KILL_WAIT seconds after the first has stopped, then kills the rest.
Its own 5 s is too short for the Celery worker on the file-system broker, whose loop polls in
two-second rounds before a warm shutdown completes; cut off, the worker was killed mid-shutdown.
"""

from __future__ import annotations

import sys

import honcho.manager
from honcho.command import main

STOP_GRACE_SECONDS = 20
STOPPED = {signal["rc"] for signal in honcho.manager.SIGNALS.values()}  # SIGINT 130, SIGTERM 143


def run(argv: list[str]) -> int:
    honcho.manager.KILL_WAIT = STOP_GRACE_SECONDS
    try:
        main(["start", *argv])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    else:
        code = 0
    return 0 if code in STOPPED else code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
