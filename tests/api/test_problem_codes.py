"""The Problem schema's ``code`` enum is the list of codes the code base raises and answers:
read from the source (the errors' ``code=``, their classes' ``code``, ``problem(status,
"code", …)``, DRF's mapping and the exceptions that name their own code), none missing, none
stale."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from api.authentication import CsrfFailed
from api.exceptions import DRF_CODES
from api.problem_codes import PROBLEM_CODES
from api.problems import STATUS_CODES
from tests.api.openapi import live_schema

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "vetting", "bookings", "associations", "audit", "web", "config")
PROBLEM_CALLS = {"problem", "problem_response"}


def _name(node: ast.expr) -> str:
    return getattr(node, "id", None) or getattr(node, "attr", None) or ""


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """DomainError and every class derived from it, by name, across the code base."""
    classes = {"DomainError"}
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                bases = {_name(b) for b in getattr(node, "bases", [])}
                if isinstance(node, ast.ClassDef) and bases & classes and node.name not in classes:
                    classes.add(node.name)
                    grew = True
    return classes


def _codes(tree: ast.Module, errors: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and (node.name in errors):
            for statement in node.body:
                targets = getattr(statement, "targets", [])
                value = getattr(statement, "value", None)
                if any(_name(t) == "code" for t in targets) and isinstance(value, ast.Constant):
                    found.add(value.value)
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        if called in errors or called == "__init__":  # also super().__init__(…, code=…)
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
        literal = len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
        if called in PROBLEM_CALLS and literal:
            found.add(node.args[1].value)
    return found


def codes_in_the_code_base() -> set[str]:
    files = [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in files]
    errors = _error_classes(trees)
    found = set().union(*(_codes(tree, errors) for tree in trees))
    found |= set(DRF_CODES.values()) | set(STATUS_CODES.values())
    found |= {CsrfFailed.problem_code, "error", "server_error"}  # the middleware's fallbacks
    return found


def test_every_code_raised_is_listed_and_every_listed_code_is_raised():
    found = codes_in_the_code_base()
    assert "role" in found and "four_eyes" in found and "csrf_failed" in found
    assert found - set(PROBLEM_CODES) == set(), "raised but not in api/problem_codes.py"
    assert set(PROBLEM_CODES) - found == set(), "listed in api/problem_codes.py but raised nowhere"


@pytest.mark.django_db
def test_the_problem_schema_publishes_the_codes_with_their_meaning():
    schema = live_schema()
    enum = schema["components"]["schemas"]["ProblemCodeEnum"]
    assert enum["enum"] == list(PROBLEM_CODES)
    assert (
        "`role` - 403: Din roll får inte göra detta / Your role may not do this"
        in (enum["description"])
    )
    assert "role_not_permitted" not in enum["enum"]
