"""Test data for the schemathesis run (tests/api/schemathesis.sh): a few booking requests of the
contract client, the first of them decided, the second communicated with a document enclosed,
then a schemathesis config that binds path ids, references, premises codes, organisation
numbers, the decision documents and the enclosure to values that exist, so most generated
requests reach the logic behind the 404s and the Luhn check.

    python tests/api/contract_data.py CLIENT_NAME OUTPUT_DIR OFFICER DECIDER
        (writes booking/officer/decisions/audit.toml and decisions.regex; OFFICER and DECIDER
        are the usernames whose tokens the officer and the decisions runs use)
    python tests/api/contract_data.py --refresh OUTPUT_DIR officer|decisions USERNAME
        (rewrites that config from the cases' states now)
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


def seed_decision(client: BookingClient, handler: str, decider: str) -> None:
    """The client's first request decided (approved, through the services: ``handler``
    prepares, ``decider`` decides), so that its decision documents exist: without one, every
    call of GET .../decision.pdf and .../decisions/{decision}.pdf was 404 ("Missing test data")."""
    from django.contrib.auth import get_user_model

    from bookings.models import BookingRequest
    from vetting.demo import Cast, advance
    from vetting.models import State

    users = get_user_model().objects
    request = BookingRequest.objects.filter(client=client).order_by("pk").first()
    if request is None or request.application is None:
        raise SystemExit(f"{client.name}: no booking request to decide")
    cast = Cast(handler=users.get(username=handler), decider=users.get(username=decider))
    advance(cast, request.application, State.APPROVED)


# The enclosure of the communicated request: a document a failed criterion rests on, as the
# handler recorded it (vetting.services.assessment_record stores it with the assessment).
ENCLOSED_CRITERION = "OPEN_MEMBERSHIP"
ENCLOSURE_NAME = "medlemsregler.txt"
ENCLOSURE = (
    "Föreningens medlemsregler, antagna av styrelsen den 10 februari 2026: nya medlemmar tas "
    "in endast efter inbjudan av två styrelseledamöter.\n"
).encode()


def seed_communication(client: BookingClient, handler: str) -> None:
    """The client's second request communicated with material (FL 25 §, through the services):
    ``handler`` assesses every criterion as passed, then ENCLOSED_CRITERION as failed on a
    document, proposes a refusal citing it and communicates it, so that the letter encloses the
    document (bilaga 1). Without one, every call of GET .../communications/{communication}/
    material/{number}/ was 404 ("Missing test data")."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bookings.models import BookingRequest
    from vetting import services as svc
    from vetting.demo import STEPS, Cast

    requests = BookingRequest.objects.filter(client=client).order_by("pk")
    request = requests[1] if requests.count() > 1 else None
    if request is None or request.application is None:
        raise SystemExit(f"{client.name}: no second booking request to communicate")
    app = request.application
    user = get_user_model().objects.get(username=handler)
    cast = Cast(handler=user, decider=user)
    for step in ("assign", "assess"):
        STEPS[step](cast, app)
    svc.assessment_record(
        application=app,
        actor=user,
        data=svc.AssessmentInput(
            criterion_code=ENCLOSED_CRITERION,
            outcome="fail",
            evidence_kind="document",
            evidence_text="Föreningens medlemsregler (styrelsebeslut 2026-02-10).",
            document=SimpleUploadedFile(ENCLOSURE_NAME, ENCLOSURE, "text/plain"),
        ),
    )
    svc.application_propose(
        application=app,
        actor=user,
        outcome="rejected",
        reasons=(
            "Föreningen uppfyller inte villkoret Öppet medlemskap: enligt dess medlemsregler "
            "tas nya medlemmar in endast efter inbjudan av styrelsen (se bilagan)."
        ),
        criteria=[ENCLOSED_CRITERION],
    )
    svc.application_communicate(application=app, actor=user)


def decision_operations(client: BookingClient) -> list[str]:
    """The decision documents' operations bound to a request of the client's that has a
    decision, and to that decision (none when no request has one)."""
    from bookings.models import BookingRequest
    from bookings.selectors import client_decision

    ids = BookingRequest.objects.filter(client=client).order_by("pk").values_list("pk", flat=True)
    found = next(((pk, d) for pk in ids if (d := client_decision(client, pk)) is not None), None)
    if found is None:
        return []
    pk, decision = found
    base = "^/api/v1/booking-requests/\\\\{id\\\\}"
    return [
        "[[operations]]",
        f'include-path-regex = "{base}/decision\\\\.pdf$"',
        f'parameters = {{ "path.id" = {pk} }}',
        "[[operations]]",
        f'include-path-regex = "{base}/decisions/\\\\{{decision\\\\}}\\\\.pdf$"',
        f'parameters = {{ "path.id" = {pk}, "path.decision" = {decision.pk} }}',
    ]


def enclosure_operations(client: BookingClient) -> list[str]:
    """The enclosure route bound to the client's first communication that encloses a document:
    its request, the communication and the enclosure's number (none when no letter has one)."""
    from vetting.enclosures import enclosure_numbers
    from vetting.models import Communication

    communications = Communication.objects.filter(
        application__booking_request__client=client
    ).order_by("pk")
    found = next(
        (
            (c.application.booking_request.pk, c.pk, number)
            for c in communications.select_related("application__booking_request")
            for number in enclosure_numbers(c.material)
            if number is not None
        ),
        None,
    )
    if found is None:
        return []
    pk, communication, number = found
    path = "^/api/v1/booking-requests/\\\\{id\\\\}/communications/"
    path += "\\\\{communication\\\\}/material/\\\\{number\\\\}/$"
    return [
        "[[operations]]",
        f'include-path-regex = "{path}"',
        f'parameters = {{ "path.id" = {pk}, "path.communication" = {communication}, '
        f'"path.number" = {number} }}',
    ]


def state_operations(client: BookingClient) -> list[str]:
    """``withdraw`` bound to the client's last seeded request (neither decided nor
    communicated) and ``response`` to the communicated one: with any request's id, a withdrawal
    early in the run took the communicated request, and the response got 409 ever after."""
    from bookings.models import BookingRequest
    from vetting.models import State

    requests = BookingRequest.objects.filter(client=client).select_related("application")
    requests = requests.order_by("pk")
    communicated = [r.pk for r in requests if r.application.state == State.COMMUNICATED]
    untouched = [r.pk for r in requests if r.application.state == State.SUBMITTED]
    lines: list[str] = []
    for action, ids in (("withdraw", untouched[-1:]), ("response", communicated[:1])):
        if ids:
            lines += [
                "[[operations]]",
                f'include-path-regex = "^/api/v1/booking-requests/\\\\{{id\\\\}}/{action}/$"',
                f'parameters = {{ "path.id" = {ids[0]} }}',
            ]
    return lines


def dictionary(name: str, values: list[object]) -> str:
    return f"[dictionaries.{name}]\nvalues = {json.dumps(values, ensure_ascii=False)}\n"


def binding(key: str, name: str, probability: float = 0.8) -> str:
    return f'"{key}" = {{ dictionary = "{name}", probability = {probability} }}'


def configs(client: BookingClient, officer: str, decider: str) -> dict[str, str]:
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
        *decision_operations(client),
        *enclosure_operations(client),
        *state_operations(client),
    ]
    audit = [
        dictionary("references", [ref for _, ref in cases]),
        "[parameters]",
        binding("path.reference", "references"),
    ]
    parts = {
        "booking": booking,
        "officer": officer_config(officer),
        "decisions": officer_config(decider),
        "audit": audit,
    }
    return {name: "\n".join(lines) + "\n" for name, lines in parts.items()}


# Bodies' fields whose valid values are data or rules a schema cannot hold (documented in the
# schema, 422 naming the field otherwise): criterion codes that apply to every seeded case's
# kind, evidence that is a fact (a quote must be verbatim in that association's statutes), and
# a recipient that names someone with an e-mail address (valid whatever the channel). Only
# some of the time, so the generated values still probe the rest.
RECIPIENTS = ["Kim Andersson <kim@forening.se>", "Föreningens styrelse, styrelsen@forening.se"]


def officer_config(username: str) -> list[str]:
    """The officers' operations as ``username`` takes them: any seeded case's id by default, and
    per action the cases where the state machine lets this user take it (``allowed_actions``
    at the start of the run), so that the coverage and fuzzing phases reach the service with a
    case it can act on and not only 404 and 409."""
    from django.contrib.auth import get_user_model

    from vetting.actions import allowed_actions
    from vetting.models import Application, Criterion

    user = get_user_model().objects.get(username=username)
    cases = list(Application.objects.order_by("pk"))
    kinds = {app.kind for app in cases}
    criteria = Criterion.objects.order_by("code")
    codes = sorted({c.code for c in criteria if all(c.applies_to(k) for k in kinds)})
    allowed: dict[str, list[int]] = {}
    for app in cases:
        for action in allowed_actions(app, user):
            allowed.setdefault(action, []).append(app.pk)
    lines = [
        dictionary("case_ids", [app.pk for app in cases]),
        dictionary("criteria", codes),
        dictionary("recipients", RECIPIENTS),
        dictionary("evidence_kinds", ["fact"]),
        *(dictionary(f"{action}_ids", ids) for action, ids in sorted(allowed.items())),
        "[parameters]",
        binding("path.id", "case_ids"),
        binding("body.criterion", "criteria", 0.7),
        binding("body.evidence_kind", "evidence_kinds", 0.5),
        binding("body.recipient", "recipients", 0.5),
    ]
    for action, ids in sorted(allowed.items()):
        paths = ["actions/" + action] + (["assessments"] if action == "assess" else [])
        # Declaring jäv shuts the user out of the case for good (403 on everything after): on
        # one case only, one where the user can do nothing else, so the rest stay open.
        value = (
            str(sacrificed(allowed, ids))
            if action == "declare_conflict"
            else binding("path.id", f"{action}_ids").partition(" = ")[2]
        )
        for path in paths:
            lines += [
                "[[operations]]",
                f'include-path-regex = "^/api/v1/applications/\\\\{{id\\\\}}/{path}/$"',
                f'parameters = {{ "path.id" = {value} }}',
            ]
    return lines


def sacrificed(allowed: dict[str, list[int]], ids: list[int]) -> int:
    """The case to declare jäv on: the last of ``ids`` no other action is allowed on."""
    others = {pk for action, pks in allowed.items() if action != "declare_conflict" for pk in pks}
    return next((pk for pk in reversed(ids) if pk not in others), ids[-1])


def decision_paths() -> str:
    """The decisions' operations (``vetting.actions.DECIDING_ACTIONS``), as a path regex. Only a
    decision maker takes them: the officer run's handler got 403 and nothing else from
    POST .../actions/revoke/ ("1 operation returned only 401/403 responses"), so the run with a
    decision maker's token calls them again, where they reach the checks and the service."""
    from vetting.actions import DECIDING_ACTIONS

    names = "|".join(sorted(DECIDING_ACTIONS))
    return rf"^/api/v1/applications/\{{id\}}/actions/({names})/$"


def main(client_name: str, directory: str, officer: str, decider: str) -> None:
    from bookings.models import BookingClient

    client = BookingClient.objects.get(name=client_name)
    seed_requests(client)
    seed_decision(client, officer, decider)
    seed_communication(client, officer)
    for name, text in configs(client, officer, decider).items():
        Path(directory, f"{name}.toml").write_text(text, encoding="utf-8")
    Path(directory, "decisions.regex").write_text(decision_paths(), encoding="utf-8")


def refresh(directory: str, name: str, username: str) -> None:
    """Rewrite one officers' config from the cases as they are now (after an earlier run moved
    them on: the ids allowed at the start would mostly be 409 by then)."""
    text = "\n".join(officer_config(username)) + "\n"
    Path(directory, f"{name}.toml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if sys.argv[1] == "--refresh":
        refresh(*sys.argv[2:5])
    else:
        main(*sys.argv[1:5])
