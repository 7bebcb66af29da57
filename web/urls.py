from django.contrib.auth import views as auth_views
from django.urls import include, path

from web.views import (
    accessibility,
    associations,
    audit,
    audit_system,
    auth,
    case,
    documents,
    files,
    incoming,
    queue,
    registration,
)

page_patterns = [
    path("", queue.queue, name="queue"),
    path("registrera/", registration.register_application, name="register"),
    path("arenden/<str:reference>/", case.case_detail, name="case"),
    path("arenden/<str:reference>/atgard/<slug:action>/", case.case_action, name="case_action"),
    path(
        "arenden/<str:reference>/sakerhetsanteckningar/",
        case.escalation_notes,
        name="escalation_notes",
    ),
    path("arenden/<str:reference>/beslut/<int:pk>/", documents.decision, name="decision"),
    path(
        "arenden/<str:reference>/beslut/<int:pk>/pdf/",
        documents.decision,
        {"fmt": "pdf"},
        name="decision_pdf",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/",
        documents.communication,
        name="communication",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/pdf/",
        documents.communication,
        {"fmt": "pdf"},
        name="communication_pdf",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/avslutad/",
        documents.communication_dropped,
        name="communication_dropped",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/avslutad/pdf/",
        documents.communication_dropped,
        {"fmt": "pdf"},
        name="communication_dropped_pdf",
    ),
    path("arenden/<str:reference>/program/<int:pk>/fil/", files.program_file, name="program_file"),
    path(
        "arenden/<str:reference>/komplettering/<int:pk>/",
        documents.supplement,
        name="supplement_letter",
    ),
    path(
        "arenden/<str:reference>/komplettering/<int:pk>/pdf/",
        documents.supplement,
        {"fmt": "pdf"},
        name="supplement_letter_pdf",
    ),
    path(
        "arenden/<str:reference>/handlingar/<int:pk>/fil/",
        files.incoming_file,
        name="incoming_file",
    ),
    path(
        "arenden/<str:reference>/handlingar/ny/",
        incoming.attach_document,
        name="attach_document",
    ),
    path(
        "arenden/<str:reference>/komplettering/<int:pk>/fil/",
        files.supplement_file,
        name="supplement_file",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/yttrande/fil/",
        files.response_file,
        name="response_file",
    ),
    path(
        "arenden/<str:reference>/kommunicering/<int:pk>/bilaga/<int:number>/",
        files.enclosure_file,
        name="enclosure_file",
    ),
    path(
        "arenden/<str:reference>/underlag/<int:pk>/fil/",
        files.evidence_file,
        name="evidence_file",
    ),
    path("foreningar/", associations.association_list, name="associations"),
    path("foreningar/<int:pk>/", associations.association_detail, name="association"),
    path("revision/", audit.audit_log, name="audit_log"),
    path("revision/export.csv", audit.audit_export, name="audit_export"),
    path("revision/export.jsonl", audit.audit_trail_export, name="audit_trail_export"),
    path("revision/ovriga/", audit_system.audit_system, name="audit_system"),
    path("revision/ovriga/export.csv", audit_system.system_export, name="audit_system_export"),
    path("revision/handelser/<int:seq>/", audit_system.audit_event, name="audit_event"),
    path("revision/kedja/", audit.audit_chain, name="audit_chain"),
    path("revision/kedja/verifiera/", audit.audit_verify, name="audit_verify"),
    path(
        "revision/kedja/verify_audit_export.py",
        audit.verifier_download,
        name="audit_verifier_download",
    ),
    path("revision/arenden/<str:reference>/", audit.audit_case, name="audit_case"),
    path("tillganglighet/", accessibility.statement, name="accessibility"),
]

urlpatterns = [
    path("", include((page_patterns, "web"))),
    # Log in and out: django.contrib.auth's views, named as settings.LOGIN_URL expects.
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
]
