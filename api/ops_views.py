"""The operators' status for monitoring (ops.status): auditors and administrators, who see the
whole audit log anyway; officers' tokens or session."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.audit_views import IsAuditor
from api.schema import OFFICER_AUTH, ok, problems
from api.serializers.ops import StatusSerializer
from ops.status import overall, status_report


class StatusView(APIView):
    permission_classes: list[type[BasePermission]] = [IsAuditor]

    @extend_schema(
        tags=["Drift / Operations"],
        auth=OFFICER_AUTH,
        summary="Driftläge / Operational status",
        description="Webhook-kö, verifiering och kontrollpunkter, workerns hjärtslag, stadgar "
        "som väntar; varje punkt ok, warning eller critical. / Webhook outbox, verification "
        "and checkpoints, the worker's heartbeat, statutes waiting; each item ok, warning or "
        "critical.",
        responses={200: ok(StatusSerializer, "Läget / The status"), **problems(403)},
    )
    def get(self, request: Request) -> Response:
        """Driftläge / Operational status (docs/operations.md)."""
        items = status_report()
        return Response({"status": overall(items), "items": [item.as_dict() for item in items]})
