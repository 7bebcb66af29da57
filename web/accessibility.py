"""The accessibility statement (tillgänglighetsredogörelse, lagen (2018:1937) om tillgänglighet
till digital offentlig service): what it says that is not template text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# When the service was last assessed against WCAG 2.1 AA and the statement last updated. Update
# both with the statement's text (web/templates/web/accessibility.html) after a new review.
ASSESSED_ON = date(2026, 11, 21)
UPDATED_ON = date(2026, 11, 22)
# The supervisory authority's form for reporting an inaccessible public service.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,}$")


@dataclass(frozen=True)
class Contact:
    text: str
    href: str  # "" when the contact is not a link


def contact_link(value: str) -> Contact:
    """The configured contact as shown: an e-mail address becomes a mailto: link, a web address
    a link, a phone number a tel: link (also when given with its mailto: or tel: scheme);
    anything else is shown as text."""
    value = value.strip()
    for scheme in ("mailto:", "tel:"):  # given as a link already: shown without its scheme
        if value.lower().startswith(scheme):
            shown = value[len(scheme) :]
            return Contact(shown, contact_link(shown).href or value)
    if value.startswith(("https://", "http://")):
        return Contact(value, value)
    if "@" in value and " " not in value:
        return Contact(value, f"mailto:{value}")
    if PHONE.match(value):
        return Contact(value, "tel:" + re.sub(r"[^0-9+]", "", value))
    return Contact(value, "")
