"""The booking-system API: intake with idempotency, reading, polling, program, withdrawal."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from bookings.models import BookingRequest, IdempotencyRecord, WebhookMessage
from tests.api.conftest import booking_body, client_for, post_booking
from tests.files import tiny_pdf
from tests.world import drive
from vetting import services as svc
from vetting.models import Application, Kind, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


def test_create_registers_a_lokaluthyrning_case(bc, creds, world):
    response = post_booking(bc)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {"id", "reference", "external_ref", "state", "created_at", "updated_at"}
    assert body["state"] == "submitted" and body["decision"] is None
    app = Application.objects.get(reference=body["reference"])
    assert app.kind == Kind.LOKALUTHYRNING and app.premises == world.hall
    assert app.subject == "Vårkonsert"  # the pages put the kind before it, once
    assert app.booking_request.client == creds.client
    event = AuditEvent.objects.get(action="application.submitted", case_ref=app.reference)
    assert event.actor_type == "client" and event.actor_id == str(creds.client.pk)


def test_new_association_is_registered(bc):
    response = post_booking(bc, association={"org_number": "802400-0104", "name": "Vi Unga"})
    assert response.status_code == 201
    assert AuditEvent.objects.filter(action="association.registered").exists()


def test_same_key_same_body_replays_without_second_case(bc):
    first = post_booking(bc)
    again = post_booking(bc)
    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_same_key_other_body_is_422(bc):
    post_booking(bc)
    response = post_booking(bc, title="Något annat")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_reused"
    assert Application.objects.count() == 1


def test_other_key_same_external_ref_is_409_naming_the_request(bc):
    first = post_booking(bc).json()
    response = post_booking(bc, key="key-2")
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "duplicate_external_ref"
    assert problem["existing"] == {"id": first["id"], "reference": first["reference"]}


def test_external_ref_is_per_client(bc, other_creds):
    post_booking(bc)
    response = post_booking(client_for(other_creds))
    assert response.status_code == 201
    assert BookingRequest.objects.count() == 2


def test_missing_idempotency_key_is_400(bc):
    response = bc.post(URL, booking_body(), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


@pytest.mark.parametrize(
    ("key", "language", "title", "detail"),
    [
        ("k" * 256, "sv", "Ogiltig Idempotency-Key", "högst 255 tecken; den här har 256"),
        ("k" * 256, "en", "Invalid Idempotency-Key", "at most 255 characters; this one has 256"),
        ("nyckel-å", "sv", "Ogiltig Idempotency-Key", "bara innehålla synliga ASCII-tecken"),
        ("nyckel-å", "en", "Invalid Idempotency-Key", "only printable ASCII characters"),
    ],
)
def test_an_idempotency_key_that_is_there_but_unusable_is_invalid_not_missing(
    bc, key, language, title, detail
):
    response = bc.post(
        URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY=key, HTTP_ACCEPT_LANGUAGE=language
    )
    body = response.json()
    assert response.status_code == 400 and body["code"] == "idempotency_key_invalid"
    assert body["title"] == title and detail in body["detail"]
    assert not BookingRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"association": {"org_number": "802000-0018", "name": "X"}}, "association.org_number"),
        ({"premises": "finns-inte"}, "premises"),
        ({"expected_attendance": 0}, "expected_attendance"),
        ({"expected_attendance": 10_000}, "expected_attendance"),
        ({"title": ""}, "title"),
        ({"contact": {"name": "Kim", "email": "inte-epost"}}, "contact.email"),
        ({"starts_at": "igår"}, "starts_at"),
        ({"external_ref": None}, "external_ref"),
    ],
)
def test_bad_input_is_422_naming_the_field(bc, overrides, field):
    response = post_booking(bc, **overrides)
    assert response.status_code == 422, response.json()
    problem = response.json()
    assert problem["code"] == "invalid_input"
    assert field in problem["errors"], problem
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "checksum"), [("sv", "kontrollsiffra stämmer inte"), ("en", "check digit")]
)
def test_a_bad_check_digit_is_reported_with_the_other_field_errors(bc, language, checksum):
    """One 422 names every bad field: the organisation number's check digit is not left for a
    second round after the others are fixed."""
    response = bc.post(
        URL,
        booking_body(
            association={"org_number": "802000-0018", "name": "X"},
            title="",
            contact={"name": "Kim", "email": "inte-epost"},
        ),
        format="json",
        HTTP_IDEMPOTENCY_KEY="luhn",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"association.org_number", "title", "contact.email"}, errors
    assert checksum in " ".join(errors["association.org_number"])
    assert Application.objects.count() == 0 and not IdempotencyRecord.objects.exists()


def test_ends_before_start_is_422(bc):
    start = timezone.now() + timedelta(days=3)
    response = post_booking(
        bc, starts_at=start.isoformat(), ends_at=(start - timedelta(hours=1)).isoformat()
    )
    assert response.status_code == 422
    assert "ends_at" in response.json()["errors"]


def test_malformed_json_is_400_problem(bc):
    response = bc.post(URL, data="{nope", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "malformed_request"


def test_premises_lists_only_what_the_client_may_book(bc, world):
    from tests.factories import PremisesFactory

    PremisesFactory(code="annan", administration=world.social)
    response = bc.get("/api/v1/premises/")
    assert response.status_code == 200
    assert response.json() == [{"code": "stora-salen", "name": "Stora salen", "capacity": 120}]


def test_administration_client_may_book_its_premises(world):
    from audit.context import SYSTEM
    from bookings.services import client_create
    from tests.factories import PremisesFactory

    PremisesFactory(code="lilla", administration=world.kultur)
    creds = client_create(actor=SYSTEM, name="Förvaltningens", administration_id=world.kultur.pk)
    codes = [p["code"] for p in client_for(creds).get("/api/v1/premises/").json()]
    assert codes == ["lilla", "stora-salen"]


def _case(bc):
    body = post_booking(bc).json()
    return body, Application.objects.get(reference=body["reference"])


def test_detail_shows_program_request_with_deadline(bc, world):
    body, app = _case(bc)
    drive(world, app, State.PROGRAM_REVIEW)
    detail = bc.get(f"{URL}{body['id']}/").json()
    assert detail["state"] == "program_review"
    [item] = detail["requested"]
    assert item["kind"] == "program" and item["due"] and item["received_at"] is None


def test_a_program_request_says_what_the_officer_wants_to_see(bc, world):
    """The officer's reason (e.g. that the speakers must be named) reaches the booking system,
    as a supplement request's 'what' does; it was dropped for generic text."""
    body, app = _case(bc)
    drive(world, app, State.IN_REVIEW)
    reason = "Programmet ska visa alla punkter, inklusive namn på talare."
    svc.application_start_program_review(application=app, actor=world.handler, reason=reason)
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["kind"] == "program" and item["description"].endswith(reason)
    assert item["description"].startswith("Skicka in arrangemangets program")


def test_detail_shows_supplement_request(bc, world):
    body, app = _case(bc)
    drive(world, app, State.SUPPLEMENT_REQUESTED)
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["kind"] == "supplement" and "årsmötet" in item["description"]


def test_detail_shows_communication_then_decision(bc, world):
    body, app = _case(bc)
    drive(world, app, State.COMMUNICATED)
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["kind"] == "response"
    assert "Förslag till beslut: Avslag. / Proposed decision: rejected." in item["description"]
    assert "25 § förvaltningslagen" in item["description"]
    assert "POST" not in item["description"] and "/response/" not in item["description"]
    svc.application_record_response(application=app, actor=world.handler, response="Nej.")
    svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="rejected",
        reasons="Avslag enligt NO_VIOLENT_EXTREMISM: företrädare uppmanade till våld.",
        no_conflict_confirmed=True,
        response_considered="Sökanden säger nej men anger inget som ändrar bedömningen.",
    )
    detail = bc.get(f"{URL}{body['id']}/").json()
    assert detail["state"] == "rejected" and detail["requested"] == []
    decision = detail["decision"]
    assert decision["outcome"] == "rejected"
    assert decision["reasons"].startswith("Avslag")
    assert decision["decided_at"] and "överklaga" in decision["appeal_instructions"]
    cited = [c["code"] for c in decision["criteria"] if c["cited"]]
    assert cited == ["NO_VIOLENT_EXTREMISM"]


def test_approved_decision(bc, world):
    body, app = _case(bc)
    drive(world, app, State.APPROVED)
    decision = bc.get(f"{URL}{body['id']}/").json()["decision"]
    assert decision["outcome"] == "approved" and decision["appeal_route"]


def test_client_sees_only_its_own_requests(bc, other_creds):
    body = post_booking(bc).json()
    other = client_for(other_creds)
    assert other.get(f"{URL}{body['id']}/").status_code == 404
    assert other.get(URL).json()["results"] == []
    assert other.post(f"{URL}{body['id']}/withdraw/", {}, format="json").status_code == 404


def test_updated_since_and_cursor_miss_nothing(bc, world):
    before = timezone.now()
    ids = [post_booking(bc, key=f"k{i}", external_ref=f"r{i}").json()["id"] for i in range(3)]
    first = Application.objects.get(booking_request__id=ids[0])
    drive(world, first, State.IN_REVIEW)
    page = bc.get(URL, {"updated_since": before.isoformat(), "limit": 2}).json()
    assert [r["id"] for r in page["results"]] == ids[1:3] and page["has_more"] is True
    rest = bc.get(URL, {"cursor": page["next_cursor"]}).json()
    assert [r["id"] for r in rest["results"]] == [ids[0]]
    assert rest["results"][0]["state"] == "in_review" and rest["has_more"] is False
    later = bc.get(URL, {"cursor": rest["next_cursor"]}).json()
    assert later["results"] == [] and later["next_cursor"] == rest["next_cursor"]
    svc.application_withdraw(application=first, actor=world.handler, reason="Återkallad")
    changed = bc.get(URL, {"cursor": rest["next_cursor"]}).json()["results"]
    assert [(r["id"], r["state"]) for r in changed] == [(ids[0], "withdrawn")]


def test_updated_since_must_have_a_timezone(bc):
    response = bc.get(URL, {"updated_since": "2026-01-01T00:00:00"})
    assert response.status_code == 422 and "updated_since" in response.json()["errors"]
    assert bc.get(URL, {"cursor": "!!"}).status_code == 422
    assert bc.get(URL, {"limit": "0"}).status_code == 422


def test_list_query_count_is_constant(bc, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert bc.get(URL).status_code == 200
        return len(ctx.captured_queries)

    _, app = _case(bc)
    drive(world, app, State.PROGRAM_REVIEW)
    few = count()
    for i in range(4):
        body = post_booking(bc, key=f"x{i}", external_ref=f"x{i}").json()
        app = Application.objects.get(reference=body["reference"])
        drive(world, app, [State.APPROVED, State.COMMUNICATED, State.SUPPLEMENT_REQUESTED][i % 3])
    assert count() == few


def _program_case(bc, world):
    body, app = _case(bc)
    drive(world, app, State.PROGRAM_REVIEW)
    return body, app


def test_program_pdf_is_accepted(bc, world):
    body, app = _program_case(bc, world)
    pdf = SimpleUploadedFile("program.pdf", tiny_pdf(), "application/pdf")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": pdf}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["requested"][0]["received_at"] is not None
    review = app.program_reviews.get()
    assert review.program_received_at is not None and review.program_file.name
    # A booking system's upload reached the municipality on the day it was uploaded.
    assert review.program_received_on == timezone.localdate(review.program_received_at)
    assert AuditEvent.objects.filter(action="program.received").exists()


def test_program_text_is_accepted_and_kept_as_text(bc, world):
    body, app = _program_case(bc, world)
    txt = SimpleUploadedFile("program.txt", "18.00 Kör\n19.00 Fika".encode(), "text/plain")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": txt}, format="multipart")
    assert response.status_code == 200
    assert app.program_reviews.get().program_text.startswith("18.00")


def test_program_that_is_not_pdf_or_text_is_422(bc, world):
    body, _ = _program_case(bc, world)
    exe = SimpleUploadedFile("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": exe}, format="multipart")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]


def test_program_that_starts_like_a_pdf_but_is_none_is_422(bc, world):
    body, app = _program_case(bc, world)
    fake = SimpleUploadedFile("program.pdf", b"%PDF-1.4 <script>garbage", "application/pdf")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": fake}, format="multipart")
    assert response.status_code == 422
    assert "går inte att öppna som PDF" in response.json()["errors"]["file"][0]
    assert app.program_reviews.get().program_received_at is None


def test_program_of_two_files_is_422_naming_file(bc, world):
    body, app = _program_case(bc, world)
    one = SimpleUploadedFile("a.txt", b"18.00 Kor", "text/plain")
    two = SimpleUploadedFile("b.txt", b"19.00 Fika", "text/plain")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": [one, two]}, format="multipart")
    assert response.status_code == 422, response.json()
    assert "en enda fil" in response.json()["errors"]["file"][0]
    assert app.program_reviews.get().program_received_at is None


def test_program_missing_file_is_422(bc, world):
    body, _ = _program_case(bc, world)
    response = bc.post(f"{URL}{body['id']}/program/", {}, format="multipart")
    assert response.status_code == 422 and "file" in response.json()["errors"]


def test_program_too_large(bc, world, settings):
    settings.GRANSKA_API_PROGRAM_MAX_BYTES = 10
    body, _ = _program_case(bc, world)
    big = SimpleUploadedFile("p.txt", b"x" * 100, "text/plain")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": big}, format="multipart")
    assert response.status_code == 422 and "file" in response.json()["errors"]


def test_program_not_requested_is_409(bc):
    body = post_booking(bc).json()
    txt = SimpleUploadedFile("p.txt", b"program", "text/plain")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": txt}, format="multipart")
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["withdraw"]


def test_withdraw(bc):
    body = post_booking(bc).json()
    response = bc.post(f"{URL}{body['id']}/withdraw/", {"reason": "Inställt"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    again = bc.post(f"{URL}{body['id']}/withdraw/", {}, format="json")  # a retry
    assert again.status_code == 200 and again.json() == response.json()
    assert AuditEvent.objects.filter(action="application.withdraw").count() == 1


def test_withdrawing_a_decided_request_is_409(bc, world):
    body, app = _case(bc)
    drive(world, app, State.APPROVED)
    response = bc.post(f"{URL}{body['id']}/withdraw/", {}, format="json")
    assert response.status_code == 409 and response.json()["allowed_actions"] == []


def test_every_change_writes_an_outbox_message(world, django_capture_on_commit_callbacks):
    from audit.context import SYSTEM
    from bookings.services import client_create

    creds = client_create(
        actor=SYSTEM,
        name="Med webhook",
        webhook_url="https://bokning.example/",
        premises=[world.hall],
    )
    api = client_for(creds)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        body = post_booking(api).json()
    assert len(callbacks) == 1
    drive(world, Application.objects.get(reference=body["reference"]), State.IN_REVIEW)
    types = list(WebhookMessage.objects.order_by("id").values_list("event_type", flat=True))
    assert types == ["booking_request.created", "booking_request.assign"]
    assert IdempotencyRecord.objects.count() == 1


def test_premises_the_client_may_not_book_is_422(bc, world):
    from tests.factories import PremisesFactory

    PremisesFactory(code="annan", administration=world.social)
    response = post_booking(bc, premises="annan")
    assert response.status_code == 422 and "premises" in response.json()["errors"]


def test_administration_client_books_any_of_its_premises(world):
    from audit.context import SYSTEM
    from bookings.services import client_create
    from tests.factories import PremisesFactory

    PremisesFactory(code="lilla", administration=world.kultur, capacity=100)
    creds = client_create(actor=SYSTEM, name="Förvaltningen", administration_id=world.kultur.pk)
    response = post_booking(client_for(creds), premises="lilla")
    assert response.status_code == 201 and response.json()["premises"] == "lilla"


def test_an_empty_first_page_still_gives_a_cursor_that_misses_nothing(bc, world):
    """An empty answer to updated_since keeps the position: the next poll with its cursor brings
    only what changed afterwards, not the client's whole history."""
    old = post_booking(bc, key="old", external_ref="old").json()
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    empty = bc.get(URL, {"updated_since": tomorrow}).json()
    assert empty["results"] == [] and empty["next_cursor"]
    assert bc.get(URL, {"cursor": empty["next_cursor"]}).json()["results"] == []
    new = post_booking(bc, key="new", external_ref="new").json()
    after = bc.get(URL, {"cursor": empty["next_cursor"]}).json()["results"]
    assert [r["id"] for r in after] == [new["id"]] and old["id"] != new["id"]


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30T00:00:00Z",
        "2026-01-01T25:00:00Z",
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+99:99",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
    ],
)
def test_an_impossible_updated_since_is_422(bc, value):
    response = bc.get(URL, {"updated_since": value})
    assert response.status_code == 422 and "updated_since" in response.json()["errors"]


@pytest.mark.parametrize("value", ["2027-03-14T18:00:00", "2027-03-14", "2027-03-14 18:00"])
def test_a_time_without_its_offset_is_refused(bc, value):
    """RFC 3339 needs the offset: a UTC time sent without Z must not become Swedish time."""
    response = post_booking(bc, starts_at=value)
    assert response.status_code == 422 and "starts_at" in response.json()["errors"]


def test_a_retry_after_the_start_has_passed_replays_the_first_answer(bc, monkeypatch):
    first = post_booking(bc, key="late")
    assert first.status_code == 201
    later = timezone.now() + timedelta(days=400)  # the event has begun: the body is now invalid
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = post_booking(bc, key="late")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    other = post_booking(bc, key="late", expected_attendance=0)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


@pytest.fixture
def hooked(world):
    """A booking system with a webhook receiver: its changes are stored as webhook messages."""
    from audit.context import SYSTEM
    from bookings.services import client_create

    return client_for(
        client_create(
            actor=SYSTEM, name="Med webhook", webhook_url="https://bokning.example/",
            premises=[world.hall],
        )
    )  # fmt: skip


def test_the_stored_state_label_is_swedish_whoever_asks(hooked):
    """The stored answer (replays, webhooks) must not depend on the language of the request
    that caused it."""
    bc = hooked
    first = bc.post(
        URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="lang", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert first.json()["state_label"] == "Inkommen"
    again = bc.post(
        URL, booking_body(), format="json", HTTP_IDEMPOTENCY_KEY="lang", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.content == first.content
    [message] = WebhookMessage.objects.all()
    assert json.loads(message.body)["data"]["state_label"] == "Inkommen"


def test_get_gives_the_state_label_in_the_callers_language(hooked, world):
    bc = hooked
    body, app = _case(bc)
    drive(world, app, State.IN_REVIEW)
    detail = f"{URL}{body['id']}/"
    assert bc.get(detail).json()["state_label"] == "Under handläggning"
    assert bc.get(detail, HTTP_ACCEPT_LANGUAGE="sv").json()["state_label"] == "Under handläggning"
    english = bc.get(detail, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["state"] == "in_review" and english["state_label"] == "In review"
    [listed] = bc.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert listed["state_label"] == "In review"
    withdrawn = bc.post(
        f"{detail}withdraw/", {"reason": "Inställt"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert withdrawn.json()["state_label"] == "Withdrawn by the applicant"
    stored = [json.loads(m.body)["data"] for m in WebhookMessage.objects.order_by("id")]
    swedish = ["Inkommen", "Under handläggning", "Återkallad av sökande"]
    assert [data["state_label"] for data in stored] == swedish


def test_a_replay_is_byte_for_byte_the_first_answer(bc):
    first = post_booking(bc, key="bytes")
    again = post_booking(bc, key="bytes")
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content


def test_without_a_published_rulebook_the_intake_is_503_and_registers_nothing(bc):
    """A draft rulebook is never applied: no case, and the booking system is told to retry."""
    from vetting.models import Rulebook

    Rulebook.objects.update(published=False)
    response = post_booking(bc)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "no_published_rulebook"
    assert not Application.objects.exists() and not IdempotencyRecord.objects.exists()
    Rulebook.objects.filter(version=1).update(published=True)
    assert post_booking(bc).status_code == 201


@pytest.mark.parametrize("start", [State.IN_REVIEW, State.PROGRAM_REVIEW])
def test_a_referral_to_the_security_coordinator_is_not_shown_to_the_booking_system(
    bc, world, start
):
    """The referral itself may be secret (OSL): the request reads as where it was escalated
    from, with what is asked of the applicant, and no webhook or cursor move betrays it."""
    body, app = _case(bc)
    drive(world, app, start)
    before = bc.get(f"{URL}{body['id']}/").json()
    messages = WebhookMessage.objects.count()
    seq = BookingRequest.objects.get(pk=body["id"]).change_seq
    svc.application_escalate(application=app, actor=world.handler, reason="Uppgifter om hot")
    during = bc.get(f"{URL}{body['id']}/").json()
    assert during["state"] == before["state"] == start
    assert during["state_label"] == before["state_label"]
    assert during["requested"] == before["requested"]
    refused = bc.post(f"{URL}{body['id']}/response/", {"response": "Svar"}, format="json")
    assert refused.status_code == 409 and "escalated" not in refused.content.decode()
    svc.application_conclude_escalation(
        application=app, actor=world.security, conclusion="no_link", notes="Ingen koppling"
    )
    assert bc.get(f"{URL}{body['id']}/").json() == before
    assert WebhookMessage.objects.count() == messages
    assert BookingRequest.objects.get(pk=body["id"]).change_seq == seq


def test_the_booking_system_sends_the_applicants_response_to_a_communicated_proposal(bc, world):
    """Kommunicering (FL 25 §) over the API: the response is recorded on the case with the
    client as actor, its requested item shows it received, a retry is a replay, and the change
    cursor moves as for any change (webhooks: tests/bookings/test_webhooks.py's outbox rule)."""
    body, app = _case(bc)
    drive(world, app, State.COMMUNICATED)
    url = f"{URL}{body['id']}/response/"
    text = "Föreningen bestrider uppgifterna; protokollet från årsmötet bifogas per post."
    seq = BookingRequest.objects.get(pk=body["id"]).change_seq
    response = bc.post(url, {"response": text}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "communicated"
    app.refresh_from_db()
    assert app.responded_at is not None and app.communications.get().response == text
    [item] = response.json()["requested"]
    assert item["kind"] == "response" and item["received_at"] == _utc(app.responded_at)
    event = AuditEvent.objects.get(action="application.record_response")
    assert event.actor_type == "client" and event.reasons_text == text
    assert BookingRequest.objects.get(pk=body["id"]).change_seq > seq
    assert bc.post(url, {"response": text}, format="json").status_code == 200  # a retry
    assert AuditEvent.objects.filter(action="application.record_response").count() == 1
    other = bc.post(url, {"response": "Ett annat yttrande."}, format="json")
    assert other.status_code == 409 and other.json()["allowed_actions"] == ["withdraw"]
    assert "redan registrerat" in other.json()["detail"]
    assert "record_response" not in other.json()["detail"]


def _utc(moment):
    return moment.astimezone(UTC).isoformat()


AGAIN = "Nytt förslag: företrädare uppmanade till våld (NO_VIOLENT_EXTREMISM)."


def test_the_response_item_shows_the_current_hearing_received_as_a_supplement_is(bc, world):
    """docs/api.md: the response item gets received_at once the response has come (it
    disappeared instead); after a return to review and a new hearing only the new one is
    asked for, not yet received; a decision asks for nothing."""
    body, app = _case(bc)
    drive(world, app, State.COMMUNICATED)
    detail = f"{URL}{body['id']}/"
    [asked] = bc.get(detail).json()["requested"]
    assert asked["kind"] == "response" and asked["received_at"] is None
    bc.post(f"{detail}response/", {"response": "Vi bestrider."}, format="json")
    app.refresh_from_db()
    [received] = bc.get(detail).json()["requested"]
    assert received == {**asked, "received_at": _utc(app.responded_at)}
    svc.application_return_to_review(application=app, actor=world.decider, reasons="Oklart")
    svc.application_propose(application=app, actor=world.handler, outcome="rejected", reasons=AGAIN)
    svc.application_communicate(application=app, actor=world.handler)
    [again] = bc.get(detail).json()["requested"]
    assert again["received_at"] is None and again["description"].endswith(AGAIN)
    assert [r["received_at"] for r in bc.get(URL).json()["results"][0]["requested"]] == [None]


def test_a_response_is_refused_when_none_is_asked_for_or_when_empty(bc, world):
    body, app = _case(bc)
    url = f"{URL}{body['id']}/response/"
    early = bc.post(url, {"response": "Vi svarar ändå."}, format="json")
    assert early.status_code == 409 and "respond" not in early.json()["allowed_actions"]
    drive(world, app, State.COMMUNICATED)
    empty = bc.post(url, {"response": "  "}, format="json")
    assert empty.status_code == 422 and "response" in empty.json()["errors"]
    assert not AuditEvent.objects.filter(action="application.record_response").exists()


def test_the_booking_system_sends_a_supplement(bc, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body, app = _case(bc)
    url = f"{URL}{body['id']}/supplement/"
    early = bc.post(url, {"text": "Protokollet"}, format="multipart")
    assert early.status_code == 409 and "supplement" not in early.json()["allowed_actions"]
    drive(world, app, State.SUPPLEMENT_REQUESTED)
    empty = bc.post(url, {}, format="multipart")
    assert empty.status_code == 422 and "file" in empty.json()["errors"]
    minutes = SimpleUploadedFile("protokoll.pdf", tiny_pdf("Protokoll"), "application/pdf")
    response = bc.post(url, {"file": minutes, "text": "Årsmötets protokoll"}, format="multipart")
    assert response.status_code == 200, response.json()
    detail = response.json()
    assert detail["state"] == "supplement_requested"
    [item] = detail["requested"]
    assert item["kind"] == "supplement" and item["received_at"]
    request = app.supplement_requests.get()
    assert request.delivered_text == "Årsmötets protokoll" and request.delivered_file
    event = AuditEvent.objects.get(action="supplement.delivered")
    assert event.actor_type == "client"


def test_a_programme_asked_for_is_accepted_while_the_case_is_secretly_escalated(bc, world):
    """The request still asks for the programme (the referral is not shown), so the upload is
    taken, and no answer names the state the client does not see."""
    body, app = _case(bc)
    drive(world, app, State.PROGRAM_REVIEW)
    svc.application_escalate(application=app, actor=world.handler, reason="Uppgifter om hot")
    txt = SimpleUploadedFile("program.txt", "18.00 Kör\n19.00 Fika".encode(), "text/plain")
    response = bc.post(f"{URL}{body['id']}/program/", {"file": txt}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "program_review"
    assert response.json()["requested"][0]["received_at"]
    supplement = bc.post(f"{URL}{body['id']}/supplement/", {"text": "x"}, format="multipart")
    assert supplement.status_code == 409
    assert "escalated" not in supplement.content.decode()
    assert supplement.json()["allowed_actions"] == ["program", "withdraw"]


def test_a_communicated_proposal_carries_its_material(bc, world):
    """FL 25 §: the applicant responds to the material the proposal rests on, as the letter
    lists it; the item had only the invitation, the outcome and the reasons."""
    body, app = _case(bc)
    drive(world, app, State.COMMUNICATED)
    communication = app.communications.get()
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["proposed_outcome"] == "rejected"
    assert item["reasons"] == communication.proposal_text
    assert item["due"] == communication.due.isoformat()
    [cited] = communication.material
    assert item["material"] == [
        {
            "criterion": cited["code"],
            "title": cited["title"],
            "outcome": cited["outcome"],
            "evidence_kind": "fact",
            "evidence": cited["evidence"],
            "statutes_adopted_on": None,
            "document": None,
        }
    ]
    assert cited["code"] == "NO_VIOLENT_EXTREMISM" and cited["evidence"]
