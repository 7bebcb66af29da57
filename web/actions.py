"""Each action on the case page: its form and the service it calls (and nothing else)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting.actions import conflict_refusal
from vetting.citations import case_route, fill_citations
from vetting.dispatch import ACTION_CALLS, Call
from vetting.models import Application
from vetting.services.conflicts import may_declare_conflict
from vetting.services.supplement_statutes import may_register_statutes
from web.forms.assessment import AcceptReaderForm, AssessForm
from web.forms.base import CaseForm
from web.forms.casework import (
    AssignForm,
    CompleteProgramReviewForm,
    ConcludeEscalationForm,
    DeclareConflictForm,
    EscalateForm,
    ProgramReviewForm,
    ProgramSubmitForm,
    ReceiveSupplementForm,
    SupplementForm,
    SupplementStatutesForm,
    WithdrawForm,
    WriteOffForm,
)
from web.forms.decisions import (
    CommunicateForm,
    CorrectForm,
    DecideForm,
    NotifyForm,
    PayForm,
    ProposeForm,
    ReasonsForm,
    ResponseForm,
)
from web.forms.party import ConfirmPartyForm
from web.forms.revocation import CommunicateRevocationForm, DropRevocationForm, RevokeForm


@dataclass(frozen=True)
class ActionSpec:
    label: str | Promise
    form: type[CaseForm]
    call: Call
    help: str | Promise = ""


SPECS: dict[str, ActionSpec] = {
    "assign": ActionSpec(
        _("Ta ärendet"), AssignForm, ACTION_CALLS["assign"], _("Du blir handläggare för ärendet.")
    ),
    "assess": ActionSpec(_("Bedöm kriterium"), AssessForm, ACTION_CALLS["assess"]),
    "accept_reader": ActionSpec(
        _("Godta stadgeläsarens förslag"), AcceptReaderForm, ACTION_CALLS["accept_reader"]
    ),
    "request_supplement": ActionSpec(
        _("Begär komplettering"), SupplementForm, ACTION_CALLS["request_supplement"]
    ),
    "receive_supplement": ActionSpec(
        _("Registrera komplettering"), ReceiveSupplementForm, ACTION_CALLS["receive_supplement"]
    ),
    "supplement_statutes": ActionSpec(
        _("Registrera som föreningens stadgar"),
        SupplementStatutesForm,
        ACTION_CALLS["supplement_statutes"],
        _(
            "Filen blir föreningens nya stadgeversion och läses av stadgeläsaren. Bedömningar "
            "av de tidigare stadgarna återanvänds inte längre. Stadgarna kan inte vara antagna "
            "före de gällande; en äldre version läggs till på föreningens sida. Godtas: PDF med "
            "textlager, DOCX eller UTF-8-text."
        ),
    ),
    "write_off": ActionSpec(
        _("Skriv av ärendet"),
        WriteOffForm,
        ACTION_CALLS["write_off"],
        _(
            "Kompletteringen kom inte in i tid: beslut att ansökan inte tas upp till prövning "
            "({fl20}). Sökanden får beslutet med skäl och hur man överklagar."
        ),
    ),
    "start_program_review": ActionSpec(
        _("Begär programgranskning"), ProgramReviewForm, ACTION_CALLS["start_program_review"]
    ),
    "program_submit": ActionSpec(
        _("Registrera inkommet program"), ProgramSubmitForm, ACTION_CALLS["program_submit"]
    ),
    "complete_program_review": ActionSpec(
        _("Avsluta programgranskning"),
        CompleteProgramReviewForm,
        ACTION_CALLS["complete_program_review"],
    ),
    "escalate": ActionSpec(
        _("Eskalera till säkerhetssamordnare"), EscalateForm, ACTION_CALLS["escalate"]
    ),
    "conclude_escalation": ActionSpec(
        _("Avsluta säkerhetsbedömning"),
        ConcludeEscalationForm,
        ACTION_CALLS["conclude_escalation"],
    ),
    "propose": ActionSpec(_("Föreslå beslut"), ProposeForm, ACTION_CALLS["propose"]),
    "communicate": ActionSpec(
        _("Kommunicera förslaget"),
        CommunicateForm,
        ACTION_CALLS["communicate"],
        _("Förslaget skickas till sökanden, som får yttra sig ({fl25})."),
    ),
    "record_response": ActionSpec(
        _("Registrera sökandens yttrande"), ResponseForm, ACTION_CALLS["record_response"]
    ),
    "return_to_review": ActionSpec(
        _("Återförvisa till handläggning"), ReasonsForm, ACTION_CALLS["return_to_review"]
    ),
    "decide": ActionSpec(_("Besluta"), DecideForm, ACTION_CALLS["decide"]),
    "correct": ActionSpec(
        _("Ändra beslutet"),
        CorrectForm,
        ACTION_CALLS["correct"],
        _(
            "Ett beslut får ändras om det är felaktigt på grund av nya omständigheter eller av "
            "någon annan anledning ({fl37}). Ett beslut som är gynnande för "
            "sökanden får ändras till sökandens nackdel bara om beslutet innehåller ett förbehåll "
            "om det, om tvingande säkerhetsskäl kräver det eller om sökanden har lämnat oriktiga "
            "eller vilseledande uppgifter (37 § andra stycket), och sökanden ska då först få "
            "yttra sig. Det nya beslutet ersätter det gällande, som finns kvar."
        ),
    ),
    "notify": ActionSpec(
        _("Registrera underrättelse om beslutet"),
        NotifyForm,
        ACTION_CALLS["notify"],
        _("Beslutet med hur man överklagar har skickats till sökanden ({fl33})."),
    ),
    "pay": ActionSpec(_("Registrera utbetalning"), PayForm, ACTION_CALLS["pay"]),
    "communicate_revocation": ActionSpec(
        _("Kommunicera avsett återkallande"),
        CommunicateRevocationForm,
        ACTION_CALLS["communicate_revocation"],
        _(
            "Skälen, villkoren och återkravet skickas till sökanden, som får yttra sig före "
            "beslutet ({fl25}). Bidraget gäller under tiden; beslutsfattaren kan återkalla "
            "när yttrandet kommit in eller tiden gått ut."
        ),
    ),
    "revoke": ActionSpec(_("Återkalla bidraget (återkrav)"), RevokeForm, ACTION_CALLS["revoke"]),
    "drop_revocation": ActionSpec(
        _("Avsluta utan återkallelse"),
        DropRevocationForm,
        ACTION_CALLS["drop_revocation"],
        _(
            "Bidraget återkallas inte: kommuniceringen av det avsedda återkallandet avslutas och "
            "beslutet gäller som förut. Sökanden får ett brev om att ärendet om återkallelse "
            "avslutats utan åtgärd."
        ),
    ),
    "withdraw": ActionSpec(
        _("Registrera återkallelse från sökande"), WithdrawForm, ACTION_CALLS["withdraw"]
    ),
    "confirm_party": ActionSpec(
        _("Bekräfta parten"),
        ConfirmPartyForm,
        ACTION_CALLS["confirm_party"],
        _(
            "Namnet i ansökan skiljer sig från föreningens registrerade namn. Organisationsnumret "
            "avgör vems ärendet är; kontrollera att det är rätt, till exempel med "
            "kontaktpersonen. När du har bekräftat parten återanvänds föreningens tidigare "
            "bedömningar. Är numret fel ska ärendet inte handläggas som föreningens."
        ),
    ),
    "declare_conflict": ActionSpec(
        _("Anmäl jäv"),
        DeclareConflictForm,
        ACTION_CALLS["declare_conflict"],
        _(
            "Den som känner till en omständighet som kan göra hen jävig ska genast anmäla det "
            "({conflict}). Jävet gäller föreningen, i alla dess ärenden, tills en "
            "administratör återtar anmälan."
        ),
    ),
}

# "assign" on a case another handler prepares: taking it over (``Application.take_over``).
TAKE_OVER = ActionSpec(
    _("Ta över ärendet"),
    AssignForm,
    ACTION_CALLS["assign"],
    _(
        "Du blir handläggare för ärendet i stället för den som handlägger det nu. Övertagandet "
        "registreras i ärendets logg."
    ),
)


def _base_spec(app: Application, action: str) -> ActionSpec:
    return TAKE_OVER if action == "assign" and app.handler_id is not None else SPECS[action]


def label_for(app: Application, action: str) -> str:
    """The action's button label on this case, without the help's citations (which read the
    case's decisions for its appeal route): for lists of actions."""
    return str(_base_spec(app, action).label)


def spec_for(app: Application, action: str) -> ActionSpec:
    """The action's spec on this case: taking an assigned case is taking it over; its help
    cites the law as the case's appeal route makes it (``{fl25}``…: ``vetting.citations``)."""
    spec = _base_spec(app, action)
    if "{" not in str(spec.help):
        return spec
    return replace(spec, help=fill_citations(spec.help, case_route(app)))


# Actions reached from their place on the page (the reader's proposals), not as buttons, each
# with the action of the state machine whose permission it shares (accepting records an
# assessment).
HIDDEN_ACTIONS = {"accept_reader": "assess"}


# Allowed, but offered in their own place on the page, not as buttons: declaring one's jäv.
LINKED_ACTIONS = frozenset({"declare_conflict"})


def page_actions(app: Application, allowed: list[str], user: Any) -> list[str]:
    """The actions shown as buttons: the allowed ones, plus registering a received program."""
    shown = [
        a for a in allowed if a in SPECS and a not in HIDDEN_ACTIONS and a not in LINKED_ACTIONS
    ]
    if "complete_program_review" in allowed:
        review = next((r for r in app.program_reviews.all() if r.closed_at is None), None)
        if review is not None and review.program_received_at is None:
            shown.insert(0, "program_submit")
    return shown


def available_actions(app: Application, allowed: list[str], user: Any) -> list[str]:
    """Every action of the pages the user may take now: the buttons and the hidden ones,
    declaring one's own jäv (no action of the state machine: any officer may, FL 17 §), and
    registering a supplement's file as the statutes (from the supplement, in any state)."""
    hidden = [name for name, base in HIDDEN_ACTIONS.items() if base in allowed]
    if may_declare_conflict(user, app):
        hidden.append("declare_conflict")
    if conflict_refusal(user, app, "supplement_statutes") is not None:
        return [*page_actions(app, allowed, user), *hidden]
    if may_register_statutes(user) and app.supplement_requests.exclude(delivered_file="").exists():
        hidden.append("supplement_statutes")
    return [*page_actions(app, allowed, user), *hidden]
