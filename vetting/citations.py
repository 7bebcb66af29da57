"""How a text cites the law the case's appeal route makes binding (legal review 2026-11, Q1 and
Q7). Where a decision can only be laglighetsprövad (KL 13 kap.), FL 2 § switches off among
others FL 16–18 §§ (jäv), 20 § and 23–49 §§: the service still follows them as good
administration (DOMAIN.md), so a text cites them as a model ("jfr 25 § förvaltningslagen"),
never as a right the applicant has; where the route is förvaltningsbesvär they bind and are
cited plainly. Jäv is KL 6 kap. 28–32 §§ on the one route and FL 16–18 §§ on the other.

Every citation that depends on the route is built here, from the route: ``case_route`` for a
text shown now, the route a document recorded when it was issued (``recorded_route``) for a
letter or decision rebuilt later, so that an issued document keeps its citation."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vetting.models.kinds import AppealRoute
from vetting.texts import REVOCATION_CLAUSE_TEMPLATE, appeal_route_for

LAGLIGHETSPROVNING = AppealRoute.LAGLIGHETSPROVNING.value


def case_route(app: Any) -> str:
    """The appeal route of ``app``: the one its latest decision recorded (newest first), else
    the one its kind has now (``GRANSKA_APPEAL_ROUTES``; what a decision made now would record)."""
    decided = [d.appeal_route for d in app.decisions.all() if d.appeal_route]
    return decided[0] if decided else appeal_route_for(app.kind)


def recorded_route(facts: dict[str, Any] | None) -> str | None:
    """The route a document recorded with its facts when it was issued; None for one issued
    before the route was kept, which cites FL plainly, as it was sent."""
    return (facts or {}).get("appeal_route") or None


def fl(route: str | None, section: str | int, paragraph: str | Promise = "") -> str:
    """A section of förvaltningslagen as ``route`` makes it: "jfr 25 § förvaltningslagen" for
    laglighetsprövning, "25 § förvaltningslagen" otherwise (förvaltningsbesvär, or a document
    issued before the route was kept); ``paragraph`` (translated) after the section."""
    values = {"section": section, "paragraph": str(paragraph)}
    if route == LAGLIGHETSPROVNING:
        if paragraph:
            return _("jfr %(section)s § %(paragraph)s förvaltningslagen") % values
        return _("jfr %(section)s § förvaltningslagen") % values
    if paragraph:
        return _("%(section)s § %(paragraph)s förvaltningslagen") % values
    return _("%(section)s § förvaltningslagen") % values


def conflict(route: str | None) -> str:
    """Where the rules on jäv are: KL 6 kap. 28–32 §§ (applied to employees by 7 kap.) where
    the decision can be laglighetsprövad, FL 16–18 §§ where it is appealed by
    förvaltningsbesvär."""
    if route == AppealRoute.FORVALTNINGSBESVAR:
        return _("FL 16–18 §§")
    return _("KL 6 kap. 28–32 §§")


def citations(route: str | None) -> dict[str, str]:
    """The citations a fixed text names by key (``{fl25}``, ``{conflict}``…), for texts written
    once with placeholders (the case page's action help)."""
    return {
        "fl20": fl(route, 20),
        "fl25": fl(route, 25),
        "fl33": fl(route, 33),
        "fl37": fl(route, 37),
        "conflict": conflict(route),
    }


def stored_fl(route: str | None, section: str | int) -> str:
    """``fl`` in Swedish, whatever the language of the request: for a text a decision keeps."""
    with translation.override("sv"):
        return fl(route, section)


def revocation_clause(route: str | None) -> str:
    """The revocation clause a granting decision keeps (Swedish), citing FL 37 § by route."""
    return REVOCATION_CLAUSE_TEMPLATE.format(cite=stored_fl(route, 37))


def fill_citations(text: Any, route: str | None) -> str:
    """``text`` with each citation key it names (``{fl25}``, ``{conflict}``: ``citations``)
    replaced by the citation for ``route``; any other brace is left as it is."""
    filled = str(text)
    for key, cite in citations(route).items():
        filled = filled.replace("{" + key + "}", cite)
    return filled
