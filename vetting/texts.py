"""Fixed Swedish texts of decisions and letters: appeal instructions, the revocation clause, the
delegation line, and the sentence that explains a shorter deadline in a letter. A decision
keeps the text as it was issued (``Decision.appeal_instructions``); a changed text here reaches
new decisions only."""

from django.conf import settings
from django.utils.translation import gettext

from vetting.models.kinds import AppealRoute

# Laglighetsprövning (KL 13 kap.): who may appeal (a member of the municipality, KL 1:5 and
# 13:1, in words an association outside it understands), to which court, and when the three
# weeks begin for a decision taken on delegation: when the minutes of the nämnd's meeting to
# which it was reported were announced as approved on the anslagstavla (KL 13:5, 8:12).
# Förvaltningsbesvär (FL 40–46 §§): the appeal is given in to the authority that decided (FL
# 43 §), the nämnd the decision was taken on delegation from, not "the municipality".
APPEAL_INSTRUCTIONS = {
    AppealRoute.LAGLIGHETSPROVNING: (
        "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen): "
        "Beslutet är fattat på delegation från {board}. Det anmäls till nämnden och tas upp i "
        "protokollet från nämndens sammanträde. "
        "Den som är medlem av {municipality} kan överklaga beslutet genom laglighetsprövning. "
        "Medlem av kommunen är den som är folkbokförd i kommunen, äger fast egendom där eller "
        "ska betala kommunalskatt där (1 kap. 5 § och 13 kap. 1 § kommunallagen). En förening "
        "är medlem av kommunen bara om den äger fast egendom i kommunen; annars kan föreningen "
        "inte själv överklaga, men en medlem av föreningen som är medlem av kommunen kan göra "
        "det. "
        "Överklagandet skickas till {court}. Det ska ha kommit in dit inom tre veckor från den "
        "dag då det tillkännagavs på kommunens anslagstavla att protokollet från det "
        "sammanträde där beslutet anmäldes har justerats. Anslagstavlan finns på {notice_board}; "
        "där står vilken dag tillkännagivandet gjordes. "
        "Ange vilket beslut som överklagas (diarienummer och beslutsdatum) och skälen till att "
        "det strider mot lag."
    ),
    AppealRoute.FORVALTNINGSBESVAR: (
        "Hur man överklagar (förvaltningsbesvär enligt 40–46 §§ förvaltningslagen): Beslutet kan "
        "överklagas till {court}. Skrivelsen ska skickas till {board} i {municipality}, som "
        "har fattat beslutet (43 § förvaltningslagen), och den måste ha kommit in dit inom tre "
        "veckor från den dag då ni fick del av beslutet. Ange vilket beslut som överklagas, hur "
        "ni vill att det ska ändras och varför."
    ),
}

# The clause as a decision keeps it, citing FL 37 § as the route makes it ({cite};
# ``vetting.citations.revocation_clause``); ``REVOCATION_CLAUSE`` is the plain citation.
REVOCATION_CLAUSE_TEMPLATE = (
    "Återkallelseförbehåll ({cite}): Bidraget beviljas under förutsättning att "
    "föreningen uppfyller kommunens demokrativillkor och att lämnade uppgifter är riktiga. Om "
    "villkoren inte är eller inte har varit uppfyllda kan beslutet återkallas och utbetalt "
    "bidrag krävas tillbaka (återkrav)."
)
REVOCATION_CLAUSE = REVOCATION_CLAUSE_TEMPLATE.format(cite="37 § förvaltningslagen")


def appeal_route_for(kind: str) -> str:
    route = settings.GRANSKA_APPEAL_ROUTES.get(kind, AppealRoute.LAGLIGHETSPROVNING)
    return AppealRoute(route).value


def appeal_instructions_for(route: str, *, board: str = "") -> str:
    """The appeal instructions of a decision taken on delegation from ``board`` (the nämnd;
    "" for an administration that has not named it: "nämnden"), which is also where an appeal
    by förvaltningsbesvär is sent (FL 43 §), with the court and where the
    anslagstavla is as configured (``GRANSKA_APPEAL_COURT``, ``GRANSKA_NOTICE_BOARD``)."""
    text = APPEAL_INSTRUCTIONS[AppealRoute(route)]
    return text.format(
        municipality=settings.GRANSKA_MUNICIPALITY,
        board=board.strip() or "nämnden",
        court=settings.GRANSKA_APPEAL_COURT,
        notice_board=settings.GRANSKA_NOTICE_BOARD,
    )


def delegation_line(board: str, note: str) -> str:
    """On whose behalf a delegate decides, as a decision says it (KL 6:37): "Beslut på
    delegation från Kultur- och fritidsnämnden (delegationsordning punkt 4.1)", from the nämnd
    and the delegation's point as recorded with the decision; "" when neither is. In the
    active language (a page in English says "Decision by delegation from …"); the nämnd and
    the point as recorded."""
    board, note = board.strip(), note.strip()
    if not board:
        return note
    if note.split(" ", 1)[0] == "Delegationsordning":  # mid-sentence, in brackets
        note = "d" + note[1:]
    if note:
        return gettext("Beslut på delegation från %(board)s (%(note)s)") % {
            "board": board,
            "note": note,
        }
    return gettext("Beslut på delegation från %(board)s") % {"board": board}


# A shorter time to answer than the minimum (FL 25 §, 20 §; ``vetting.services.response_time``):
# the letter's sentence, which the officer's reason completes (the form says so).
SHORT_DEADLINE_SENTENCE = "Svarstiden är kortare än normalt eftersom"


def short_deadline_text(reason: str) -> str:
    """The letter's sentence for a shorter deadline ("" when the time is the normal one)."""
    text = (reason or "").strip()
    return f"{SHORT_DEADLINE_SENTENCE} {text}" if text else ""
