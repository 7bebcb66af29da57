"""Fixed Swedish texts of decisions: appeal instructions and the revocation clause."""

from django.conf import settings

from vetting.models.kinds import AppealRoute

APPEAL_INSTRUCTIONS = {
    AppealRoute.LAGLIGHETSPROVNING: (
        "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen): Varje medlem av "
        "kommunen kan överklaga beslutet genom laglighetsprövning hos förvaltningsrätten. "
        "Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då "
        "det tillkännagavs på kommunens anslagstavla att protokollet med beslutet justerats. "
        "Ange vilket beslut som överklagas och skälen till att det strider mot lag."
    ),
    AppealRoute.FORVALTNINGSBESVAR: (
        "Hur man överklagar (förvaltningsbesvär enligt 40–46 §§ förvaltningslagen): Beslutet kan "
        "överklagas till förvaltningsrätten. Skrivelsen ska skickas till {municipality}, som "
        "måste ha fått den inom tre veckor från den dag då ni fick del av beslutet. Ange vilket "
        "beslut som överklagas, hur ni vill att det ska ändras och varför."
    ),
}

REVOCATION_CLAUSE = (
    "Återkallelseförbehåll (37 § förvaltningslagen): Bidraget beviljas under förutsättning att "
    "föreningen uppfyller kommunens demokrativillkor och att lämnade uppgifter är riktiga. Om "
    "villkoren inte är eller inte har varit uppfyllda kan beslutet återkallas och utbetalt "
    "bidrag krävas tillbaka (återkrav)."
)


def appeal_route_for(kind: str) -> str:
    route = settings.GRANSKA_APPEAL_ROUTES.get(kind, AppealRoute.LAGLIGHETSPROVNING)
    return AppealRoute(route).value


def appeal_instructions_for(route: str) -> str:
    text = APPEAL_INSTRUCTIONS[AppealRoute(route)]
    return text.format(municipality=settings.GRANSKA_MUNICIPALITY)
