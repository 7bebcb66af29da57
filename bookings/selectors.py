"""Reads for booking systems: their premises and requests, and the request as the API shows it.

``booking_request_data`` is the one representation of a request: the API answers with it and
webhooks carry it, so a client sees the same object either way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from bookings.models import BookingClient, BookingRequest, Premises
from vetting.models import (
    Application,
    Communication,
    Decision,
    ProgramReview,
    State,
    SupplementRequest,
)

PROGRAM_REQUEST_TEXT = (
    "Skicka in arrangemangets program (PDF eller text). / "
    "Send the programme of the event (PDF or plain text)."
)
RESPONSE_REQUEST_TEXT = (
    "Ni får yttra er över förslaget till beslut före beslut (FL 25 §). / "
    "You may respond to the proposed decision before it is decided."
)


def premises_for_client(client: BookingClient) -> QuerySet[Premises]:
    """Active premises the client may book: its own list and its administration's premises."""
    condition = Q(booking_clients=client)
    if client.administration_id is not None:
        condition |= Q(administration_id=client.administration_id)
    return Premises.objects.filter(condition, active=True).distinct().order_by("code")


def booking_requests_for_client(client: BookingClient) -> QuerySet[BookingRequest]:
    """The client's own requests, with everything the representation reads, in change order."""
    return (
        BookingRequest.objects.filter(client=client)
        .select_related("application", "application__premises")
        .prefetch_related(
            Prefetch(
                "application__program_reviews",
                queryset=ProgramReview.objects.filter(closed_at__isnull=True).order_by("id"),
            ),
            Prefetch(
                "application__supplement_requests",
                queryset=SupplementRequest.objects.filter(fulfilled_at__isnull=True).order_by("id"),
            ),
            Prefetch(
                "application__communications",
                queryset=Communication.objects.filter(responded_at__isnull=True).order_by("id"),
            ),
            Prefetch(
                "application__decisions",
                queryset=Decision.objects.filter(replaced_by__isnull=True).order_by(
                    "-decided_at", "-id"
                ),
            ),
        )
        .order_by("change_seq", "id")
    )


def booking_request_changes(
    client: BookingClient, *, since: datetime | None = None
) -> QuerySet[BookingRequest]:
    qs = booking_requests_for_client(client)
    return qs.filter(changed_at__gt=since) if since is not None else qs


def _iso(value: datetime | None) -> str | None:
    """RFC 3339 in UTC, so the same instant always reads the same."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def _requested(app: Application) -> list[dict[str, Any]]:
    """What is asked of the applicant now, with deadlines."""
    items: list[dict[str, Any]] = []
    if app.state == State.PROGRAM_REVIEW:
        for review in app.program_reviews.all():
            if review.closed_at is None:
                items.append(
                    {
                        "kind": "program",
                        "description": PROGRAM_REQUEST_TEXT,
                        "due": review.due.isoformat(),
                        "received_at": _iso(review.program_received_at),
                    }
                )
    elif app.state == State.SUPPLEMENT_REQUESTED:
        for request in app.supplement_requests.all():
            if request.fulfilled_at is None:
                items.append(
                    {
                        "kind": "supplement",
                        "description": request.what,
                        "due": request.due.isoformat(),
                        "received_at": None,
                    }
                )
    elif app.state == State.COMMUNICATED and app.responded_at is None:
        for communication in app.communications.all():
            if communication.responded_at is None:
                items.append(
                    {
                        "kind": "response",
                        "description": f"{RESPONSE_REQUEST_TEXT}\n\n{communication.proposal_text}",
                        "due": communication.due.isoformat(),
                        "received_at": None,
                    }
                )
    return items


def _current_decision(app: Application) -> Decision | None:
    if "decisions" in getattr(app, "_prefetched_objects_cache", {}):
        return next(iter(app.decisions.all()), None)
    return app.decisions.filter(replaced_by__isnull=True).order_by("-decided_at", "-id").first()


def _decision(app: Application) -> dict[str, Any] | None:
    if app.state not in (State.APPROVED, State.REJECTED):
        return None
    current = _current_decision(app)
    if current is None:
        return None
    return {
        "outcome": current.outcome,
        "reasons": current.reasons,
        "criteria": [
            {
                "code": row.get("code", ""),
                "title": row.get("title", ""),
                "outcome": row.get("outcome"),
                "cited": bool(row.get("cited")),
            }
            for row in current.criteria
        ],
        "decided_at": _iso(current.decided_at),
        "appeal_route": current.appeal_route,
        "appeal_instructions": current.appeal_instructions,
    }


def booking_request_data(br: BookingRequest) -> dict[str, Any]:
    """The request as the API and the webhooks show it."""
    app = br.application
    return {
        "id": br.pk,
        "reference": app.reference,
        "external_ref": br.external_ref,
        "state": app.state,
        "state_label": str(State(app.state).label),
        "premises": app.premises.code if app.premises else None,
        "starts_at": _iso(app.event_starts_at),
        "ends_at": _iso(app.event_ends_at),
        "title": app.event_title,
        "created_at": _iso(br.created_at),
        "updated_at": _iso(br.changed_at),
        "requested": _requested(app),
        "decision": _decision(app),
    }
