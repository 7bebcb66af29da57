"""Endpoints for officers: cases they may see, their actions, assessments."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ParseError, UnsupportedMediaType, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import IdFilter, choice_messages
from api.pagination import ValidatedLimitOffset
from api.parsers import SafeJSONParser
from api.permissions import IsOfficer
from api.schema import APPLICATION_ID, OFFICER_AUTH, ok, problems
from api.serializers.officer.assessments import (
    AssessmentInputSerializer,
    AssessmentSerializer,
)
from api.serializers.officer.cases import (
    ApplicationDetailSerializer,
    ApplicationSummarySerializer,
)
from api.serializers.officer.casework import (
    AssignInput,
    CompleteProgramReviewInput,
    ConcludeEscalationInput,
    ConfirmPartyInput,
    DeclareConflictInput,
    EscalateInput,
    ReceiveSupplementInput,
    RequestSupplementInput,
    StartProgramReviewInput,
    WithdrawInput,
    WriteOffInput,
)
from api.serializers.officer.decisions import (
    CommunicateInput,
    CommunicateRevocationInput,
    CorrectInput,
    DecideInput,
    DropRevocationInput,
    NotifyInput,
    PayInput,
    ProposeInput,
    RecordResponseInput,
    ReturnToReviewInput,
    RevokeInput,
)
from vetting import services as svc
from vetting.dispatch import ACTION_CALLS, Call
from vetting.errors import InvalidInput
from vetting.models import Administration, Application, Kind, State
from vetting.selectors import applications_visible_to

TAG = ["Handläggning / Case handling"]


class ApplicationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices,
        error_messages=choice_messages(Kind.choices),
        help_text="Ärendeslag / Kind",
    )
    state = django_filters.ChoiceFilter(
        choices=State.choices,
        error_messages=choice_messages(State.choices),
        help_text="Status / State",
    )
    administration = django_filters.ModelChoiceFilter(
        field_name="administration",
        to_field_name="code",
        queryset=Administration.objects.all(),
        help_text="Förvaltningens kod / Administration code",
    )
    handler = django_filters.CharFilter(
        field_name="handler__username", help_text="Handläggarens användarnamn / Handler username"
    )
    association = IdFilter(field_name="association_id", help_text="Föreningens id / Association id")
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", help_text="Inkom från / Received on or after"
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", help_text="Inkom till / Received on or before"
    )

    class Meta:
        model = Application
        fields: list[str] = []


class OfficerView(APIView):
    permission_classes = [IsOfficer]

    def get_application(self, pk: int) -> Application:
        app = (
            applications_visible_to(self.request.user)
            .select_related("association", "administration", "handler", "premises", "rulebook")
            .filter(pk=pk)
            .first()
        )
        if app is None:
            raise Http404
        return app

    @contextmanager
    def state_first(self, app: Application, action: str) -> Iterator[None]:
        """Input refused (unreadable, or invalid to the serializer or the service) on a case
        where the action is not possible now (409) or not the caller's (403): that refusal
        instead, as the service gives it. Asked only then: nothing more on the valid path."""
        try:
            yield
        except (ParseError, UnsupportedMediaType, ValidationError, InvalidInput):
            svc.action_check(application=app, actor=self.request.user, action=action)
            raise

    def detail(self, app: Application) -> dict[str, Any]:
        fresh = self.get_application(app.pk)
        return dict(ApplicationDetailSerializer(fresh, context={"request": self.request}).data)


class ApplicationPagination(ValidatedLimitOffset):
    default_limit = 50
    max_limit = 200
    limit_query_description = (
        "Antal per sida, högst 200 (standard 50) / Page size, at most 200 (default 50)"
    )
    offset_query_description = "Hoppa över så många ärenden / Number of cases to skip"

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        texts = {
            "count": "Antal ärenden som matchar / Number of matching cases",
            "next": "Nästa sida / URL of the next page",
            "previous": "Föregående sida / URL of the previous page",
            "results": "Ärendena på sidan / The cases on this page",
        }
        for name, text in texts.items():
            out["properties"][name]["description"] = text
        return out


@extend_schema(
    tags=TAG,
    auth=OFFICER_AUTH,
    summary="Ärenden du får se / Cases you may see",
    description="Ärenden du får se enligt din roll och förvaltning, nyast inkomna först, "
    "sidindelade (limit, offset) och filtrerbara på parametrarna nedan. Ett ogiltigt filter ger "
    "422 som nämner det. / The cases your role and administration let you see, most recently "
    "received first, paginated (limit, offset) and filtered by the parameters below. An "
    "invalid filter is 422 naming it.",
    responses={
        200: ok(
            ApplicationSummarySerializer(many=True),
            "Ärendena, nyast inkomna först / The cases, most recently received first",
        ),
        **problems(403, 422),
    },
)
class ApplicationListView(generics.ListAPIView):
    permission_classes = [IsOfficer]
    serializer_class = ApplicationSummarySerializer
    filterset_class = ApplicationFilter
    pagination_class = ApplicationPagination

    def get_queryset(self) -> QuerySet[Application]:
        return (
            applications_visible_to(self.request.user)
            .select_related("association", "administration", "handler", "premises")
            .order_by("-received_on", "-id")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The filters' errors and the page parameters' in one 422 (a bad filter hid a bad
        ``limit`` until the next attempt)."""
        errors: dict[str, list[str]] = {}
        try:
            queryset = super().filter_queryset(queryset)
        except ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"query": exc.detail}
            errors.update({str(k): [str(m) for m in v] for k, v in detail.items()})
        for check in (self.paginator.get_limit, self.paginator.get_offset):  # type: ignore[union-attr]
            try:
                check(self.request)
            except InvalidInput as exc:
                errors.update({k: [str(m) for m in v] for k, v in exc.errors.items()})
        if errors:
            raise InvalidInput(errors)
        return queryset


@extend_schema(
    tags=TAG,
    auth=OFFICER_AUTH,
    summary="Ett ärende med tillåtna åtgärder / One case with your allowed actions",
    description="Ärendet med bedömningar, förslag, beslut och allowed_actions: de åtgärder du "
    "får göra nu (POST …/actions/{action}/), härledda ur ärendets status och din roll. Ett "
    "ärende du inte får se är 404. / The case with its assessments, proposal, decision and "
    "allowed_actions: the actions you may take now (POST …/actions/{action}/), derived from "
    "the case's state and your role. A case you may not see is 404.",
    parameters=[APPLICATION_ID],
    responses={
        200: ok(ApplicationDetailSerializer, "Ärendet / The case"),
        **problems(403, 404),
    },
)
class ApplicationDetailView(OfficerView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.detail(self.get_application(pk)))


def _user(username: str | None) -> Any:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput({"handler": _("Okänd användare.")})
    return user


ActionCall = Call


@dataclass(frozen=True)
class ActionSpec:
    serializer: type[serializers.Serializer]
    call: ActionCall
    summary: str
    upload: bool = False  # also multipart/form-data, for a file


def _a(app: Application, user: Any, d: Mapping[str, Any]) -> Any:
    """Assign: the input names the handler by id (default: the caller)."""
    return ACTION_CALLS["assign"](app, user, {**d, "handler": _user(d.get("handler"))})


ACTIONS: dict[str, ActionSpec] = {
    "assign": ActionSpec(
        AssignInput, _a, "Ta eller ta över ärendet / Take the case or take it over"
    ),
    "request_supplement": ActionSpec(
        RequestSupplementInput,
        ACTION_CALLS["request_supplement"],
        "Begär komplettering / Request a supplement",
    ),
    "receive_supplement": ActionSpec(
        ReceiveSupplementInput,
        ACTION_CALLS["receive_supplement"],
        "Registrera komplettering / Register the supplement",
        upload=True,
    ),
    "write_off": ActionSpec(
        WriteOffInput,
        ACTION_CALLS["write_off"],
        "Skriv av: beslut att ansökan inte prövas, kompletteringsfristen har gått ut "
        "(beslutsfattare, fyra ögon, delegation) / Write off: decide not to take the "
        "application up, the supplement deadline has passed (decision maker, four eyes, "
        "delegation)",
    ),
    "start_program_review": ActionSpec(
        StartProgramReviewInput,
        ACTION_CALLS["start_program_review"],
        "Begär program / Start programme review",
    ),
    "complete_program_review": ActionSpec(
        CompleteProgramReviewInput,
        ACTION_CALLS["complete_program_review"],
        "Avsluta programgranskning / Complete programme review",
    ),
    "escalate": ActionSpec(
        EscalateInput,
        ACTION_CALLS["escalate"],
        "Eskalera / Escalate to the security coordinator",
    ),
    "conclude_escalation": ActionSpec(
        ConcludeEscalationInput,
        ACTION_CALLS["conclude_escalation"],
        "Avsluta säkerhetsbedömning / Conclude the escalation",
    ),
    "propose": ActionSpec(
        ProposeInput,
        ACTION_CALLS["propose"],
        "Föreslå beslut / Propose a decision",
    ),
    "communicate": ActionSpec(
        CommunicateInput,
        ACTION_CALLS["communicate"],
        "Kommunicera (FL 25 §) / Communicate the proposal",
    ),
    "record_response": ActionSpec(
        RecordResponseInput,
        ACTION_CALLS["record_response"],
        "Registrera yttrande / Record the applicant's response",
        upload=True,
    ),
    "return_to_review": ActionSpec(
        ReturnToReviewInput,
        ACTION_CALLS["return_to_review"],
        "Återförvisa / Return to review",
    ),
    "decide": ActionSpec(
        DecideInput,
        ACTION_CALLS["decide"],
        "Besluta / Decide",
    ),
    "correct": ActionSpec(
        CorrectInput,
        ACTION_CALLS["correct"],
        "Ändra beslut (FL 37 §) / Amend the decision",
    ),
    "pay": ActionSpec(
        PayInput,
        ACTION_CALLS["pay"],
        "Registrera utbetalning / Register payment",
    ),
    "communicate_revocation": ActionSpec(
        CommunicateRevocationInput,
        ACTION_CALLS["communicate_revocation"],
        "Kommunicera avsett återkallande (FL 25 §) / Communicate the intended revocation",
    ),
    "revoke": ActionSpec(
        RevokeInput,
        ACTION_CALLS["revoke"],
        "Återkalla bidrag (efter kommunicering eller med undantag) / Revoke the grant (after "
        "the kommunicering, or naming an exception)",
    ),
    "drop_revocation": ActionSpec(
        DropRevocationInput,
        ACTION_CALLS["drop_revocation"],
        "Avsluta utan återkallelse (det avsedda återkallandet genomförs inte; bidraget gäller) "
        "/ Drop the intended revocation (the grant stays in force)",
    ),
    "notify": ActionSpec(
        NotifyInput,
        ACTION_CALLS["notify"],
        "Registrera underrättelse (FL 33 §) / Record that the decision was sent",
    ),
    "withdraw": ActionSpec(
        WithdrawInput,
        ACTION_CALLS["withdraw"],
        "Registrera återkallelse / Register withdrawal",
    ),
    "confirm_party": ActionSpec(
        ConfirmPartyInput,
        ACTION_CALLS["confirm_party"],
        "Bekräfta parten när namnet i ansökan skiljer sig från föreningens / Confirm the party "
        "when the name applied under differs from the association's",
    ),
    "declare_conflict": ActionSpec(
        DeclareConflictInput,
        ACTION_CALLS["declare_conflict"],
        "Anmäl eget jäv mot föreningen (KL 6 kap. 28–32 §§; FL 16–18 §§ vid "
        "förvaltningsbesvär; tillåtet också den som är jävig, men bara en "
        "gång: 409 conflict_already_declared) / Declare your own conflict of interest towards "
        "the association (KL 6 kap. 28–32 §§; FL 16–18 §§ on förvaltningsbesvär; open to a "
        "conflicted person too, but only once: 409 conflict_already_declared)",
    ),
}


class ActionView(OfficerView):
    action_name = ""

    def post(self, request: Request, pk: int) -> Response:
        spec = ACTIONS[self.action_name]
        app = self.get_application(pk)
        with self.state_first(app, self.action_name):
            serializer = spec.serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            spec.call(app, request.user, dict(serializer.validated_data))
        return Response(self.detail(app))


def action_view(name: str) -> Callable[..., Any]:
    """A view class per action, so each is documented with its own input."""
    spec = ACTIONS[name]
    schema = extend_schema(
        tags=TAG,
        auth=OFFICER_AUTH,
        operation_id=f"applications_action_{name}",
        summary=spec.summary,
        description="409 med allowed_actions om åtgärden inte är möjlig i ärendets status; 403 "
        "med orsak (t.ex. four_eyes, no_delegation) om du inte får. / 409 with allowed_actions "
        "when the state does not allow it; 403 with the reason when you may not (e.g. "
        "four_eyes, no_delegation).",
        request=(
            {"application/json": spec.serializer, "multipart/form-data": spec.serializer}
            if spec.upload
            else spec.serializer
        ),
        parameters=[APPLICATION_ID],
        responses={
            200: ok(ApplicationDetailSerializer, "Ärendet efter åtgärden / The case after it"),
            **problems(400, 403, 404, 409, 422),
        },
    )

    def post(self: ActionView, request: Request, pk: int) -> Response:
        return ActionView.post(self, request, pk)

    attrs: dict[str, Any] = {"action_name": name, "post": schema(post)}
    if spec.upload:
        attrs["parser_classes"] = [SafeJSONParser, MultiPartParser]
    view = type(f"{name.title().replace('_', '')}ActionView", (ActionView,), attrs)
    return view.as_view()  # type: ignore[attr-defined]


@extend_schema(
    tags=TAG,
    auth=OFFICER_AUTH,
    summary="Bedöm ett kriterium / Assess a criterion",
    description="Registrerar en bedömning av ett kriterium (201) medan ärendet bereds och på "
    "avgjorda ärenden (nya fakta för ändring eller återkallelse). Varje bedömning kräver "
    "underlag: evidence_kind statute_quote (evidence_text ett ordagrant citat ur stadgarna) "
    "eller fact (evidence_text det konstaterade faktumet); utan det 422 som nämner fältet. "
    "Ärende i fel status: 409 med allowed_actions. / Records a criterion's assessment (201) "
    "while the case is prepared and on decided cases (new facts for an amendment or "
    "revocation). Every assessment needs evidence: evidence_kind statute_quote (evidence_text "
    "a verbatim quote of the statutes) or fact (evidence_text the recorded fact); without "
    "it, 422 naming the field. A case in another state: 409 with allowed_actions.",
    request=AssessmentInputSerializer,
    parameters=[APPLICATION_ID],
    responses={
        201: ok(AssessmentSerializer, "Den sparade bedömningen / The recorded assessment"),
        **problems(400, 403, 404, 409, 422),
    },
    examples=[
        OpenApiExample(
            "Uppfyllt, med citat / Pass, with a quote",
            value={
                "criterion": "OPEN_MEMBERSHIP",
                "outcome": "pass",
                "evidence_kind": "statute_quote",
                "evidence_text": "Föreningen är öppen för alla som delar föreningens syfte.",
            },
            request_only=True,
        ),
        OpenApiExample(
            "Ej tillämpligt, med faktum / Not applicable, with a fact",
            value={
                "criterion": "PROGRAM_REVIEW",
                "outcome": "not_applicable",
                "evidence_kind": "fact",
                "evidence_text": "Lokalen hyrs för föreningens årsmöte; inget program att granska.",
            },
            request_only=True,
        ),
    ],
)
class AssessmentCreateView(OfficerView):
    def post(self, request: Request, pk: int) -> Response:
        app = self.get_application(pk)
        with self.state_first(app, "assess"):
            assessment = self.record(app)
        return Response(AssessmentSerializer(assessment).data, status=201)

    def record(self, app: Application) -> Any:
        serializer = AssessmentInputSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        return svc.assessment_record(
            application=app,
            actor=self.request.user,
            data=svc.AssessmentInput(
                criterion_code=d["criterion"],
                outcome=d["outcome"],
                evidence_kind=d.get("evidence_kind", svc.assessments.EvidenceKind.NONE),
                evidence_text=d["evidence_text"],
                evidence_start=d.get("evidence_start"),
                evidence_end=d.get("evidence_end"),
                comment=d["comment"],
                confirm_not_opinion=d.get("confirm_not_opinion", False),
            ),
        )
