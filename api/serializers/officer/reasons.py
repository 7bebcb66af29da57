"""The floor of reasons (``vetting.services.reasons``) in the schema, as patterns that say exactly
what the service counts: at least so many words (``\\w+``, Python's: letters, digits and _ of any
script) and characters once the text is stripped of whitespace (``str.strip``). Only the rule
that reasons say more than the outcome ("Avslag.", amounts) is left to the description (422).

Where the floor depends on the outcome (a proposal's, a decision's and an amendment's reasons:
``outcome_reasons_problem``), the field's schema has the floor every outcome needs, and the
input's schema the adverse outcomes' (``if`` the outcome is rejected or partly_approved,
``then`` their floor; OpenAPI 3.1 is JSON Schema 2020-12). ``ReasonsRule`` says which.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar

from drf_spectacular.extensions import OpenApiSerializerExtension

from vetting.models import DecisionOutcome
from vetting.services.reasons import (
    MIN_APPROVAL_CHARS,
    MIN_APPROVAL_WORDS,
    MIN_REASON_CHARS,
    MIN_REASON_WORDS,
)

if TYPE_CHECKING:
    from drf_spectacular.openapi import AutoSchema

# A word character as Python's ``\w`` has it (a letter or a digit of any script, or _): the same
# set for every code point Python's Unicode data assigns (tests/api/test_contract_schema.py).
WORD = r"[\p{L}\p{N}_]"
NOT_WORD = r"[^\p{L}\p{N}_]"
# What ``str.strip`` strips (``str.isspace``); ECMA's ``\s`` differs (\x1c-\x1f, \x85, \ufeff).
SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
BLANK = rf"^[{SPACE}]*$"


def floor_schema(words: int, chars: int, *, blank: bool = False) -> dict[str, Any]:
    """Text with at least ``words`` words and ``chars`` characters once stripped (``blank``: or
    only whitespace), as two patterns: ``words`` runs of word characters, and two characters
    other than whitespace ``chars`` apart. Two patterns, not one with a lookahead: schemathesis'
    coverage phase did not finish (minutes on one operation) on the joined one."""
    counted = rf"^[\s\S]*?(?:{WORD}+{NOT_WORD}+){{{words - 1}}}{WORD}"
    long = rf"[^{SPACE}][\s\S]{{{chars - 2}}}[^{SPACE}]"
    if blank:
        return {"pattern": f"{BLANK}|{counted}", "allOf": [{"pattern": f"{BLANK}|{long}"}]}
    return {"minLength": chars, "pattern": counted, "allOf": [{"pattern": long}]}


ADVERSE_SCHEMA = floor_schema(MIN_REASON_WORDS, MIN_REASON_CHARS)
APPROVAL_SCHEMA = floor_schema(MIN_APPROVAL_WORDS, MIN_APPROVAL_CHARS)
# Reasons that may be left blank (an approval's, FL 32 § second paragraph 1; a decision's blank
# reasons are the proposal's): none, or an approval's floor at least.
OPTIONAL_SCHEMA = floor_schema(MIN_APPROVAL_WORDS, MIN_APPROVAL_CHARS, blank=True)
# A decision's adverse reasons: blank (the proposal's, judged then) or the adverse floor.
DECISION_ADVERSE_SCHEMA = floor_schema(MIN_REASON_WORDS, MIN_REASON_CHARS, blank=True)
ADVERSE_OUTCOMES = [DecisionOutcome.REJECTED.value, DecisionOutcome.PARTLY_APPROVED.value]


class ReasonsRule:
    """An input with ``reasons`` under the service's floor: ``reasons_schema`` is added to the
    field's schema, and where the outcome decides, ``adverse_reasons`` to it when the outcome
    is adverse (``if``/``then``; ``adverse_reasons_required``: the field is required then).
    Added by ``ReasonsRuleExtension``, after drf-spectacular's own (which sets a non-blank
    field's minLength to 1)."""

    reasons_schema: ClassVar[dict[str, Any]] = ADVERSE_SCHEMA
    adverse_reasons: ClassVar[dict[str, Any] | None] = None
    adverse_reasons_required: ClassVar[bool] = False


class ReasonsRuleExtension(OpenApiSerializerExtension):
    target_class = ReasonsRule
    match_subclasses = True

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        if direction != "request":
            return schema
        rule: ReasonsRule = self.target
        schema["properties"]["reasons"].update(copy.deepcopy(rule.reasons_schema))
        if rule.adverse_reasons is not None:
            reasons = copy.deepcopy(rule.adverse_reasons)
            then: dict[str, Any] = {"properties": {"reasons": reasons}}
            if rule.adverse_reasons_required:
                then["required"] = ["reasons"]
            schema["if"] = {
                "properties": {"outcome": {"enum": ADVERSE_OUTCOMES}},
                "required": ["outcome"],
            }
            schema["then"] = then
        return schema
