from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from api import audit_views, ops_views
from api.schema_view import CachedSchemaView
from api.views import booking, booking_actions, booking_material, officer
from api.views.officer import ACTIONS, action_view

urlpatterns = [
    path("schema/", CachedSchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # Booking systems.
    path("v1/premises/", booking.PremisesListView.as_view(), name="api-premises"),
    path(
        "v1/booking-requests/",
        booking.BookingRequestListView.as_view(),
        name="api-booking-requests",
    ),
    path(
        "v1/booking-requests/<int:pk>/",
        booking.BookingRequestDetailView.as_view(),
        name="api-booking-request",
    ),
    path(
        "v1/booking-requests/<int:pk>/program/",
        booking_actions.ProgramUploadView.as_view(),
        name="api-booking-request-program",
    ),
    path(
        "v1/booking-requests/<int:pk>/supplement/",
        booking_actions.SupplementUploadView.as_view(),
        name="api-booking-request-supplement",
    ),
    path(
        "v1/booking-requests/<int:pk>/response/",
        booking_actions.RespondView.as_view(),
        name="api-booking-request-response",
    ),
    path(
        "v1/booking-requests/<int:pk>/communications/<int:communication>/material/<int:number>/",
        booking_material.MaterialDocumentView.as_view(),
        name="api-booking-request-material",
    ),
    path(
        "v1/booking-requests/<int:pk>/decision.pdf",
        booking_material.DecisionDocumentView.as_view(),
        name="api-booking-request-decision",
    ),
    path(
        "v1/booking-requests/<int:pk>/decisions/<int:decision>.pdf",
        booking_material.DecisionDocumentByIdView.as_view(),
        name="api-booking-request-decision-document",
    ),
    path(
        "v1/booking-requests/<int:pk>/withdraw/",
        booking_actions.WithdrawView.as_view(),
        name="api-booking-request-withdraw",
    ),
    # Officers.
    path("v1/applications/", officer.ApplicationListView.as_view(), name="api-applications"),
    path(
        "v1/applications/<int:pk>/",
        officer.ApplicationDetailView.as_view(),
        name="api-application",
    ),
    *[
        path(
            f"v1/applications/<int:pk>/actions/{name}/",
            action_view(name),
            name=f"api-action-{name}",
        )
        for name in ACTIONS
    ],
    path(
        "v1/applications/<int:pk>/assessments/",
        officer.AssessmentCreateView.as_view(),
        name="api-assessments",
    ),
    # The same, where a tool that builds URLs from allowed_actions looks for "assess".
    path(
        "v1/applications/<int:pk>/actions/assess/",
        officer.AssessmentCreateView.as_view(),
        name="api-action-assess",
    ),
    # Audit trail (issue 3).
    path("v1/audit/events/", audit_views.EventListView.as_view(), name="api-audit-events"),
    path("v1/audit/decisions/", audit_views.DecisionLogView.as_view(), name="api-audit-decisions"),
    path(
        "v1/audit/cases/<str:reference>/timeline/",
        audit_views.CaseTimelineView.as_view(),
        name="api-audit-timeline",
    ),
    path("v1/audit/export", audit_views.ExportView.as_view(), name="api-audit-export"),
    path("v1/audit/public-key", audit_views.PublicKeyView.as_view(), name="api-audit-public-key"),
    # Operations: monitoring status (docs/operations.md).
    path("v1/ops/status", ops_views.StatusView.as_view(), name="api-ops-status"),
]

if settings.GRANSKA_BENCH_ENDPOINTS:
    from bench.endpoints import BenchInsertView, BenchModelCreateView

    urlpatterns += [
        path("v1/bench/insert/", BenchInsertView.as_view(), name="api-bench"),
        path("v1/bench/model/", BenchModelCreateView.as_view(), name="api-bench-model"),
    ]
