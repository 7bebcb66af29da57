"""The statute reader's rules by name, as the officers' case page names the rules a proposal
rests on ("Regel: Öppet för alla", not ``OM_OPEN_TO_ALL``). The ids and what each rule reads
are documented in ``associations/reader/RULES.md``; a rule of a condition or a protected
ground is named by the words the proposals' notes use (``CONDITIONS``, ``GROUNDS``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vetting.reader_proposals import CONDITIONS, GROUNDS

RULE_NAMES: dict[str, Promise] = {
    "KIND_MINUTES": _("Dokumentet är ett protokoll"),
    "KIND_PLAN": _("Dokumentet är en verksamhetsplan"),
    "KIND_POLICY": _("Dokumentet är en policy"),
    "KIND_REPORT": _("Dokumentet är en verksamhetsberättelse"),
    "KIND_STATUTES": _("Dokumentet är stadgar"),
    "KIND_NO_STRUCTURE": _("Dokumentet saknar stadgarnas uppbyggnad"),
    "KIND_OTHER": _("Dokumentet är inte stadgar"),
    "OM_RIGHT_TO_MEMBERSHIP": _("Rätt till medlemskap"),
    "OM_REFUSAL_ONLY_NARROW": _("Medlemskap vägras bara av angivna skäl"),
    "OM_OPEN_TO_ALL": _("Öppet för alla"),
    "OM_OPEN_SUPPORTS_PURPOSE": _("Öppet för alla som delar ändamålet"),
    "OM_NO_EXCLUSION_ON_GROUNDS": _("Ingen nekas medlemskap på grund av en diskrimineringsgrund"),
    "OM_NO_MEMBERSHIP_CLAUSE": _("Ingen bestämmelse om medlemskap"),
    "DC_NONE": _("Inget diskriminerande villkor för medlemskap"),
    "DE_NONE": _("Inget diskriminerande villkor för valbarhet"),
    "ND_EXPLICIT_PROHIBITION": _("Förbud mot att utestänga eller särbehandla"),
    "ND_EXPLICIT_NO_DISTINCTION": _("Ingen skillnad görs på en diskrimineringsgrund"),
    "ND_EXPLICIT_IRRESPECTIVE": _("Oavsett kön, ursprung, religion med mera"),
    "ND_EXPLICIT_AGAINST_GROUNDS": _("Mot diskriminering på namngivna grunder"),
    "ND_GENERAL_AGAINST_DISCRIMINATION": _("Allmänt mot diskriminering"),
    "ND_GENERAL_EQUAL_WORTH": _("Alla människors lika värde"),
    "ND_GENERAL_IRRESPECTIVE": _("Oavsett bakgrund"),
    "ND_GENERAL_DISCRIMINATION_ACT": _("Hänvisning till diskrimineringslagen"),
    "ND_NONE": _("Ingen bestämmelse om diskriminering"),
    "MS_MEETING_IS_HIGHEST": _("Medlemmarnas möte är högsta beslutande organ"),
    "MS_MEMBERS_DECIDE_AT_MEETING": _("Medlemmarna beslutar på mötet"),
    "MS_BOARD_IS_HIGHEST": _("Styrelsen är högsta beslutande organ"),
    "MS_BOARD_APPOINTS_ITSELF": _("Styrelsen utser sig själv"),
    "MS_BOARD_APPOINTED_BY_OTHERS": _("Styrelsen utses av andra än medlemmarna"),
    "MS_NOT_STATED": _("Högsta beslutande organ framgår inte"),
    "OV_EACH_MEMBER_ONE_VOTE": _("En medlem, en röst"),
    "OV_DELEGATE_ASSEMBLY": _("Mötet består av ombud"),
    "OV_VOTES_HELD_BY_DELEGATES": _("Bara ombud har rösträtt"),
    "OV_UNITS_SEND_DELEGATES": _("Lokala enheter utser ombud"),
    "OV_WEIGHTED_VOTES": _("Viktade röster"),
    "OV_PROXY_FOR_MANY": _("Fullmakt för flera medlemmar"),
    "OV_VOTES_THROUGH_DELEGATES": _("Medlemmarna röstar genom ombud"),
    "OV_TRANSFERABLE_VOTES": _("Röster kan överlåtas"),
    "OV_NOT_STATED": _("Röstregeln framgår inte"),
}

MEMBERSHIP_CONDITION = _("Villkor för medlemskap: {condition}")
ELIGIBILITY_CONDITION = _("Villkor för valbarhet: {condition}")
WHO_MAY_JOIN = _("Mening om vem som kan bli medlem")


def rule_name(rule: str) -> str | Promise:
    """The rule's name in the active language; an id the names do not know, as it is (a rule
    added to the reader later shows its id rather than nothing)."""
    if rule in RULE_NAMES:
        return RULE_NAMES[rule]
    ground = GROUNDS.get("DC_" + rule.split("_", 1)[-1].removeprefix("GROUP_"))
    if rule.startswith(("DC_", "OM_GROUP_")) and ground is not None:
        return format_lazy(MEMBERSHIP_CONDITION, condition=ground)
    if rule.startswith("DE_") and ground is not None:
        return format_lazy(ELIGIBILITY_CONDITION, condition=ground)
    if rule in CONDITIONS:
        return format_lazy(MEMBERSHIP_CONDITION, condition=CONDITIONS[rule])
    if rule.startswith("MC_"):  # the sentences that say who may join (never a finding's own)
        return WHO_MAY_JOIN
    return rule


def rule_names(rules: tuple[str, ...] | list[str]) -> str:
    """The rules' names, joined: "Öppet för alla, Villkor för medlemskap: kön"."""
    return ", ".join(str(rule_name(rule)) for rule in rules if rule)
