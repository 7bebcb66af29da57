"""Readable labels of the audit trail's codes: event actions, refused attempts and kinds of actor,
as the officers' pages and the admin show them (the code itself stays in the event and its hash)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.context import ACTOR_CLIENT, ACTOR_PERSON, ACTOR_SYSTEM

EVENT_LABELS = {
    "application.submitted": _("Ärendet registrerat"),
    "application.assign": _("Handläggare tilldelad"),
    "application.take_over": _("Ärendet övertaget av en annan handläggare"),
    "application.request_supplement": _("Komplettering begärd"),
    "application.receive_supplement": _("Komplettering registrerad"),
    "application.write_off": _("Ärendet avskrivet"),
    "application.start_program_review": _("Programgranskning begärd"),
    "application.complete_program_review": _("Programgranskning avslutad"),
    "application.escalate": _("Eskalerat till säkerhetssamordnare"),
    "application.conclude_escalation": _("Säkerhetsbedömning avslutad"),
    "application.propose": _("Förslag till beslut"),
    "application.communicate": _("Förslaget kommunicerat"),
    "application.communicate_revocation": _("Avsett återkallande kommunicerat"),
    "application.record_response": _("Sökandens yttrande registrerat"),
    "application.return_to_review": _("Återförvisat till handläggning"),
    "application.decide": _("Beslut"),
    "application.correct": _("Ändring av beslut"),
    "application.pay": _("Utbetalning registrerad"),
    "application.revoke": _("Bidraget återkallat"),
    "application.drop_revocation": _("Avsett återkallande avslutat utan återkallelse"),
    "application.withdraw": _("Återkallad av sökanden"),
    "application.refused": _("Åtgärd nekad"),
    "application.party_confirmed": _("Parten bekräftad (namnet i ansökan skiljer sig)"),
    "assessment.recorded": _("Kriterium bedömt"),
    "program.received": _("Program inkommet"),
    "supplement.delivered": _("Komplettering inkommen från sökanden"),
    "document.received": _("Inkommen handling registrerad"),
    "escalation.notes_viewed": _("Säkerhetsanteckningar lästa"),
    "decision.notified": _("Underrättelse om beslutet registrerad"),
    "audit.exported": _("Beslutsloggen exporterad"),
    "audit.verified": _("Granskningsloggen verifierad"),
    "person.erased": _("Personuppgifter raderade"),
    "audit.texts_pruned": _("Texter i loggen gallrade"),
    "association.registered": _("Förening registrerad"),
    "association.changed": _("Föreningens uppgifter ändrade"),
    "conflict.declared": _("Jäv anmält"),
    "conflict.withdrawn": _("Jävsanmälan återtagen"),
    "statutes.added": _("Stadgar registrerade"),
    "statutes.read": _("Stadgar lästa av stadgeläsaren"),
    "statutes.read_failed": _("Stadgeläsaren kunde inte läsa stadgarna"),
    "api_token.created": _("API-token skapad"),
    "api_token.revoked": _("API-token spärrad"),
    "webhook.redelivered": _("Webhook skickad på nytt"),
    # What a booking system's event did (bookings.services.clients).
    "booking_client.created": _("Bokningssystem registrerat"),
    "booking_client.changed": _("Bokningssystemets inställningar ändrade"),
    "booking_client.key_rotated": _("Bokningssystemets API-nyckel bytt"),
    "booking_client.previous_key_revoked": _("Bokningssystemets föregående API-nyckel spärrad"),
    "booking_client.webhook_secret_rotated": _("Bokningssystemets webhookhemlighet bytt"),
    "booking_client.previous_secret_revoked": _(
        "Bokningssystemets föregående webhookhemlighet spärrad"
    ),
    "booking_client.revoked": _("Bokningssystemet spärrat"),
}
# Families of actions named after what changed (vetting.admin_audit, bookings.services).
EVENT_PREFIX_LABELS = {
    "refdata.": _("Referensdata ändrad"),
    "booking_client.": _("Bokningssystemets uppgifter ändrade"),
}


def event_label(action: str) -> str:
    """A readable label of an audit event's action (the code itself when unknown)."""
    label = EVENT_LABELS.get(action)
    if label is None:
        label = next((v for k, v in EVENT_PREFIX_LABELS.items() if action.startswith(k)), None)
    return str(label) if label is not None else action


# What a refused attempt tried: ``changes.attempted_action`` of an ``application.refused`` event
# (vetting.services._core.audited_refusals, called with these codes by the services), named as
# the case page names the action.
ATTEMPTED_ACTION_LABELS = {
    "assign": _("Ta ärendet"),
    "assess": _("Bedöm kriterium"),
    "request_supplement": _("Begär komplettering"),
    "receive_supplement": _("Registrera komplettering"),
    "supplement_statutes": _("Registrera som föreningens stadgar"),
    "write_off": _("Skriv av ärendet"),
    "start_program_review": _("Begär programgranskning"),
    "complete_program_review": _("Avsluta programgranskning"),
    "escalate": _("Eskalera till säkerhetssamordnare"),
    "conclude_escalation": _("Avsluta säkerhetsbedömning"),
    "view_escalation_notes": _("Läs säkerhetsanteckningarna"),
    "propose": _("Föreslå beslut"),
    "communicate": _("Kommunicera förslaget"),
    "communicate_revocation": _("Kommunicera avsett återkallande"),
    "record_response": _("Registrera sökandens yttrande"),
    "return_to_review": _("Återförvisa till handläggning"),
    "decide": _("Besluta"),
    "correct": _("Ändra beslutet"),
    "notify": _("Registrera underrättelse om beslutet"),
    "pay": _("Registrera utbetalning"),
    "revoke": _("Återkalla bidraget (återkrav)"),
    "drop_revocation": _("Avsluta utan återkallelse"),
    "withdraw": _("Registrera återkallelse från sökande"),
    "confirm_party": _("Bekräfta parten"),
    "program_submit": _("Registrera inkommet program"),
    "declare_conflict": _("Anmäl jäv"),
}

# What a booking system does with its request (api/views/booking_actions.py), as its 409s name
# them: the client's own words, not the officers' (its "withdraw" withdraws the request).
CLIENT_ACTION_LABELS = {
    "program": _("Skicka programmet"),
    "supplement": _("Skicka kompletteringen"),
    "respond": _("Skicka sökandens yttrande"),
    "withdraw": _("Återkalla förfrågan"),
}


def attempted_action_label(action: str | None) -> str:
    """A readable label of what a refused attempt tried (the code itself when unknown)."""
    label = ATTEMPTED_ACTION_LABELS.get(action or "")
    return str(label) if label is not None else (action or "")


ACTOR_TYPE_LABELS = {
    ACTOR_PERSON: _("Person"),
    ACTOR_CLIENT: _("Bokningssystem"),
    ACTOR_SYSTEM: _("Systemet"),
}


def actor_type_label(kind: str) -> str:
    label = ACTOR_TYPE_LABELS.get(kind)
    return str(label) if label is not None else kind
