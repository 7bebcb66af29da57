"""Bare endpoints for bench/intake.py. Only with GRANSKA_BENCH_ENDPOINTS=1.

- ``BenchInsertView``: the strict baseline, authentication and one INSERT with a raw cursor.
- ``BenchModelCreateView``: the same INSERT written as a DRF tutorial would (``CreateAPIView``,
  a ``ModelSerializer``, the ORM's ``save``), so the owner can read the throughput ratio against
  either (ADR 0005, "What is left").
"""

from __future__ import annotations

from django.db import connection, models
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsBookingClient

# The table both baselines write; created by bench/intake.py (PostgreSQL) and the tests.
CREATE_TABLE_SQL = {
    "postgresql": "CREATE TABLE bench_row (id bigserial PRIMARY KEY, payload text, "
    "created_at timestamptz DEFAULT now())",
    "sqlite": "CREATE TABLE bench_row (id integer PRIMARY KEY AUTOINCREMENT, payload text, "
    "created_at datetime DEFAULT CURRENT_TIMESTAMP)",
}


class BenchRow(models.Model):
    """The benchmark's table ``bench_row``, created by bench/intake.py (no migration). Its app
    label ``bench`` is not an installed app, so ``makemigrations`` never sees the model, even
    with GRANSKA_BENCH_ENDPOINTS=1 (tests/bench/test_endpoints.py checks)."""

    payload = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager[BenchRow] = models.Manager()

    class Meta:
        app_label = "bench"
        db_table = "bench_row"
        managed = False

    def __str__(self) -> str:
        return self.payload


class BenchRowSerializer(serializers.ModelSerializer[BenchRow]):
    external_ref = serializers.CharField(source="payload", max_length=100, allow_blank=True)

    class Meta:
        model = BenchRow
        fields = ["id", "external_ref", "created_at"]


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


@extend_schema(exclude=True)
class BenchModelCreateView(generics.CreateAPIView[BenchRow]):
    permission_classes = [IsBookingClient]
    serializer_class = BenchRowSerializer
    queryset = BenchRow.objects.none()
