"""Membership procedures: approval by the board, recommendation, refusal at discretion,
a right to membership, refusal only on narrow grounds, and open clauses.

These rules run on every sentence that speaks of membership (see ``membership.py``);
rule ids are documented in RULES.md.
"""

from __future__ import annotations

from . import lexicon as lx
from .engine import Rule, compile_rx, gated, rule

NOT_CONDITION = (
    r"heders|livstid|uteslut|avstang|utrad|upphor|aterintrade|rostratt|valbar|\bstanga\w*\s+av"
)

RIGHT = (
    r"\bratt\s+(?:till|att\s+(?:bli|beviljas|erhalla|fa|antas\s+som|upptas\s+som|vinna\s+intrade"
    r"\s+som|soka))\s+(?:\w+\s+){0,2}?(?:medlemskap|medlem|intrade)"
)

_PROCEDURE_UNLESS = (
    NOT_CONDITION + r"|varning|overklag|avsla|avslag|vagra|neka|adjung"
    r"|\w*(?:karers|karens|foreningars|foreningens|organisationers|organisationens|klubbars"
    r"|klubbens|distrikts|distriktets|avdelningars|avdelningens|forbunds|forbundets|lags|lagets)"
    r"\s+(?:intrade|medlemskap|anslutning|ansokan)"
)

_APPLICATION = (
    r"(?:ansokan\w*\s+om\s+(?:medlemskap|intrade)|medlemsansok\w*|medlemskap(?:et)?|intradet?"
    r"|(?:nya?|blivande)\s+medlem(?:mar)?|(?:antagning|antagande|inval|intagning)\s+av\s+(?:nya?\s+)?"
    r"medlem\w*)"
)
_BODY = r"(?:\w+\s+){0,2}?(?:styrelse\w*|\w*mote\w*|\w*motet|\w*stamma\w*|\w*stamman|\w*radet)\b"
_PASSIVE = (
    r"(?:godkann(?:s|as|ts|es)|godkan(?:d|t|da)|bevilj(?:as|ats|ad|at|s|es)|antas|antagas|antages"
    r"|upptas|upptages|provas"
    r"|provats|behandlas|beslutas|avgors|faststalls|accepteras|invaljs|valjs\s+in)"
)
_ACTIVE = (
    r"(?:godkann\w*|bevilj\w*|prov(?:ar|a)|beslut\w*\s+om|antar|avgor|granska\w*|accepter\w*"
    r"|valjer\s+in|invaljer)"
)
_APPROVAL_PATTERNS = (
    # "Ansökan om medlemskap prövas/godkänns av styrelsen", "... ska godkännas"
    rf"\b{_APPLICATION}\b.{{0,60}}?\b{_PASSIVE}\s+(?:\w+\s+){{0,3}}?(?:av|vid|pa|i)\s+{_BODY}",
    rf"\b{_APPLICATION}\b.{{0,60}}?\b(?:ska|skall|maste)\s+(?:\w+\s+){{0,2}}?{_PASSIVE}\b",
    rf"\b{_APPLICATION}\b.{{0,40}}?\b(?:provas|provning|beslutas|avgors|behandlas)\b",
    # "Styrelsen ska godkänna alla medlemskap", "styrelsen beslutar om inträde"
    rf"\b(?:styrelse\w*|\w*arsmote\w*|\w*foreningsmote\w*|\w*medlemsmote\w*|\w*stamma\w*"
    rf"|\w*motet)\b.{{0,40}}?\b{_ACTIVE}\b.{{0,40}}?\b(?:medlemskap\w*|medlemsansok\w*"
    r"|ansokan\w*\s+om\s+medlemskap|(?:nya\s+)?medlemmar\b|(?:ny\s+)?medlem\b|intrade\w*)",
    r"\b(?:godkand|beviljad|provad|antagen)\s+(?:\w+\s+)?(?:medlemsansokan|ansokan\s+om\s+medlemskap)",
    rf"\befter\s+(?:beslut|godkannande|provning|beviljande)\s+(?:av|fran|i)\s+{_BODY}",
    r"\b(?:invaljs|valjs\s+in|valjas\s+in|invaljas)\b",
    r"\b(?:styrelsens|\w*motets|\w*stammans)\s+(?:godkannande|beslut|provning|medgivande)",
    rf"\b(?:inval|intagning|antagning|antagande)\s+(?:av\s+(?:nya?\s+)?medlem\w*\s+)?(?:sker|kravs"
    rf"|beslutas)\s+(?:\S+\s+){{0,4}}?(?:pa|vid|av|i)\s+{_BODY}",
    r"\bansok\w*\s+(?:om\s+medlemskap\s+)?och\s+(?:har\s+)?(?:beviljats|beviljas|godkants"
    r"|godkanns|antagits|antas)\b",
)

APPROVAL_RULES: tuple[Rule, ...] = (
    rule(
        "OM_BOARD_APPROVAL",
        "|".join(_APPROVAL_PATTERNS),
        also=r"medlem|intrade",
        unless=_PROCEDURE_UNLESS,
    ),
    rule(
        "OM_BOARD_APPROVAL",
        rf"\b{_PASSIVE}\s+(?:\w+\s+){{0,3}}?av\s+{_BODY}|\bav\s+(?:styrelsen|\w*motet|\w*stamman)\s+"
        r"(?:godkann\w*|bevilj\w*|antas|upptas|provas|invaljs)\b",
        also=r"\bmedlemskap|\bmedlemsansok|\bbli\s+medlem|\bsom\s+medlem\b|\bnya?\s+medlem"
        r"|\bmedlem\s+(?:antas|antages|upptas|upptages|invaljs)\b|\bmedlem\s+"
        r"(?:\w+\s+){0,3}?(?:kan|blir|ar)\s+(?:\w+\s+){0,2}?(?:den|de|bli)\b",
        unless=_PROCEDURE_UNLESS,
    ),
    rule(
        "OM_REFUSAL_DISCRETION",
        r"\b(?:kan|far|ager\s+ratt\s+att|har\s+ratt\s+att)\s+(?:\w+\s+){0,2}?(?:avsla|vagra|neka"
        r"|avvisa)\b|\b(?:kan|far)\s+(?:\w+\s+){0,2}?(?:avslas|vagras|nekas|avvisas)\b",
        also=r"medlemskap|medlemsansok|ansokan|intrade",
        unless=r"\b(?:endast|bara|enbart|uteslutande|blott|inte|ej|icke|ingen)\b|\bom\s+(?:det\s+"
        r"kan\s+antas|sokanden)|motarbet|skada|bryt\w*\s+mot|motverka|oforenlig|uppenbar"
        r"|strider\s+mot|pa\s+grund\s+av|heders|uteslut",
    ),
    rule(
        "OM_RECOMMENDATION",
        lx.RECOMMENDATION,
        also=r"medlem|intrade",
        unless=NOT_CONDITION + r"|\bvalberedning",
    ),
)

# "Den som vill bli medlem ansöker skriftligen. Ansökan prövas av styrelsen.": a bare
# "ansökan" examined by a body, in the sentence right after one about applying for membership.
APPLICATION_CUE = compile_rx(
    r"\bden\s+som\s+(?:vill|onskar)\s+(?:att\s+)?bli\s+medlem|\bansok\w*\s+om\s+(?:medlemskap"
    r"|intrade|att\s+bli\s+medlem)|\b(?:medlems|intrades)ansok\w*"
)
# Matched at the start of that next sentence (``match``, not ``search``).
FOLLOW_ON_APPROVAL = compile_rx(
    r"\W*(?:(?:ansokan|ansokningen|ansokningar(?:na)?|anmalan|den|denna)\s+(?:\w+\s+){0,2}?"
    rf"{_PASSIVE}\s+(?:\w+\s+){{0,3}}?(?:av|vid|pa|i)\s+{_BODY}"
    r"|(?:ansokan|ansokningen|anmalan)\s+(?:ska|skall|maste)\s+(?:\w+\s+){0,2}?"
    rf"{_PASSIVE}\b|{_BODY}.{{0,20}}?\b(?:prov(?:ar|a)|beslut\w*\s+om|godkann\w*|behandla\w*"
    r"|avgor|bevilja\w*)\s+(?:\w+\s+){0,2}?(?:ansokan|ansokningen|anmalan|den|denna)\b)"
)
FOLLOW_ON_UNLESS = compile_rx(_PROCEDURE_UNLESS)


RIGHT_RULES: tuple[Rule, ...] = (
    rule("OM_RIGHT_TO_MEMBERSHIP", RIGHT),
    rule(
        "OM_REFUSAL_ONLY_NARROW",
        r"\b(?:far|kan|ska)\s+(?:\w+\s+){0,2}?(?:avslas|vagras|nekas|avvisas)\s+(?:\w+\s+){0,3}?"
        r"(?:endast|bara|enbart|uteslutande|blott)\b|\b(?:far|kan)\s+(?:endast|bara|enbart"
        r"|uteslutande|blott)\s+(?:\w+\s+){0,2}?(?:avslas|vagras|nekas|avvisas)\b|\b(?:far|kan)"
        r"\s+(?:inte|ej|icke)\s+(?:\w+\s+){0,2}?(?:avslas|vagras|nekas|avvisas)\s+(?:\w+\s+){0,3}?"
        r"(?:av\s+annan\s+anledning|annat\s+an|utom|om\s+inte|savida)"
        r"|\bingen\s+som\s+.{0,80}?(?:far|kan|ska)\s+(?:\w+\s+){0,2}?(?:nekas|vagras|avvisas)"
        r"|\b(?:far|kan)\s+(?:\w+\s+){0,2}?(?:avsla|vagra|neka|avvisa)\s+(?:\w+\s+){0,5}?(?:endast"
        r"|bara|enbart|uteslutande|blott)\b",
    ),
)

OPEN_RULES: tuple[Rule, ...] = (
    rule(
        "OM_OPEN_TO_ALL",
        r"\boppe[nt]\s+for\s+(?:alla|var\s+och\s+en|envar|samtliga|allmanheten)\b"
        r"|\b(?:kan|far)\s+(?:var\s+och\s+en|envar|varje\s+(?:fysisk\s+)?person|alla)\s+(?:\w+\s+){0,2}?"
        r"bli\b"
        r"|\bvalkomn\w*\s+alla\b|\balla\s+(?:\w+\s+){0,2}?ar\s+valkomna\b"
        r"|\b(?:sokas|erhallas|beviljas|ansokas|ges)\s+av\s+(?:alla|var\s+och\s+en|envar"
        r"|varje\s+(?:fysisk\s+)?person)\b"
        r"|\b(?:alla|var\s+och\s+en|envar|vem\s+som\s+helst|varje\s+(?:fysisk\s+)?person)\b"
        r".{0,100}?\b(?:kan|far|ma|har\s+ratt\s+att)\s+(?:\w+\s+){0,2}?(?:bli|beviljas|antas"
        r"|upptas)\b",
    ),
    rule(
        "OM_OPEN_SUPPORTS_PURPOSE",
        r"\b(?:som|vilka)\s+(?:\w+\s+){0,3}?(?:stod\w*|delar|staller\s+sig\s+bakom|star\s+bakom|ansluter"
        r"\s+sig\s+till|godkanner|accepterar|omfattar|respekterar|vill\s+(?:verka|arbeta"
        r"|medverka|bidra)\s+for|vill\s+(?:framja|stodja|delta|vara\s+med)|ar\s+intresserad\w*"
        r"|intresserad\w*|har\s+intresse|betalar|erlagger|(?:har\s+)?betalat|(?:har\s+)?erlagt|anmaler"
        r"|ansoker|loser)\b|\b(?:som|vilka)\s+(?:\w+\s+){0,2}?(?:forbinder\s+sig|vill\s+folja"
        r"|foljer)\b|\bgenom\s+att\s+(?:\w+\s+){0,2}?(?:betala|erlagga|anmala|ansoka"
        r"|registrera|losa)\b",
    ),
)


APPROVAL_RULES = gated(
    APPROVAL_RULES,
    {
        "OM_BOARD_APPROVAL": "godkan|bevilj|prov|beslut|avgor|behandlas|antas|antag|upptas|upptag"
        "|faststall|accepter|invalj|valj|inval|intagning|granska|ansok|medgivande",
        "OM_REFUSAL_DISCRETION": "avsla|vagra|neka|avvisa",
        "OM_RECOMMENDATION": "rekommend|fadd|god|garant|introducer|foresla|intyg|referens",
    },
)
RIGHT_RULES = gated(
    RIGHT_RULES,
    {"OM_RIGHT_TO_MEMBERSHIP": "ratt", "OM_REFUSAL_ONLY_NARROW": "avsla|vagra|neka|avvisa"},
)
OPEN_RULES = gated(
    OPEN_RULES,
    {
        "OM_OPEN_TO_ALL": "oppe|alla|och|envar|vem|varje|valkomn",
        "OM_OPEN_SUPPORTS_PURPOSE": "som|vilka|genom",
    },
)
