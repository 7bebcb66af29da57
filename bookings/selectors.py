"""Reads for booking systems: their premises and requests, and the request as the API shows it.

``booking_request_data`` is the one representation of a request: the API answers with it and
webhooks carry it, so a client sees the same object either way. Only ``state_label`` depends on
the language: Swedish in what is stored (webhook bodies, the intake's answer that a retry
replays), the caller's in the answers to GET and to the client's actions. The intake's hot reads
(plain SQL, ADR 0005) are ``bookings.intake_selectors``.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from bookings.models import BookingClient, BookingRequest, Premises
from vetting.citations import fl, recorded_route
from vetting.enclosures import enclosure, enclosure_numbers
from vetting.models import (
    Application,
    Communication,
    Decision,
    DecisionOutcome,
    ProgramReview,
    State,
    SupplementRequest,
)
from vetting.texts import delegation_line, short_deadline_text

PROGRAM_REQUEST_TEXT = (
    "Skicka in arrangemangets program (PDF eller text). / "
    "Send the programme of the event (PDF or plain text)."
)
# What follows if a supplement does not come in (FL 20 §), as the föreläggande letter says it
# (web.documents.supplement): with the deadline, in both languages, FL cited as the route the
# request recorded makes it ({sv_cite}, {en_cite}: ``_both``).
SUPPLEMENT_CONSEQUENCE_TEXT = (
    "Om kompletteringen inte har kommit in senast {due} kan ansökan komma att avgöras i "
    "befintligt skick eller inte tas upp till prövning ({sv_cite}). / If the "
    "supplement has not arrived by {due}, the application may be decided as it stands or not "
    "be taken up ({en_cite})."
)
# Shown to the applicant by the booking system: plain words, no API paths.
RESPONSE_REQUEST_TEXT = (
    "Ni får yttra er över förslaget till beslut innan beslutet fattas ({sv_cite}). "
    "/ You may respond to the proposed decision before it is made ({en_cite})."
)


def _both(route: str | None, section: int) -> dict[str, str]:
    """An FL citation for ``route`` in Swedish and in English (``vetting.citations.fl``)."""
    with translation.override("sv"):
        sv_cite = fl(route, section)
    with translation.override("en"):
        en_cite = fl(route, section)
    return {"sv_cite": sv_cite, "en_cite": en_cite}


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
                # The material is sent to the client with the hearing (FL 25 §).
                queryset=Communication.objects.defer("criteria", "response"),
            ),
            Prefetch(
                "application__decisions",
                queryset=Decision.objects.filter(replaced_by__isnull=True)
                .select_related("decided_by")
                .order_by("-decided_at", "-id"),
            ),
        )
        .order_by("change_seq", "id")
    )


def booking_request_changes(
    client: BookingClient, *, since: datetime | None = None
) -> QuerySet[BookingRequest]:
    qs = booking_requests_for_client(client)
    return qs.filter(changed_at__gt=since) if since is not None else qs


def change_position() -> int:
    """The newest change number any committed change has (the audit chain's head). Read before
    a page is: a change that commits later has a larger number (they are drawn under the chain
    lock), so a cursor at this position misses nothing."""
    from audit.models import AuditEvent

    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _iso(value: datetime | None) -> str | None:
    """RFC 3339 in UTC, so the same instant always reads the same."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def client_state(app: Application) -> str:
    """The state a booking system sees. A referral to the security coordinator is not shown: the
    referral itself may be secret (OSL), and telling the association could harm the assessment.
    The case reads as where it was escalated from (a programme review still open, or review)."""
    if app.state != State.ESCALATED:
        return str(app.state)
    if app.escalated_from in (State.APPROVED, State.PAID):
        return str(app.escalated_from)  # escalated after the decision: it stands meanwhile
    open_review = any(review.closed_at is None for review in app.program_reviews.all())
    return State.PROGRAM_REVIEW if open_review else State.IN_REVIEW


# States a booking system never sees: the referral (client_state), and payment and revocation,
# which belong to grants, never to premises rental.
HIDDEN_STATES = frozenset({State.ESCALATED, State.PAID, State.REVOKED})

# Changes a booking system does not see (client_state reads the same before and after; a
# take-over changes only which officer prepares the case).
HIDDEN_ACTIONS = frozenset({"escalate", "conclude_escalation", "take_over"})


def _response_text(communication: Communication) -> str:
    """The invitation to respond, the proposed outcome (in Swedish as in the letter, and its
    code) and the proposal's reasons."""
    parts = [RESPONSE_REQUEST_TEXT.format(**_both(recorded_route(communication.facts), 25))]
    code = communication.proposed_outcome
    if code in _outcome_labels():
        parts.append(
            f"Förslag till beslut: {_outcome_labels()[code]}. / Proposed decision: {code}."
        )
    parts.append(communication.proposal_text)
    parts.append(short_deadline_text(communication.short_deadline_reason))  # FL 25 §
    return "\n\n".join(part for part in parts if part)


def _communicated(request_id: int, communication: Communication) -> dict[str, Any]:
    """What was communicated, from the communication's own record (FL 25 §: the applicant may
    respond to the material the proposal rests on, as the letter lists it, with the documents
    it encloses to download)."""
    material = communication.material
    return {
        "proposed_outcome": communication.proposed_outcome or None,
        "reasons": communication.proposal_text,
        "material": [
            {
                "criterion": m.get("code", ""),
                "title": m.get("title", ""),
                "outcome": m.get("outcome", ""),
                "evidence_kind": m.get("evidence_kind") or None,
                "evidence": m.get("evidence") or _sent_name(m),
                "statutes_adopted_on": m.get("statutes_adopted_on"),  # not in older letters
                "document": _sent_document(request_id, communication.pk, m, number),
            }
            for m, number in zip(material, enclosure_numbers(material), strict=True)
        ],
    }


def _sent_name(item: dict[str, Any]) -> str:
    """A sent document's name: the upload's own, else (sent before names were recorded) the
    stored name's last part, as the letter shows it; "" for an item without one."""
    return str(item.get("document_name") or (item.get("document") or "").rsplit("/", 1)[-1])


def _sent_document(
    request_id: int, communication_id: int, item: dict[str, Any], number: int | None
) -> dict[str, Any] | None:
    """An enclosure of the letter: its name, number (bilaga), where to download it (a path on
    this API) and, for letters sent since it is recorded, its SHA-256 and size."""
    if number is None:
        return None
    return {
        "enclosure": number,
        "name": _sent_name(item),
        "url": reverse("api-booking-request-material", args=[request_id, communication_id, number]),
        "sha256": item.get("document_sha256"),
        "size": item.get("document_size"),
    }


def communicated_document(
    client: BookingClient, request_id: int, communication_id: int, number: int
) -> dict[str, Any] | None:
    """Enclosure ``number`` of a communication on the client's own request, as it was sent (the
    communication's material, never the assessment as it is now); None when there is none. The
    material holds only what the applicant was sent: never the security coordinator's notes."""
    communication = (
        Communication.objects.filter(
            pk=communication_id,
            application__booking_request__pk=request_id,
            application__booking_request__client=client,
        )
        .only("material")
        .first()
    )
    return enclosure(communication, number) if communication is not None else None


@functools.cache
def _outcome_labels() -> dict[str, str]:
    with translation.override("sv"):
        return {o.value: str(o.label) for o in DecisionOutcome}


def _requested(request_id: int, app: Application, state: str) -> list[dict[str, Any]]:
    """What is asked of the applicant now (``state``: as the client sees it), with deadlines."""
    items: list[dict[str, Any]] = []
    if state == State.PROGRAM_REVIEW:
        for review in app.program_reviews.all():
            if review.closed_at is None:
                items.append(
                    {
                        "kind": "program",
                        "description": _with_short_deadline(
                            f"{PROGRAM_REQUEST_TEXT}\n\n{review.reason}",
                            review.short_deadline_reason,
                        ),
                        "due": review.due.isoformat(),
                        "received_at": _iso(review.program_received_at),
                    }
                )
    elif state == State.SUPPLEMENT_REQUESTED:
        for request in app.supplement_requests.all():
            if request.fulfilled_at is None:
                items.append(
                    {
                        "kind": "supplement",
                        "description": _with_short_deadline(
                            _supplement_text(request), request.short_deadline_reason
                        ),
                        "due": request.due.isoformat(),
                        "received_at": _iso(request.delivered_at),
                    }
                )
    elif state == State.COMMUNICATED and (hearing := _current_hearing(app)) is not None:
        items.append(
            {
                "kind": "response",
                "description": _response_text(hearing),
                "due": hearing.due.isoformat(),
                "received_at": _iso(hearing.responded_at),
                **_communicated(request_id, hearing),
            }
        )
    return items


def _supplement_text(request: SupplementRequest) -> str:
    """What is asked for, as the officer wrote it, and what follows if it does not come in."""
    cite = _both(recorded_route(request.facts), 20)
    consequence = SUPPLEMENT_CONSEQUENCE_TEXT.format(due=request.due.isoformat(), **cite)
    return f"{request.what}\n\n{consequence}"


def _with_short_deadline(description: str, reason: str) -> str:
    """What is asked, and why the time to send it is shorter than normal (FL 25 §), if it is."""
    shorter = short_deadline_text(reason)
    return f"{description}\n\n{shorter}" if shorter else description


def _current_hearing(app: Application) -> Communication | None:
    """The communication the applicant is heard on now: the latest (an earlier one belongs to a
    proposal since returned). It stays asked for, with ``received_at`` once the response has
    come, until the decision or a return to review, as a delivered supplement does."""
    return max(app.communications.all(), key=lambda c: c.pk, default=None)


def _current_decision(app: Application) -> Decision | None:
    if "decisions" in getattr(app, "_prefetched_objects_cache", {}):
        return next(iter(app.decisions.all()), None)
    current = app.decisions.filter(replaced_by__isnull=True).select_related("decided_by")
    return current.order_by("-decided_at", "-id").first()


# The states a booking system sees a decision in: decided, or written off by a decision (the
# application not taken up, ADR 0025; one written off before that has none, and shows null).
DECISION_STATES = frozenset({State.APPROVED, State.REJECTED, State.WRITTEN_OFF})


def _decision(app: Application, state: str, request_id: int) -> dict[str, Any] | None:
    if state not in DECISION_STATES:
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
        **_decided_by(current),
        # How the decision answers the applicant's response (FL 25 §), as the document prints it.
        "response_considered": current.response_considered.strip() or None,
        # Names the decision: a URL in an older webhook keeps serving the decision it announced.
        "document_url": reverse(
            "api-booking-request-decision-document", args=[request_id, current.pk]
        ),
    }


def _decided_by(decision: Decision) -> dict[str, Any]:
    """Who decided and on whose behalf, as the decision document prints it (FL 33 §: the
    booking system passes the decision on whole): the decision maker's name and title, and
    the delegation (the nämnd and the point of the delegationsordning, as recorded with the
    decision; "" for a decision made before the nämnd was kept)."""
    facts = decision.facts
    user = decision.decided_by
    board = str(facts.get("delegation_board", ""))
    note = str(facts.get("delegation_note", ""))
    return {
        "decision_maker": {
            "name": str(user.get_full_name() or user.get_username()),
            "title": "Beslutsfattare",
        },
        "delegation": {"board": board, "point": note, "text": delegation_line(board, note)},
    }


def client_decision(client: BookingClient, request_id: int) -> Decision | None:
    """The decision in force on the client's own request, as ``decision`` shows it: None for
    another client's request, or while nothing is decided that the client may see."""
    request = (
        BookingRequest.objects.filter(pk=request_id, client=client)
        .select_related("application")
        .first()
    )
    if request is None or client_state(request.application) not in DECISION_STATES:
        return None
    return _current_decision(request.application)


CLIENT_DECISION_OUTCOMES = (
    DecisionOutcome.APPROVED,
    DecisionOutcome.REJECTED,
    DecisionOutcome.WRITTEN_OFF,
)


def client_decision_by_id(
    client: BookingClient, request_id: int, decision_id: int
) -> Decision | None:
    """One decision on the client's own request, also one since replaced by an amendment (the
    applicant was sent it): None for another client's request or another request's decision."""
    return (
        Decision.objects.filter(
            pk=decision_id,
            application__booking_request__pk=request_id,
            application__booking_request__client=client,
            outcome__in=CLIENT_DECISION_OUTCOMES,
        )
        .select_related("decided_by", "application")
        .first()
    )


@functools.cache
def _state_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {state.value: str(state.label) for state in State}


# What is stored (webhook bodies, the intake's answer) is in Swedish: it must read the same
# whoever caused the change, and a replay is the first answer byte for byte.
STORED_LANGUAGE = "sv"


def booking_request_data(br: BookingRequest, *, language: str = STORED_LANGUAGE) -> dict[str, Any]:
    """The request as the API and the webhooks show it; ``language``: of the generated display
    text (``state_label``), Swedish unless an answer that is not stored asks for another."""
    app = br.application
    state = client_state(app)
    return {
        "id": br.pk,
        "reference": app.reference,
        "external_ref": br.external_ref,
        "state": state,
        "state_label": _state_labels(language)[state],
        "premises": app.premises.code if app.premises else None,
        "starts_at": _iso(app.event_starts_at),
        "ends_at": _iso(app.event_ends_at),
        "title": app.event_title,
        "created_at": _iso(br.created_at),
        "updated_at": _iso(br.changed_at),
        "requested": _requested(br.pk, app, state),
        "decision": _decision(app, state, br.pk),
    }
