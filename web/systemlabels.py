"""The words of the auditors' list of events that are not about a case (``web.systemlog``): the
kinds it filters by, what each event did, and the facts it shows of what the event recorded.

Only the keys named here are shown with their values (``SHOWN``); the others are named, not
shown (``web.systemlog.SystemRow.other_keys``), and a few not even named (``HIDDEN``: key
prefixes and file hashes, of no use to read). The trail already keeps secrets and personal data
out (``vetting.admin_audit``, ``bookings.webhook_transport.url_for_the_record``); printing only
what is listed here keeps whatever it records in future off the page until someone decides it
may be shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from associations.models import StatutesVersion
from audit.facts import amount_text
from audit.labels import event_label
from bookings.models import WebhookMessage
from vetting import roles
from vetting.models import Kind

# The kinds of event the list filters by: (label, the action prefixes of the kind). An event is
# of the first kind one of whose prefixes its action starts with.
SYSTEM_KINDS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "access": (_("Roller och användarkonton"), ("refdata.user.", "refdata.group.")),
    "delegation": (_("Delegationer"), ("refdata.delegation.",)),
    "conflict": (_("Jäv"), ("conflict.", "refdata.conflictofinterest.")),
    "booking_client": (_("Bokningssystem"), ("booking_client.",)),
    "api_token": (_("API-token"), ("api_token.",)),
    "export": (_("Exporter"), ("audit.exported",)),
    "erasure": (_("Radering av personuppgifter"), ("person.erased", "audit.texts_pruned")),
    "webhook": (_("Webhooks"), ("webhook.",)),
    "verification": (_("Verifieringar av kedjan"), ("audit.verified",)),
    "association": (
        _("Föreningar och stadgar"),
        ("association.", "statutes.", "refdata.association."),
    ),
    "refdata": (_("Övrig referensdata"), ("refdata.",)),
}
OTHER_KIND = _("Övrigt")


def kind_of(action: str) -> str:
    """The kind code of an action ("" when none fits)."""
    return next((k for k, (_l, ps) in SYSTEM_KINDS.items() if action.startswith(ps)), "")


def kind_label(action: str) -> str:
    kind = kind_of(action)
    return str(SYSTEM_KINDS[kind][0] if kind else OTHER_KIND)


# Reference data changed in the admin: refdata.<model>.<verb> (vetting.admin_audit).
REFDATA_OBJECTS = {
    "user": _("Användarkonto"),
    "group": _("Roll"),
    "delegation": _("Delegation"),
    "rulebook": _("Regelverk"),
    "criterion": _("Kriterium"),
    "conflictofinterest": _("Jäv"),
    "administration": _("Förvaltning"),
    "association": _("Förening"),
    "premises": _("Lokal"),
}
# As nouns: "Delegation: ändring", whatever the gender of the object's name.
REFDATA_VERBS = {
    "created": _("tillägg"),
    "changed": _("ändring"),
    "deleted": _("borttagning"),
    "password_changed": _("byte av lösenord"),
    "administrations_changed": _("ändrade förvaltningar"),
}
EXPORT_LABELS = {
    "decision_log": _("Beslutsloggen exporterad (CSV)"),
    "audit_export": _("Granskningsloggen exporterad (verifierbar export)"),
    "system_log": _("Systemhändelserna exporterade (CSV)"),
}
# Only the JSONL export of the trail can be verified (audit-format §4); its CSV is a reading copy.
TRAIL_CSV_LABEL = _("Granskningsloggen exporterad (CSV, inte verifierbar)")


def what_label(action: str, object_type: str, changes: Any = None) -> str:
    """What the event did, in words (an export of the trail by the format it recorded)."""
    if action == "audit.exported" and object_type in EXPORT_LABELS:
        if object_type == "audit_export" and _recorded_format(changes) == "csv":
            return str(TRAIL_CSV_LABEL)
        return str(EXPORT_LABELS[object_type])
    if action.startswith("refdata."):
        _prefix, model, verb = [*action.split(".", 2), "", ""][:3]
        if model in REFDATA_OBJECTS and verb in REFDATA_VERBS:
            return f"{REFDATA_OBJECTS[model]}: {REFDATA_VERBS[verb]}"
    return event_label(action)


def _recorded_format(changes: Any) -> str:
    return str(changes.get("format") or "") if isinstance(changes, dict) else ""


def _text(value: Any) -> str:
    return str(value)


def _yes_no(value: Any) -> str:
    return str(_("ja") if value else _("nej"))


def _names(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


# The statute reader's questions, as a reading's event names them (``statutes.read``).
READER_QUESTIONS = {
    "open_membership": _("Öppet medlemskap"),
    "non_discrimination_clause": _("Klausul mot diskriminering"),
    "discriminatory_membership_condition": _("Diskriminerande villkor för medlemskap"),
    "discriminatory_eligibility_condition": _("Diskriminerande villkor för att väljas"),
    "members_meeting_supreme": _("Medlemsmötet är högsta beslutande organ"),
    "one_member_one_vote": _("En medlem, en röst"),
}


def _criteria(value: Any) -> str:
    """Criteria or the reader's questions by name, never by code (ui14 item 14)."""
    from web.criterionnames import criterion_titles

    names = value if isinstance(value, list) else [value]
    if not any(str(n) not in READER_QUESTIONS for n in names):
        return ", ".join(str(READER_QUESTIONS[str(n)]) for n in names)
    titles = criterion_titles()
    return ", ".join(str(READER_QUESTIONS.get(str(n)) or titles.title(n)) for n in names)


def _roles(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    return ", ".join(str(roles.LABELS.get(str(n), n)) for n in names) or "–"


def _kinds(value: Any) -> str:
    labels = dict(Kind.choices)
    names = value if isinstance(value, list) else [value]
    return ", ".join(str(labels.get(str(n), n)) for n in names)


def _choice(choices: Any) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        labels = dict(choices)
        return str(labels.get(value, value)) if isinstance(value, str) else str(value)

    return read


# What an erasure removed of the account's access (``person.erased``, ``access_removed``): a
# flag by its name, a count after its name; "Inget" when it had nothing left to remove.
ACCESS_REMOVED: dict[str, Promise] = {
    "is_staff": _("Tillgång till administrationen"),
    "is_superuser": _("Superanvändare"),
    "groups": _("Roller"),
    "user_permissions": _("Behörigheter"),
    "api_tokens": _("API-token"),
    "delegations": _("Delegationer"),
    "sessions": _("Inloggade sessioner"),
}


def _access_removed(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    parts = []
    for key, label in ACCESS_REMOVED.items():
        found = value.get(key)
        if found is True:
            parts.append(str(label))
        elif isinstance(found, int) and not isinstance(found, bool) and found > 0:
            parts.append(f"{label}: {found}")
    return "; ".join(parts) or str(_("Inget"))


# The keys shown with their values: label, and how the value reads. A value recorded as a change
# (``{"from": …, "to": …}``) reads "before → after".
SHOWN: dict[str, tuple[Promise, Callable[[Any], str]]] = {
    "groups": (_("Roller"), _roles),
    "administrations": (_("Förvaltningar"), _names),
    "administration_id": (_("Förvaltning"), _text),
    "premises": (_("Lokaler"), _names),
    "is_active": (_("Aktivt konto"), _yes_no),
    "is_staff": (_("Tillgång till administrationen"), _yes_no),
    "is_superuser": (_("Superanvändare"), _yes_no),
    "group": (_("Roll"), _roles),
    "administration": (_("Förvaltning"), _text),
    "kinds": (_("Ärendeslag"), _kinds),
    "max_amount": (_("Högsta belopp"), amount_text),
    "valid_from": (_("Gäller från"), _text),
    "valid_to": (_("Gäller till"), _text),
    "name": (_("Namn"), _text),
    "org_number": (_("Organisationsnummer"), _text),
    "webhook_url": (_("Webhookadress"), _text),
    "grace_hours": (_("Övergångstid (timmar)"), _text),
    "undelivered_webhooks": (_("Olevererade webhooks"), _text),
    "event_type": (_("Webhookhändelse"), _text),
    "previous_status": (_("Status före"), _choice(WebhookMessage.Status.choices)),
    "format": (_("Format"), _text),
    "filters": (_("Urval"), _text),  # read by web.systemlog.filters_text
    "rows": (_("Rader"), _text),
    "events": (_("Händelser"), _text),
    "since": (_("Från och med"), _text),
    "until": (_("Till och med"), _text),
    "first_seq": (_("Första nr"), _text),
    "last_seq": (_("Sista nr"), _text),
    "kind": (_("Slag"), _text),
    "erased": (_("Raderade uppgifter"), _names),
    "access_removed": (_("Borttagen åtkomst"), _access_removed),
    "changed_not_recorded": (_("Ändrat men inte registrerat"), _names),
    "code": (_("Kod"), _text),
    "document_kind": (_("Dokumenttyp"), _choice(StatutesVersion.DocumentKind.choices)),
    "criteria": (_("Kriterier"), _criteria),
    "reason": (_("Grund för jävet"), _text),
    "note": (_("Anteckning"), _text),  # a delegation's note: its text, or "gallrad <date>"
    "ground": (_("Grund för gallringen"), _text),
    "cases": (_("Ärenden"), _names),
    "rules_version": (_("Regelversion"), _text),
}
# Keys neither shown nor named: key prefixes and file hashes (no use to read), and what the row
# shows otherwise (the person or booking system concerned, a verification's summary).
HIDDEN = frozenset(
    {"key_prefix", "previous_key_prefix", "sha256", "msg_id", "client_id", "user",
     "intact", "first_bad", "problem", "head_seq", "head_hash", "checkpoints", "findings",
     "notes", "note_records", "finding_records"}
)  # fmt: skip


# What the keys an event names but does not show are called (and the fields named in
# ``changed_not_recorded`` and ``erased``); a key not here is named by the field of the model
# the event is about (``field_label``), else as recorded.
KEY_LABELS: dict[str, Promise] = {
    "note": _("Anteckning"),
    "adopted_on": _("Antagna"),
    "filename": _("Filnamn"),
    "error": _("Fel"),
    "password": _("Lösenord"),
    "display_name": _("Visningsnamn"),
    "username": _("Användarnamn"),
    "first_name": _("Förnamn"),
    "last_name": _("Efternamn"),
    "email": _("E-post"),
    "phone": _("Telefon"),
    "contact_name": _("Kontaktperson"),
    "contact_email": _("Kontaktpersonens e-post"),
    "contact_phone": _("Kontaktpersonens telefon"),
    "supplement_request": _("Kompletteringsbegäran"),
}


@functools.cache
def _models() -> dict[str, type[Model]]:
    return {(m._meta.model_name or ""): m for m in apps.get_models()}


def field_label(object_type: str, key: str) -> str:
    """A recorded key (or a field named as changed) in words."""
    if key in SHOWN:
        return str(SHOWN[key][0])
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    model = _models().get(object_type.replace("_", ""))
    if model is not None:
        try:
            found = model._meta.get_field(key)
        except FieldDoesNotExist:
            found = None
        if found is not None and isinstance(getattr(found, "verbose_name", None), str | Promise):
            return str(capfirst(str(getattr(found, "verbose_name", key))))
    return key


# The keys whose values name fields (of the object the event is about).
FIELD_NAME_KEYS = frozenset({"erased", "changed_not_recorded"})
