"""Granska's own settings, read from environment variables (documented in .env.example) and
checked here: the demo flag, deadlines and limits of a case, repayment, the appeal route and
court, and the municipality's details printed in letters and decisions. ``config.settings``
imports every upper-case name (``from config.domain import *``): one settings module, with this
group in a file of its own.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

# The demo (`make run`): example texts where a deployment configures its own, and the demo's
# signing key and seeding (config.settings, manage.py seed_demo).
DEMO_MODE = env_bool("GRANSKA_DEMO", False)

# The diarium prefix a new administration starts with; each numbers its cases in its own series
# (vetting.models.Administration.reference_prefix).
GRANSKA_REFERENCE_PREFIX = env_str("GRANSKA_REFERENCE_PREFIX", "KFN")
GRANSKA_ASSESSMENT_REUSE_DAYS = env_int("GRANSKA_ASSESSMENT_REUSE_DAYS", 365)
GRANSKA_COMMUNICATION_DAYS = env_int("GRANSKA_COMMUNICATION_DAYS", 14)
GRANSKA_SUPPLEMENT_DAYS = env_int("GRANSKA_SUPPLEMENT_DAYS", 21)
# A reasonable time to answer (FL 25 §, 20 §): the shortest deadline, in calendar days from
# today, of a kommunicering (an adverse proposal's or an intended revocation's), and of a request
# for a supplement or an event programme. A shorter one needs a recorded reason, which the letter
# prints (vetting.services.response_time). The standard times may not be shorter.
GRANSKA_MIN_RESPONSE_DAYS = env_int("GRANSKA_MIN_RESPONSE_DAYS", 7)
GRANSKA_MIN_REQUEST_DAYS = env_int("GRANSKA_MIN_REQUEST_DAYS", 5)
if not 1 <= GRANSKA_MIN_RESPONSE_DAYS <= GRANSKA_COMMUNICATION_DAYS:
    raise ImproperlyConfigured(
        "GRANSKA_MIN_RESPONSE_DAYS must be between 1 and GRANSKA_COMMUNICATION_DAYS (days)."
    )
if not 1 <= GRANSKA_MIN_REQUEST_DAYS <= min(GRANSKA_SUPPLEMENT_DAYS, 14):
    raise ImproperlyConfigured(
        "GRANSKA_MIN_REQUEST_DAYS must be between 1 and GRANSKA_SUPPLEMENT_DAYS (and 14, the "
        "programme's standard time) (days)."
    )
GRANSKA_HANDLING_DAYS = env_int("GRANSKA_HANDLING_DAYS", 30)
# An officer registers a case received at most this many days ago (an older day is a typing
# error that would give the case a diarienummer of that year).
GRANSKA_MAX_RECEIVED_AGE_DAYS = env_int("GRANSKA_MAX_RECEIVED_AGE_DAYS", 365)
if GRANSKA_MAX_RECEIVED_AGE_DAYS < 0:
    raise ImproperlyConfigured("GRANSKA_MAX_RECEIVED_AGE_DAYS must be at least 0 (days).")
# An event may last this long (every kind); a booking request may start this far ahead.
GRANSKA_MAX_EVENT_DAYS = env_int("GRANSKA_MAX_EVENT_DAYS", 366)
GRANSKA_MAX_BOOKING_AHEAD_DAYS = env_int("GRANSKA_MAX_BOOKING_AHEAD_DAYS", 731)
if min(GRANSKA_MAX_EVENT_DAYS, GRANSKA_MAX_BOOKING_AHEAD_DAYS) < 1:
    raise ImproperlyConfigured(
        "GRANSKA_MAX_EVENT_DAYS and GRANSKA_MAX_BOOKING_AHEAD_DAYS must be at least 1 (days)."
    )
# Återkrav (a revocation reclaiming money, ADR 0013): the due date the revoke form offers, this
# many days after the decision (a due date may be at most a year ahead), and how to pay, printed
# in the decision. Empty: the decision says the municipality sends an invoice. The demo has an
# example.
GRANSKA_REPAYMENT_DAYS = env_int("GRANSKA_REPAYMENT_DAYS", 30)
if not 1 <= GRANSKA_REPAYMENT_DAYS <= 366:
    raise ImproperlyConfigured("GRANSKA_REPAYMENT_DAYS must be between 1 and 366 (days).")
DEMO_REPAYMENT_INSTRUCTIONS = (
    "Betala till bankgiro 123-4567 (Exempelkommunen) och ange diarienumret som referens."
)
GRANSKA_REPAYMENT_INSTRUCTIONS = env_str(
    "GRANSKA_REPAYMENT_INSTRUCTIONS", DEMO_REPAYMENT_INSTRUCTIONS if DEMO_MODE else ""
).strip()
# Appeal route per kind: "laglighetsprovning" (KL 13 kap.) or "forvaltningsbesvar" (FL 40-46 §§).
GRANSKA_APPEAL_ROUTES = {
    "foreningsbidrag": env_str("GRANSKA_APPEAL_ROUTE_FORENINGSBIDRAG", "laglighetsprovning"),
    "arrangorsstod": env_str("GRANSKA_APPEAL_ROUTE_ARRANGORSSTOD", "laglighetsprovning"),
    "lokaluthyrning": env_str("GRANSKA_APPEAL_ROUTE_LOKALUTHYRNING", "laglighetsprovning"),
}
# The court that hears appeals of the decisions (printed in the appeal instructions of new
# decisions, vetting.texts), e.g. "Förvaltningsrätten i Göteborg"; and where the municipality's
# anslagstavla is found (its web address), from which the time for laglighetsprövning runs.
GRANSKA_APPEAL_COURT = (
    env_str(
        "GRANSKA_APPEAL_COURT",
        "Förvaltningsrätten i Göteborg" if DEMO_MODE else "Förvaltningsrätten",
    ).strip()
    or "Förvaltningsrätten"
)
GRANSKA_NOTICE_BOARD = (
    env_str(
        "GRANSKA_NOTICE_BOARD",
        "kommunens webbplats, www.exempelkommunen.se/anslagstavla"
        if DEMO_MODE
        else "kommunens webbplats",
    ).strip()
    or "kommunens webbplats"
)
GRANSKA_STATUTES_MAX_BYTES = env_int("GRANSKA_STATUTES_MAX_BYTES", 10 * 1024 * 1024)
GRANSKA_EVIDENCE_MAX_BYTES = env_int("GRANSKA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
GRANSKA_MUNICIPALITY = env_str("GRANSKA_MUNICIPALITY", "Exempelkommunen")
# Where applicants reach the municipality (its registry): printed in letters and decisions for
# each of an administration's contact details (postal address, e-mail, phone) it has not filled
# in itself (vetting.facts.administration_contact). Empty: not printed.
GRANSKA_MUNICIPALITY_ADDRESS = env_str("GRANSKA_MUNICIPALITY_ADDRESS", "").strip()
GRANSKA_MUNICIPALITY_EMAIL = env_str("GRANSKA_MUNICIPALITY_EMAIL", "").strip()
GRANSKA_MUNICIPALITY_PHONE = env_str("GRANSKA_MUNICIPALITY_PHONE", "").strip()
# Where users report accessibility problems (the statement at /tillganglighet/, DOS-lagen): an
# e-mail address, a web form's https:// address or a phone number.
GRANSKA_ACCESSIBILITY_CONTACT = env_str(
    "GRANSKA_ACCESSIBILITY_CONTACT", "tillganglighet@exempelkommunen.example"
).strip()
if not GRANSKA_ACCESSIBILITY_CONTACT:
    raise ImproperlyConfigured(
        "GRANSKA_ACCESSIBILITY_CONTACT is empty: the accessibility statement must say where to "
        "report a problem (an e-mail address, an https:// address or a phone number)."
    )
