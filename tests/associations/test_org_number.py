import pytest
from django.core.exceptions import ValidationError

from associations.validators import luhn_ok, normalize_org_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("802000-0017", "802000-0017"),
        ("8020000017", "802000-0017"),
        (" 802000 0017 ", "802000-0017"),
        ("16802000-0017", "802000-0017"),
        ("556036-0793", "556036-0793"),  # a real company number format
    ],
)
def test_valid_and_formatted_inputs_are_normalised(raw: str, expected: str) -> None:
    assert normalize_org_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("802000-0018", "org_number_checksum"),
        ("556036-0794", "org_number_checksum"),
        ("802000-001", "org_number_length"),
        ("80200000170", "org_number_length"),
        ("", "org_number_required"),
        ("80200A-0017", "org_number_format"),
        ("802000-001²", "org_number_format"),  # a digit to str.isdigit, not to int()
        ("８０２０００-００１７", "org_number_format"),  # full-width: would register a twin
        ("٨٠٢٠٠٠-٠٠١٧", "org_number_format"),  # Arabic-Indic digits
    ],
)
def test_invalid_inputs_say_why(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_org_number(raw)
    assert info.value.code == code
    assert "Organisationsnum" in info.value.messages[0]


def test_luhn() -> None:
    assert luhn_ok("8020000017")
    assert not luhn_ok("8020000018")
