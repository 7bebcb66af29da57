"""The officers' and auditors' pages in a real browser (Debian's Chromium through Playwright).

Scenario on the demo data: the handler assesses a premises-rental case, proposes to reject it
with a failed criterion, communicates it and records the applicant's response; the decision
maker decides and opens the decision document; the handler fails to decide a case they handled
(four eyes, explained on the page); the auditor finds the decision in the log and exports it.
Screenshots of each step go to test-artifacts/browser/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from audit.models import AuditEvent
from tests.web.browser import (
    ARTIFACTS,
    CHROMIUM,
    LAUNCH_ARGS,
    MARKS,
    PASSWORD,
    playwright,
    seed_demo,
)
from vetting.demo import pass_fact
from vetting.models import Application, State

pytestmark = MARKS


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright(monkeypatch) as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        # Anything the Content-Security-Policy blocks is reported on the console: none may be.
        page.csp_violations = []

        def on_console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                page.csp_violations.append(message.text)

        page.on("console", on_console)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def demo(settings: Any, audit_rows_removed_after: None) -> dict[str, Application]:
    rental = seed_demo(settings)
    handled = Application.objects.get(subject="Grundbidrag 2027")
    assert rental.state == State.IN_REVIEW and handled.state == State.COMMUNICATED
    return {"rental": rental, "handled": handled}


class Steps:
    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.n = 0

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.n:02d}-{name}.png"), full_page=True)

    def login(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base}/login/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()

    def logout(self) -> None:
        self.page.get_by_role("button", name="Logga ut").click()
        self.page.wait_for_url("**/login/**")

    def open_case(self, reference: str) -> None:
        self.page.goto(f"{self.base}/arenden/{reference}/")

    def action(self, name: str) -> None:
        self.page.locator(f"a[data-action='{name}']").click()
        self.page.wait_for_load_state()

    def submit(self) -> None:
        self.page.locator("main form.panel button[type=submit]").click()
        self.page.wait_for_load_state()


def _assess(steps: Steps, code: str, outcome: str, kind: str = "fact", text: str = "") -> None:
    """Assess ``code`` on its page; every assessment has evidence (a pass: the demo's fact)."""
    page = steps.page
    page.locator(f'#criterion-{code} a[href$="criterion={code}"]').click()
    page.get_by_label("Bedömning", exact=True).select_option(outcome)
    page.get_by_label("Typ av underlag").select_option(kind)
    text = text or pass_fact(code)
    page.get_by_label("Underlag: citat ur stadgarna eller konstaterat faktum").fill(text)
    steps.submit()
    assert "Klart" in page.locator(".messages").inner_text(), page.content()[:2000]


def _security_finds_a_link(app: Application) -> None:
    from django.contrib.auth import get_user_model

    from vetting import services as svc

    users = get_user_model().objects
    svc.application_escalate(
        application=app,
        actor=users.get(username="handlaggare"),
        reason="Uppgifter om koppling till våldsbejakande miljö.",
    )
    svc.application_conclude_escalation(
        application=app,
        actor=users.get(username="sakerhet"),
        conclusion="link",
        notes="Polisens lägesbild bekräftar kopplingen.",
    )


@pytest.mark.django_db(transaction=True)
def test_officer_decider_and_auditor_in_the_browser(
    live_server: Any, browser_page: Any, demo: dict[str, Application]
) -> None:
    page, steps = browser_page, Steps(browser_page, live_server.url)
    rental, handled = demo["rental"], demo["handled"]

    # The handler's queue, in Swedish.
    steps.login("handlaggare")
    assert page.get_by_role("heading", name="Arbetskö").is_visible()
    assert page.get_by_role("link", name=rental.reference).is_visible()
    steps.shot("handlaggare-arbetsko")
    # Filtering swaps the results in place (htmx) and the group tabs out of band, so a tab
    # keeps the filter.
    page.get_by_label("Ärendeslag").select_option("lokaluthyrning")
    page.locator("#queue-tabs a[href*='lokaluthyrning']").first.wait_for()
    assert page.get_by_role("link", name=rental.reference).is_visible()
    # ... and the language switcher returns to the filtered queue.
    assert "lokaluthyrning" in (page.locator("#language-next").get_attribute("value") or "")
    page.goto(f"{live_server.url}/")

    # The case page, the statute reader's proposals, the highlighted statutes.
    page.get_by_role("link", name=rental.reference).click()
    assert page.get_by_role("heading", name="Kriterier").is_visible()
    steps.shot("arende-fore-bedomning")
    accept = page.get_by_role("button", name="Godta för ”Öppet medlemskap”")
    if accept.count():
        accept.first.click()
        page.wait_for_load_state()
        assert page.locator("mark.assessment").count() >= 1
    else:
        _assess(steps, "OPEN_MEMBERSHIP", "pass")
    for code in ("NON_DISCRIMINATION", "DEMOCRATIC_PRINCIPLES", "PROGRAM_REVIEW"):
        _assess(steps, code, "pass")
    # NO_VIOLENT_EXTREMISM fails only after the security coordinator's assessment (services
    # here: the coordinator's own pages are covered in tests/web/test_case_page.py).
    _security_finds_a_link(rental)
    page.reload()
    _assess(
        steps,
        "NO_VIOLENT_EXTREMISM",
        "fail",
        kind="fact",
        text="Föreningens företrädare uppmanade till våld vid ett offentligt möte (K123-26).",
    )
    steps.shot("kriterier-bedomda")

    # Propose to reject, communicate, record the response.
    steps.action("propose")
    page.get_by_label("Utfall").select_option("rejected")
    page.get_by_label("Motivering").fill("Villkoret om våldsbejakande extremism är inte uppfyllt.")
    page.get_by_label("Ingen våldsbejakande extremism", exact=True).check()  # by title
    steps.shot("forslag-avslag")
    steps.submit()
    steps.action("communicate")
    steps.submit()
    assert page.get_by_role("link", name="Kommuniceringsbrev", exact=False).is_visible()
    steps.action("record_response")
    page.get_by_label("Sökandens yttrande (text eller sammanfattning)").fill(
        "Föreningen bestrider uppgifterna."
    )
    steps.submit()
    steps.shot("kommunicerad-med-yttrande")
    steps.logout()

    # The decision maker decides.
    steps.login("beslutsfattare")
    steps.open_case(rental.reference)
    steps.action("decide")
    assert page.get_by_label("Utfall").input_value() == "rejected"  # the proposal's, pre-filled
    page.get_by_label("Utfall").select_option("rejected")
    page.get_by_label("Sökandens synpunkter och nämndens bedömning").fill(
        "Yttrandet bestrider uppgifterna men anger inget som visar att de är felaktiga."
    )
    page.get_by_label("Jag bekräftar att jag inte är jävig", exact=False).check()
    steps.shot("beslut-formular")
    steps.submit()
    assert "Avslagen" in page.locator("main").inner_text()
    rental.refresh_from_db()
    assert rental.state == State.REJECTED

    # The decision document.
    page.get_by_role("link", name="Beslut", exact=False).filter(has_text="Avslag").click()
    body = page.locator("article.doc").inner_text()
    assert rental.reference in body and "Avslag" in body and "Hur man överklagar" in body
    assert "Ingen våldsbejakande extremism" in body and "version 1" in body  # by title
    steps.shot("beslutsdokument")
    steps.logout()

    # The handler may not decide a case they handled: not offered, and refused with the reason
    # when the form is opened anyway.
    steps.login("handlaggare")
    steps.open_case(handled.reference)
    steps.action("record_response")
    page.get_by_label("Sökandens yttrande (text eller sammanfattning)").fill("Inget att tillägga.")
    steps.submit()
    assert page.locator("a[data-action='decide']").count() == 0
    page.goto(f"{steps.base}/arenden/{handled.reference}/atgard/decide/")
    page.get_by_label("Utfall").select_option("rejected")
    page.get_by_label("Sökandens synpunkter och nämndens bedömning").fill(
        "Föreningen har inget att tillägga, så förslagets skäl står sig."
    )
    page.get_by_label("Jag bekräftar att jag inte är jävig", exact=False).check()
    steps.submit()
    refusal = page.locator("#refusal").inner_text()
    assert "Fyra ögon" in refusal and "får därför inte besluta" in refusal
    steps.shot("fyra-ogon-nekad")
    handled.refresh_from_db()
    assert handled.state == State.COMMUNICATED
    steps.logout()

    # The auditor finds the decision in the log and exports it.
    steps.login("revisor")
    assert page.get_by_role("heading", name="Beslutslogg").is_visible()
    page.get_by_label("Förening").select_option(label=str(rental.association))
    page.get_by_label("Bara beslut").check()
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    table = page.locator("main table").inner_text()
    assert rental.reference in table and "Avslag" in table
    assert page.locator("a[data-action]").count() == 0
    steps.shot("revisor-beslutslogg")
    with page.expect_download() as info:
        page.locator("#export-link").click()
    download = info.value
    target = ARTIFACTS / "beslutslogg.csv"
    download.save_as(str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "seq" and any(r[2] == rental.reference for r in rows[1:])
    assert AuditEvent.objects.filter(action="audit.exported").count() == 1
    page.goto(f"{live_server.url}/revision/arenden/{rental.reference}/")
    assert "application.decide" in page.locator("main").inner_text()
    steps.shot("revisor-arendets-handelser")

    # Keyboard: the first Tab reaches the skip link, which is then visible and focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()

    # A narrow screen: the page does not scroll sideways (wide tables scroll in their own box).
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/arenden/{rental.reference}/", "/revision/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    steps.shot("smal-skarm")

    # The API documentation renders its operations under the same policy (no inline script).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    steps.shot("api-dokumentation")
    assert page.csp_violations == []
