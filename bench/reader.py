"""Benchmark of the statute reader: 1 000 statutes of typical length on one core.

Run from the repository root::

    python bench/reader.py [--count 1000] [--target 10] [--pin]

The workload cycles through the statute texts of ``tests/data/statutes/`` (the policy
included) and the same texts with å/ä/ö folded to a/a/o (lost diacritics), each trimmed
or repeated to about 10 kB, the typical length of association statutes.

The *baseline*, measured in the same run over the same texts, is the least any reader must
do: one pass of ``str.casefold()`` plus one precompiled regular expression
(``\\bmedlem\\w*``) over each text. The ratio reader/baseline says how many such passes the
reader costs, and makes the figure comparable between machines.

The script prints total seconds (wall clock, and CPU time of this process for
comparison on a busy machine), statutes per second, the ratio and PASS/FAIL of the wall
clock time against the target (10 s for 1 000 statutes). It exits with status 1 on FAIL.
It imports no Django.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from associations.reader import read_statutes  # noqa: E402

DATA = ROOT / "tests" / "data" / "statutes"
TYPICAL_BYTES = 10_000
FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")
BASELINE_RE = re.compile(r"\bmedlem\w*")


def typical(text: str) -> str:
    """Repeat or trim ``text`` at a paragraph boundary to about 10 kB."""
    while len(text.encode("utf-8")) < TYPICAL_BYTES:
        text = text + "\n\n" + text
    cut = text.rfind("\n\n", 0, TYPICAL_BYTES)
    return text[: cut if cut > TYPICAL_BYTES // 2 else TYPICAL_BYTES]


def workload(count: int) -> list[str]:
    texts = [typical(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no statute texts in {DATA}")
    variants = texts + [text.translate(FOLD) for text in texts]
    return [variants[i % len(variants)] for i in range(count)]


def baseline(text: str) -> int:
    return len(BASELINE_RE.findall(text.casefold()))


def timed(function: Callable[[str], object], texts: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``function`` over ``texts``."""
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        function(text)
    return time.perf_counter() - start, time.process_time() - cpu


def pin_to_one_core(pin: bool) -> str:
    """The reader is single-threaded, so it runs on one core; ``--pin`` also fixes which
    core (on a busy machine that can be slower than letting the scheduler choose)."""
    if pin and hasattr(os, "sched_setaffinity"):
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"single thread, pinned to CPU {core}"
    return "single thread, not pinned"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="statutes to read")
    parser.add_argument("--target", type=float, default=10.0, help="seconds allowed")
    parser.add_argument("--pin", action="store_true", help="pin the process to one CPU")
    args = parser.parse_args(argv)

    core = pin_to_one_core(args.pin)
    texts = workload(args.count)
    size = sum(len(t.encode("utf-8")) for t in texts)
    read_statutes(texts[0])  # compile the patterns outside the measurement

    base_seconds, base_cpu = timed(baseline, texts)
    reader_seconds, reader_cpu = timed(read_statutes, texts)
    ratio = reader_seconds / base_seconds if base_seconds else float("inf")
    verdict = "PASS" if reader_seconds < args.target else "FAIL"

    print(f"statute reader benchmark ({core})")
    print(f"  workload   {len(texts)} statutes, {size / 1e6:.1f} MB, avg {size / len(texts):.0f} B")
    print(
        f"  baseline   {base_seconds:.3f} s  (CPU {base_cpu:.3f} s; casefold + one regex per text)"
    )
    print(
        f"  reader     {reader_seconds:.3f} s  (CPU {reader_cpu:.3f} s; "
        f"{len(texts) / reader_seconds:.0f} statutes/s)"
    )
    print(f"  ratio      {ratio:.1f}x baseline")
    print(
        f"  {verdict}: {reader_seconds:.2f} s for {len(texts)} statutes "
        f"(target < {args.target:g} s)"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
