"""axe-core in the browser: one Chromium, a context per user, every violation collected.

axe's script is injected into the page (axe-playwright-python), which the site's
Content-Security-Policy would refuse; the contexts of the sweep are opened with bypass_csp, the
browser's own switch for test tools. The site's policy is not changed: every page the sweep
opens must still come with it (``visit``), and tests/web/test_browser.py keeps failing on any
violation of it in a context without the switch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
VIEWPORT = {"width": 1280, "height": 900}


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: the rule, its impact, the element and the rule's help."""
    return [
        f"  {v['id']} ({v['impact']}) {' '.join(map(str, node['target']))}: {v['help']}"
        f" <{v['helpUrl']}>"
        for v in violations
        for node in v["nodes"]
    ]


def session_cookie(username: str) -> str:
    """A logged-in session for the user, as the login form would leave it."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _record_csp(violations: list[str], text: str) -> None:
    if "Content Security Policy" in text:
        violations.append(text)


@dataclass
class AxeSweep:
    browser: Any
    base: str
    axe: Axe = field(default_factory=Axe)
    checked: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def open_as(self, username: str | None, language: str = "sv", *, keep_csp: bool = False) -> Any:
        """A new page in its own context, logged in as ``username`` (None: anonymous). With
        ``keep_csp`` the site's policy applies (no axe there) and the page records in
        ``csp_violations`` whatever the policy blocked."""
        context = self.browser.new_context(bypass_csp=not keep_csp, viewport=VIEWPORT)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.base}]
        if username is not None:
            value = session_cookie(username)
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": value, "url": self.base})
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.csp_violations = []
        page.on("console", lambda m: _record_csp(page.csp_violations, m.text))
        return page

    def visit(self, page: Any, path: str, status: int = 200) -> None:
        """Open the path (its final answer must have ``status`` and the site's CSP), check it."""
        response = page.goto(self.base + path)
        assert response is not None and response.status == status, (path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, (path, policy)
        self.check(page, path)

    def check(self, page: Any, label: str) -> None:
        """axe over the page as it is now (after a swap, a submitted form...)."""
        violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
        self.checked.append(label)
        if violations:
            self.findings.append("\n".join([f"{label} ({page.url}):", *describe(violations)]))

    def report(self) -> str:
        return f"axe found WCAG A/AA violations on {len(self.findings)} page(s):\n" + "\n".join(
            self.findings
        )
