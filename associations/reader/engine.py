"""The rule engine: named regular-expression rules applied sentence by sentence.

A :class:`Rule` fires in a sentence when its ``pattern`` matches there, its optional
``also`` pattern matches somewhere in the same sentence and its optional ``unless``
pattern does not. An optional ``gate`` lists words of which the sentence must contain at
least one before the (slower) pattern is tried; it only saves time and never changes
what a rule finds, as each pattern needs one of its gate words to match. Rules are
applied only to *candidate* sentences (those that contain an anchor word for the
question), which keeps the reader fast.

All patterns are written against the normalised text (see ``normalize.py``): lower
case, no diacritics (``å``/``ä`` -> ``a``, ``ö`` -> ``o``), no markup, one sentence per
line or full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .model import Evidence, Finding
from .normalize import Normalized

MAX_QUOTE = 400
QUOTE_CONTEXT = 160


def compile_rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern (verbose syntax is not used; patterns are plain)."""
    return re.compile(pattern)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a rule fired: the normalised match span and its sentence."""

    rule: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A named, documented pattern (see RULES.md for every rule id)."""

    id: str
    pattern: re.Pattern[str]
    also: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    gate: re.Pattern[str] | None = None

    def hits(self, doc: Normalized, sentences: Iterable[int]) -> list[Hit]:
        found: list[Hit] = []
        for index in sentences:
            start, end = doc.sentences[index]
            if self.gate is not None and self.gate.search(doc.text, start, end) is None:
                continue
            match = self.pattern.search(doc.text, start, end)
            if match is None or not self._context_ok(doc.text, start, end):
                continue
            found.append(Hit(self.id, match.start(), match.end(), index))
        return found

    def _context_ok(self, text: str, start: int, end: int) -> bool:
        if self.also is not None and self.also.search(text, start, end) is None:
            return False
        return self.unless is None or self.unless.search(text, start, end) is None


def gate_rx(words: str) -> re.Pattern[str]:
    """A gate: literal words ("word|word"), compiled so that the scan runs in C."""
    return re.compile("|".join(re.escape(word) for word in words.split("|")))


def rule(
    rule_id: str,
    pattern: str,
    *,
    also: str | None = None,
    unless: str | None = None,
    gate: str = "",
) -> Rule:
    """Shorthand to build a :class:`Rule` from pattern strings; ``gate`` is "word|word"."""
    return Rule(
        rule_id,
        compile_rx(pattern),
        compile_rx(also) if also else None,
        compile_rx(unless) if unless else None,
        gate_rx(gate) if gate else None,
    )


def gated(rules: Sequence[Rule], gates: Mapping[str, str]) -> tuple[Rule, ...]:
    """``rules`` with the gate words of ``gates`` ("word|word", by rule id) attached."""
    return tuple(
        replace(item, gate=gate_rx(gates[item.id])) if item.id in gates else item for item in rules
    )


def candidates(doc: Normalized, anchor: re.Pattern[str]) -> list[int]:
    """Indices of the sentences that contain ``anchor`` (in document order)."""
    ordered: list[int] = []
    pos = 0
    while (match := anchor.search(doc.text, pos)) is not None:
        index = doc.sentence_index(match.start())
        ordered.append(index)
        pos = max(doc.sentences[index][1], match.end())  # on to the next sentence
    return ordered


def first_hits(rules: Sequence[Rule], doc: Normalized, sentences: Sequence[int]) -> list[Hit]:
    """Hits of the first rule (in order) that fires at all; empty when none fires."""
    for item in rules:
        found = item.hits(doc, sentences)
        if found:
            return found
    return []


def all_hits(rules: Sequence[Rule], doc: Normalized, sentences: Sequence[int]) -> list[Hit]:
    """Hits of every rule, in rule order."""
    found: list[Hit] = []
    for item in rules:
        found.extend(item.hits(doc, sentences))
    return found


def sentence_text(doc: Normalized, index: int) -> str:
    start, end = doc.sentences[index]
    return doc.text[start:end]


def evidence(doc: Normalized, hits: Iterable[Hit], limit: int = 3) -> tuple[Evidence, ...]:
    """Verbatim quotes of the sentences where ``hits`` fired (one per sentence)."""
    quotes: list[Evidence] = []
    seen: set[int] = set()
    for hit in hits:
        if hit.sentence in seen:
            continue
        seen.add(hit.sentence)
        quotes.append(quote(doc, hit))
        if len(quotes) >= limit:
            break
    return tuple(quotes)


def rule_ids(hits: Iterable[Hit]) -> tuple[str, ...]:
    """Every hit's rule, in order, each once (a finding's ``conditions``)."""
    return tuple(dict.fromkeys(hit.rule for hit in hits))


def flag_finding(doc: Normalized, found: Sequence[tuple[str, Hit]]) -> Finding:
    """A "yes" flag that names every ground found (``(rule id, hit)`` pairs, in the order
    found; the first is the finding's rule): one condition may rest on several ("endast män
    som bekänner sig till föreningens tro"). The evidence quotes each ground's first passage
    before the rest, so that up to three grounds in three sentences are all quoted."""
    grounds = tuple(dict.fromkeys(ground for ground, _hit in found))
    firsts = [next(hit for rule_id, hit in found if rule_id == ground) for ground in grounds]
    hits = [*firsts, *(hit for _ground, hit in found)]
    return Finding("yes", grounds[0], evidence(doc, hits), grounds)


def quote(doc: Normalized, hit: Hit) -> Evidence:
    """Quote the sentence of ``hit`` (or a window around the match in a long sentence)."""
    start, end = doc.sentences[hit.sentence]
    if end - start > MAX_QUOTE:
        start = max(start, hit.start - QUOTE_CONTEXT)
        end = min(end, hit.end + QUOTE_CONTEXT)
    orig_start, orig_end = doc.original_span(start, end)
    return Evidence(doc.original[orig_start:orig_end], orig_start, orig_end)
