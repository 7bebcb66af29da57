"""Test data for the schemathesis run (tests/api/schemathesis.sh): a few booking requests of the
contract client, then a schemathesis config that binds path ids, references, premises codes and
organisation numbers to values that exist, so most generated requests reach the logic behind
the 404s and the Luhn check.

    python tests/api/contract_data.py CLIENT_NAME OUTPUT_DIR   (writes booking/officer/audit.toml
                                                             and decisions.regex)
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookings.models import BookingClient


def seed_requests(client: BookingClient, count: int = 3) -> None:
    from django.utils import timezone

    from associations.models import Association
    from bookings.selectors import premises_for_client
    from bookings.services import BookingInput, booking_request_submit

    premises = list(premises_for_client(client))
    associations = list(Association.objects.order_by("pk")[:count])
    start = timezone.now() + timedelta(days=30)
    for n, association in enumerate(associations):
        place = premises[n % len(premises)]
        booking_request_submit(
            client=client,
            idempotency_key=f"contract-seed-{n}",
            request_hash=f"contract-seed-{n}",
            data=BookingInput(
                external_ref=f"contract-seed-{n}",
                org_number=association.org_number,
                association_name=association.name,
                premises=place.code,
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=3),
                title=f"Medlemsmöte {n}",
                description="Årsmöte med fika.",
                expected_attendance=min(20, place.capacity),
                contact_name="Kontakt Person",
                contact_email="kontakt@example.org",
            ),
        )


def dictionary(name: str, values: list[object]) -> str:
    return f"[dictionaries.{name}]\nvalues = {json.dumps(values, ensure_ascii=False)}\n"


def binding(key: str, name: str, probability: float = 0.8) -> str:
    return f'"{key}" = {{ dictionary = "{name}", probability = {probability} }}'


def configs(client: BookingClient) -> dict[str, str]:
    """One config per run (schemathesis binds parameters per project, not per operation)."""
    from django.utils import timezone

    from associations.models import Association
    from bookings.models import BookingRequest
    from bookings.selectors import premises_for_client
    from vetting.models import Application

    cases = list(Application.objects.order_by("pk").values_list("pk", "reference"))
    requests = BookingRequest.objects.filter(client=client).order_by("pk")
    orgs = list(Association.objects.order_by("pk").values_list("org_number", flat=True))
    premises = list(premises_for_client(client))
    start = (timezone.now() + timedelta(days=60)).replace(microsecond=0)
    booking = [
        dictionary("request_ids", list(requests.values_list("pk", flat=True))),
        dictionary("premises", [p.code for p in premises]),
        dictionary("org_numbers", orgs),
        dictionary("attendance", [1, min(p.capacity for p in premises)]),
        dictionary("starts", [start.isoformat()]),
        dictionary("ends", [(start + timedelta(hours=3)).isoformat()]),
        "[parameters]",
        binding("path.id", "request_ids"),
        # A body passes when every bound field does: 0.9 each keeps about half of them valid.
        *(
            binding(f"body.{field}", name, 0.9)
            for field, name in [
                ("premises", "premises"),
                ("association.org_number", "org_numbers"),
                ("expected_attendance", "attendance"),
                ("starts_at", "starts"),
                ("ends_at", "ends"),
            ]
        ),
    ]
    officer = [
        dictionary("case_ids", [pk for pk, _ in cases]),
        "[parameters]",
        binding("path.id", "case_ids"),
    ]
    audit = [
        dictionary("references", [ref for _, ref in cases]),
        "[parameters]",
        binding("path.reference", "references"),
    ]
    parts = {"booking": booking, "officer": officer, "audit": audit}
    return {name: "\n".join(lines) + "\n" for name, lines in parts.items()}


def decision_paths() -> str:
    """The decisions' operations (``vetting.actions.DECIDING_ACTIONS``), as a path regex. Only a
    decision maker takes them: the officer run's handler got 403 and nothing else from
    POST .../actions/revoke/ ("1 operation returned only 401/403 responses"), so the run with a
    decision maker's token calls them again, where they reach the checks and the service."""
    from vetting.actions import DECIDING_ACTIONS

    names = "|".join(sorted(DECIDING_ACTIONS))
    return rf"^/api/v1/applications/\{{id\}}/actions/({names})/$"


def main(client_name: str, directory: str) -> None:
    from bookings.models import BookingClient

    client = BookingClient.objects.get(name=client_name)
    seed_requests(client)
    for name, text in configs(client).items():
        with open(f"{directory}/{name}.toml", "w", encoding="utf-8") as handle:
            handle.write(text)
    Path(directory, "decisions.regex").write_text(decision_paths(), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    main(sys.argv[1], sys.argv[2])
