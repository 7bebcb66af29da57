"""A decision changed on the merits is an ändring (FL 37 §), not a rättelse (FL 36 §, an obvious
slip): the labels said so since session 12, but refusals, form help texts and the API's field
descriptions still said "rättelse" / "rätta", and English "correction". The stored codes
(``correct``, ``application.correct``, ``decision_replaced``) stay."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.utils import translation
from django.utils.translation import gettext

from tests.api.openapi import live_schema
from tests.web.test_translations import code_messages, template_messages
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import GuardFailed, InvalidInput
from vetting.models import State
from web.actions import SPECS

pytestmark = pytest.mark.django_db

# "rättelse", "rättas", "rätta beslut(et)": the FL 36 § act; "rätta numret/filtret/fälten" is
# correcting one's input, and stays.
RATTELSE = re.compile(r"\b[Rr]ättelse|\brättas\b|\b[Rr]ätta beslut")


def test_no_text_the_service_shows_calls_the_change_a_rattelse() -> None:
    messages = {str(m) for m in code_messages()} | template_messages()
    assert sorted(m for m in messages if RATTELSE.search(m)) == []


def test_the_correction_form_asks_for_the_andring(world: World, login: Any) -> None:
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    page = login(world.decider_small).get(f"/arenden/{app.reference}/atgard/correct/").text
    assert "krävs om ändringen är till nackdel" in page
    assert "En ändring ska alltid motiveras." in page
    assert not RATTELSE.search(page)


def test_the_amend_help_cites_the_second_paragraph_of_fl_37(world: World, login: Any) -> None:
    """The grounds for changing a favourable decision to the applicant's detriment are in FL 37 §
    second paragraph (38 § is the duty to change an obviously wrong decision, never to the
    party's detriment); the third ground is "oriktiga eller vilseledande uppgifter"."""
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    page = login(world.decider_small).get(f"/arenden/{app.reference}/atgard/correct/").text
    assert "(37 § andra stycket)" in page
    assert "oriktiga eller vilseledande uppgifter" in page
    assert "38 §" not in page
    with translation.override("en"):
        english = gettext(str(SPECS["correct"].help))
    assert "(section 37, second paragraph)" in english and "section 38" not in english


def test_the_services_refuse_in_the_words_of_an_andring(world: World) -> None:
    app = drive(world, world.submit(amount=Decimal("1000")), State.APPROVED)
    decision = app.decisions.get()
    base = {"decision": decision, "outcome": "partly_approved", "no_conflict_confirmed": True}
    with pytest.raises(InvalidInput) as blank:
        svc.decision_correct(actor=world.decider_small, reasons="", **base)
    assert "En ändring måste motiveras." in str(blank.value.errors["reasons"])
    with pytest.raises(InvalidInput) as unheard:
        svc.decision_correct(
            actor=world.decider_small, reasons="Beloppet räknades fel i beslutet. " * 2,
            amount=Decimal("900"), **base,
        )  # fmt: skip
    assert "Ändringen är till nackdel" in str(unheard.value.errors.get("applicant_heard"))
    svc.decision_correct(
        actor=world.decider_small, reasons="Beloppet räknades fel i beslutet. " * 2,
        amount=Decimal("900"), applicant_heard="Per telefon 2026-10-01.", **base,
    )  # fmt: skip
    with pytest.raises(GuardFailed) as replaced:
        svc.decision_correct(actor=world.decider_small, reasons="Beloppet. " * 9, **base)
    assert str(replaced.value) == "Bara det gällande beslutet kan ändras."


def test_english_says_amendment() -> None:
    with translation.override("en"):
        assert gettext("Ändra beslutet") == "Amend the decision"
        assert gettext("Ändring av beslut") == "Amendment of decision"
        assert gettext("En ändring måste motiveras.") == "An amendment must state its reasons."
        # A refusal recorded under the old wording still shows in English.
        assert gettext("Bara beslutsfattare kan rätta beslut.") != (
            "Bara beslutsfattare kan rätta beslut."
        )


def test_the_api_describes_the_andring() -> None:
    schema = live_schema()
    props = schema["components"]["schemas"]["CorrectInputRequest"]["properties"]
    for field in ("reasons", "applicant_heard"):
        assert "ändringen" in props[field]["description"], field
        assert "amendment" in props[field]["description"], field
    assert not RATTELSE.search(yaml.safe_dump(schema, allow_unicode=True))
