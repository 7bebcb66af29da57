"""Every ``code`` a problem document (RFC 9457) under /api/ can carry, with its HTTP status and
what it means, Swedish / English. The Problem schema publishes it as an enum; a test
(tests/api/test_problem_codes.py) reads the code base and fails on a code raised or answered
anywhere that is missing here, or listed here and raised nowhere."""

from __future__ import annotations

PROBLEM_CODES: dict[str, tuple[str, str, str]] = {
    # Transport and protocol
    "malformed_request": (
        "400",
        "Felaktig begäran (ogiltig JSON, för många filer eller fält)",
        "Malformed request (invalid JSON, too many files or fields)",
    ),
    "idempotency_key_required": ("400", "Idempotency-Key saknas", "Idempotency-Key missing"),
    "idempotency_key_invalid": (
        "400",
        "Idempotency-Key är för lång eller inte skrivbar ASCII",
        "Idempotency-Key too long or not printable ASCII",
    ),
    "not_authenticated": ("401", "Inga autentiseringsuppgifter", "No credentials sent"),
    "authentication_failed": (
        "401",
        "Ogiltig eller spärrad nyckel eller token",
        "Invalid or revoked key or token",
    ),
    "permission_denied": (
        "403",
        "Anroparen har inte åtkomst till resursen",
        "The caller has no access to the resource",
    ),
    "csrf_failed": (
        "403",
        "Sessionens CSRF-kontroll misslyckades (skicka X-CSRFToken)",
        "The session's CSRF check failed (send X-CSRFToken)",
    ),
    "not_found": (
        "404",
        "Finns inte eller inte synlig för anroparen",
        "Not found or not visible to the caller",
    ),
    "method_not_allowed": ("405", "Metoden stöds inte", "Method not allowed"),
    "not_acceptable": (
        "406",
        "Kan inte leverera formatet i Accept",
        "Cannot serve the Accept type",
    ),
    "length_required": (
        "411",
        "Content-Length krävs (en kropp i delar, chunked, läses inte)",
        "Content-Length required (a chunked body is not read)",
    ),
    "request_too_large": ("413", "Begäran är för stor", "Request too large"),
    "unsupported_media_type": ("415", "Medietypen stöds inte", "Unsupported media type"),
    "invalid_input": (
        "422",
        "Ogiltiga uppgifter, fel per fält i errors",
        "Invalid input, errors per field in errors",
    ),
    "throttled": ("429", "För många anrop; se Retry-After", "Rate limited; see Retry-After"),
    "server_error": (
        "500",
        "Internt fel (503: ingen signeringsnyckel)",
        "Internal error (503: no signing key)",
    ),
    # Refusals: who you are (403)
    "permission_refused": ("403", "Åtgärden är inte tillåten för dig", "The action is not yours"),
    "role": ("403", "Din roll får inte göra detta", "Your role may not do this"),
    "four_eyes": (
        "403",
        "Fyra ögon: samma person får inte bereda och besluta",
        "Four eyes: the same person may not prepare and decide",
    ),
    "no_delegation": (
        "403",
        "Beslutsfattaren saknar delegation för ärendet",
        "The decision maker has no delegation for the case",
    ),
    "conflict_of_interest": (
        "403",
        "Jäv: du har anmält jäv mot föreningen och får inte delta i ärendet, eller bekräfta "
        "no_conflict_confirmed (KL 6 kap. 28–32 §§ vid laglighetsprövning, FL 16–18 §§ vid "
        "förvaltningsbesvär; detail anger ärendets)",
        "Conflict of interest: you declared one towards the association and take no part in "
        "its cases, or confirm no_conflict_confirmed (KL 6 kap. 28–32 §§ where the case's "
        "appeal route is laglighetsprövning, FL 16–18 §§ where it is förvaltningsbesvär; detail "
        "names the case's)",
    ),
    "handled_by_other": (
        "403",
        "Ärendet handläggs av någon annan; ta över det först",
        "Another handler has the case; take it over first",
    ),
    "restricted_notes": (
        "403",
        "Säkerhetssamordnarens anteckningar är begränsade",
        "The security coordinator's notes are restricted",
    ),
    # Conflicts with the case (409)
    "action_not_allowed": (
        "409",
        "Åtgärden är inte möjlig i ärendets status; se allowed_actions",
        "The action is not possible in the case's state; see allowed_actions",
    ),
    "conflict_already_declared": (
        "409",
        "Du har redan anmält jäv mot föreningen",
        "You already declared a conflict of interest towards the association",
    ),
    "conflict": (
        "409",
        "Det begäran byggde på har ändrats; läs om och försök igen",
        "What the request was based on has changed; read again and retry",
    ),
    "proposal_changed": (
        "409",
        "proposal_version är inte ärendets aktuella förslag",
        "proposal_version is not the case's current proposal",
    ),
    "handler_changed": (
        "409",
        "expected_handler är inte ärendets handläggare: någon annan tog nyss ärendet",
        "expected_handler is not the case's handler: someone else just took the case",
    ),
    "duplicate_external_ref": (
        "409",
        "external_ref används redan; se existing",
        "external_ref already used; see existing",
    ),
    # Rules of the workflow (422)
    "idempotency_key_reused": (
        "422",
        "Samma Idempotency-Key med en annan kropp",
        "The same Idempotency-Key with another body",
    ),
    "error": (
        "4xx",
        "Annat fel, för en status utan egen kod",
        "Another error, of a status without its own code",
    ),
    "domain_error": ("400", "Annat fel i domänen", "Another domain error"),
    "guard_failed": (
        "422",
        "Ett villkor för åtgärden är inte uppfyllt",
        "A condition of the action is not met",
    ),
    "criteria_not_passed": (
        "422",
        "Alla kriterier är inte bedömda som uppfyllda",
        "Not every criterion is assessed as met",
    ),
    "no_failed_criterion": (
        "422",
        "Inget kriterium är bedömt som inte uppfyllt",
        "No criterion is assessed as not met",
    ),
    "program_review_open": (
        "422",
        "Programgranskningen är inte avslutad",
        "The programme review is not complete",
    ),
    "revocation_pending": (
        "422",
        "En återkallelse av bidraget förbereds: betala när den avslutats eller beslutats",
        "A revocation of the grant is being prepared: pay once it is dropped or decided",
    ),
    "escalation_open": (
        "422",
        "Säkerhetsbedömningen är inte avslutad",
        "The security assessment is not concluded",
    ),
    "escalation_required": (
        "422",
        "Eskalera till säkerhetssamordnaren först",
        "Escalate to the security coordinator first",
    ),
    "escalation_found_link": (
        "422",
        "Säkerhetssamordnaren fann en koppling; ny bedömning krävs",
        "The security coordinator found a link; a new assessment is needed",
    ),
    "deviation_needs_review": (
        "422",
        "Beslutet är sämre än det kommunicerade förslaget",
        "The decision is worse than the communicated proposal",
    ),
    "decision_replaced": (
        "422",
        "Bara det gällande beslutet kan ändras",
        "Only the decision in force can be amended",
    ),
    "no_program_requested": ("422", "Inget program är begärt", "No programme is requested"),
    "no_supplement": ("422", "Ingen komplettering är begärd", "No supplement is requested"),
    "statutes_registered": (
        "422",
        "Stadgarna är redan registrerade",
        "The statutes are already registered",
    ),
    "client_revoked": (
        "422",
        "Bokningssystemets åtkomst är spärrad",
        "The booking system's access is revoked",
    ),
    "no_published_rulebook": (
        "503",
        "Inget regelverk är publicerat; försök senare",
        "No rulebook is published; retry later",
    ),
}

# The enum of the Problem schema's ``code``: each value with its status and meaning.
CHOICES: list[tuple[str, str]] = [
    (code, f"{status}: {swedish} / {english}")
    for code, (status, swedish, english) in PROBLEM_CODES.items()
]
