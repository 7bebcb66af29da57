"""Read access to the audit trail (issue 3): auditors and administrators see the whole log;
officers see the timelines of the cases visible to them. Plus the public key and exports."""

from __future__ import annotations

import base64
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import audit_serializers as s
from api.pagination import ValidatedCursor
from api.permissions import IsOfficer
from api.problems import PROBLEM_CONTENT_TYPE, problem
from api.schema import OFFICER_AUTH, ok, problems
from audit import selectors
from audit.context import actor_for_user
from audit.export import audit_export
from audit.signing import (
    SigningKeyMissing,
    key_id,
    key_name,
    public_key,
    public_pem,
    raw_public,
    verifier_key,
)
from vetting import roles
from vetting.selectors import applications_visible_to, case_decision_numbers, sees_all_cases

TAG = ["Revision / Audit"]
OFFICER_ROLES = (roles.HANDLER, roles.DECISION_MAKER, roles.SECURITY)


class IsAuditor(IsOfficer):
    """Auditors (revisor), administrators and superusers: the whole log."""

    message = _("Endast revisorer och administratörer.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and sees_all_cases(request.user)


PAGE_PARAMETERS = [
    OpenApiParameter(
        "cursor", OpenApiTypes.STR, description="Från next/previous / From next or previous"
    ),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description="Antal per sida, högst 1000 (standard 100) / Page size, at most 1000 "
        "(default 100)",
    ),
]


class SeqCursor(ValidatedCursor):
    ordering = "seq"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _paginate(
    paginator: SeqCursor, events: selectors.EventList, request: Request, view: Any
) -> Any:
    # A SeqMerge does what cursor pagination asks of a queryset (order_by seq, filter, slice).
    return paginator.paginate_queryset(cast("QuerySet[Any]", events), request, view)


class IgnoreFormatParam(DefaultContentNegotiation):
    """``?format=`` chooses the export format here, not a DRF renderer."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


def _filters(request: Request) -> dict[str, Any]:
    query = s.EventFilterSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


class EventListView(APIView):
    permission_classes: list[type[BasePermission]] = [IsAuditor]

    @extend_schema(
        tags=TAG,
        auth=OFFICER_AUTH,
        summary="Hela loggen, filtrerad / The whole log, filtered",
        description="Sidor i ordning efter seq; fortsätt med next. / Pages in seq order; "
        "follow next.",
        parameters=[s.EventFilterSerializer, *PAGE_PARAMETERS],
        responses={
            200: ok(s.EventPageSerializer, "En sida händelser / A page of events"),
            **problems(403, 404, 422, s404="Ogiltig cursor / Invalid cursor"),
        },
    )
    def get(self, request: Request) -> Response:
        """Hela loggen, filtrerad / The whole log, filtered (cursor pagination on seq)."""
        paginator = SeqCursor()
        page = _paginate(paginator, selectors.events(**_filters(request)), request, self)
        context = {"decisions": _decisions(page or [])}
        data = s.AuditEventSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


class DecisionLogView(APIView):
    permission_classes: list[type[BasePermission]] = [IsAuditor]

    @extend_schema(
        tags=TAG,
        auth=OFFICER_AUTH,
        summary="Beslutsloggen / The decision log",
        description="Ett beslut (beslut, ändring, återkallelse, avskrivning) per rad, med "
        "motivering och beslutsfattare. / One decision (decide, correct, revoke, write_off) per "
        "row, with its reasons and decision maker.",
        parameters=[s.EventFilterSerializer, *PAGE_PARAMETERS],
        responses={
            200: ok(s.DecisionPageSerializer, "En sida beslut / A page of decisions"),
            **problems(403, 404, 422, s404="Ogiltig cursor / Invalid cursor"),
        },
    )
    def get(self, request: Request) -> Response:
        """Beslutsloggen: ett beslut per rad / The decision log: one decision per row."""
        paginator = SeqCursor()
        qs = selectors.decision_log(**_filters(request))
        page = _paginate(paginator, qs, request, self) or []
        names = selectors.names_for(e.actor_id for e in page)
        context = {"names": names, "decisions": _decisions(page)}
        data = s.DecisionLogSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


class CaseTimelineView(APIView):
    permission_classes: list[type[BasePermission]] = [IsOfficer]

    @extend_schema(
        tags=TAG,
        auth=OFFICER_AUTH,
        summary="Ett ärendes händelser / One case's events",
        parameters=[
            OpenApiParameter(
                "reference",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Diarienummer, t.ex. KFN-2026-00042 / Case reference, e.g. "
                "KFN-2026-00042",
            )
        ],
        responses={
            200: ok(s.TimelineSerializer, "Händelserna, äldst först / The events, oldest first"),
            **problems(403, 404),
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        """Ett ärendes händelser / One case's events, oldest first."""
        user = request.user
        if not sees_all_cases(user):
            if not roles.has_role(user, *OFFICER_ROLES):
                raise PermissionDenied(gettext("Du har ingen roll som får se ärendehistorik."))
            if not applications_visible_to(user).filter(reference=reference).exists():
                raise Http404
        events = list(selectors.case_timeline(reference))
        if not events:
            raise Http404
        return Response(
            {
                "case": reference,
                "events": s.AuditEventSerializer(
                    events, many=True, context={"decisions": _decisions(events)}
                ).data,
            }
        )


class ExportView(APIView):
    permission_classes: list[type[BasePermission]] = [IsAuditor]
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        tags=TAG,
        auth=OFFICER_AUTH,
        summary="Export för revisorer / Export for auditors",
        description="JSONL eller CSV, en händelse per rad; exporten loggas själv. / JSONL or "
        "CSV, one event per line; the export is itself recorded.",
        parameters=[s.ExportQuerySerializer],
        responses={
            (200, "application/x-ndjson"): ok(OpenApiTypes.STR, "JSONL / JSON Lines"),
            (200, "text/csv"): ok(OpenApiTypes.STR, "CSV / CSV"),
            **problems(403, 422),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        """Export för revisorer (JSONL eller CSV); exporten loggas / Export, itself recorded."""
        query = s.ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt = query.validated_data["format"]
        since, until = query.validated_data.get("since"), query.validated_data.get("until")
        rng, chunks = audit_export(
            actor=actor_for_user(request.user), since=since, until=until, fmt=fmt
        )
        media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
        response = StreamingHttpResponse(chunks, content_type=media)
        name = f"granska-audit-{rng.first_seq}-{rng.last_seq}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PublicKeyView(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type[BasePermission]] = [AllowAny]

    @extend_schema(
        tags=TAG,
        summary="Checkpointnyckeln / The checkpoint signing key",
        responses={
            200: ok(s.PublicKeySerializer, "Den publika nyckeln / The public key"),
            **problems(503, anonymous=True, s503="Ingen nyckel konfigurerad / No key configured"),
        },
    )
    def get(self, request: Request) -> Response:
        """Checkpointnyckeln (Ed25519), publika delen / The checkpoint signing key (Ed25519),
        public part."""
        try:
            key = public_key()
        except SigningKeyMissing:
            body = problem(503, "server_error", gettext("Ingen signeringsnyckel är konfigurerad."))
            return Response(body, status=503, content_type=PROBLEM_CONTENT_TYPE)
        name = key_name()
        return Response(
            {
                "algorithm": "Ed25519",
                "format": "https://c2sp.org/signed-note",
                "key_name": name,
                "key_id": key_id(name, key).hex(),
                "verifier_key": verifier_key(name, key),
                "public_key_pem": public_pem(key),
                "public_key_base64": base64.b64encode(raw_public(key)).decode(),
            }
        )


def _decisions(events: Any) -> dict[int, int]:
    """The numbers in their cases of the decisions of a page's events (one query)."""
    return case_decision_numbers(e.case_ref for e in events if e.case_ref)
