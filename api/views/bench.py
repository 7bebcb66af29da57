"""A bare endpoint for bench/intake.py: one INSERT. Only with GRANSKA_BENCH_ENDPOINTS=1."""

from __future__ import annotations

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsBookingClient


@extend_schema(exclude=True)
class BenchInsertView(APIView):
    permission_classes = [IsBookingClient]

    def post(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_row (payload) VALUES (%s) RETURNING id",
                [str(dict(request.data).get("external_ref", ""))[:100]],
            )
            row = cursor.fetchone()
        return Response({"id": row[0] if row else None}, status=201)
