import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.world import STATUTES


def run(*args: str) -> str:
    out = StringIO()
    call_command("analyze_statutes", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_documented_shape() -> None:
    files = [
        str(STATUTES / "scouterna_stadgar_2014.txt"),
        str(STATUTES / "rockrullarna_policy_mot_diskriminering.txt"),
    ]
    result = json.loads(run(*files, "--json"))
    assert [r["file"] for r in result] == files
    scouts, policy = result
    assert scouts["document_kind"] == "statutes" and policy["document_kind"] == "policy"
    finding = scouts["findings"]["non_discrimination_clause"]
    assert finding["value"] == "explicit" and finding["rule"]
    text = Path(files[0]).read_text(encoding="utf-8")
    for ev in finding["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["quote"]
    assert set(scouts["findings"]) == {
        "open_membership",
        "non_discrimination_clause",
        "discriminatory_membership_condition",
        "members_meeting_supreme",
        "one_member_one_vote",
        "discriminatory_eligibility_condition",
    }


def test_unreadable_input_fails_with_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(CommandError) as info:
        run(str(broken), str(tmp_path / "missing.txt"), "--json")
    assert "broken.pdf" in str(info.value) and "missing.txt" in str(info.value)
    assert str(info.value).startswith("Kunde inte läsa:\n  ")
    with translation.override("en"), pytest.raises(CommandError, match=r"^Unreadable input:"):
        run(str(broken), "--json")


def test_table_output_names_rules() -> None:
    out = run(str(STATUTES / "royalroppers_stadgar.txt"))
    assert "open_membership" in out and "closed" in out and "[OM_" in out
