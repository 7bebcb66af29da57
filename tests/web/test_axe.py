"""axe-core (WCAG 2.0 and 2.1, levels A and AA) over every officer and auditor page, for each role
that sees it, in the real browser (Debian's Chromium through Playwright), on the demo data with
a case in every state: the login page (also after a failed login, and locked out), the work
queue with each group and filters (also swapped in place by a filter, and invalid), case pages
in every state, every action form (tested on a case where the role may take it; a refused and
an invalid submission too), decision documents and communication letters, the security notes,
association pages, the decision log, its chain check and export form, the accessibility
statement, the 403 and 404 pages, and a few pages in English. Not the Django admin.

A violation fails the test with the rule, its impact, the element and the rule's help, for every
page at once. What axe cannot see (focus, errors tied to fields, announcements, reflow) is
checked in test_keyboard_errors_announcements_and_reflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as site_settings
from django.contrib.auth import get_user_model

from associations.models import Association
from audit.checkpoints import sign_checkpoint
from tests.audit.conftest import pem
from tests.web.axe_sweep import AxeSweep
from tests.web.browser import CHROMIUM, LAUNCH_ARGS, MARKS, playwright, seed_demo
from tests.world import World, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.models import Application, Communication, Decision, Kind, State
from web.actions import SPECS, available_actions
from web.selectors import groups_for

pytestmark = MARKS
ACTING = ("handlaggare", "beslutsfattare", "sakerhet")
DECIDED = (State.APPROVED, State.REJECTED, State.PAID, State.REVOKED)


@pytest.fixture
def sweep(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[AxeSweep]:
    with playwright(monkeypatch) as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield AxeSweep(browser, live_server.url)
        finally:
            browser.close()


def sign_the_trail(settings: Any) -> None:
    """A signing key and a signed checkpoint: the chain page shows the checkpoint's note and the
    command to verify an export."""
    settings.AUDIT_SIGNING_KEY = pem(Ed25519PrivateKey.generate())
    settings.AUDIT_SIGNING_KEY_FILE = ""
    assert sign_checkpoint() is not None


@pytest.fixture
def cases(settings: Any, audit_rows_removed_after: None) -> dict[str, Application]:
    """The demo data plus a revoked grant: one case for each state (the first of each)."""
    rental = seed_demo(settings)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ACTING)}
    cast = demo.Cast(
        handler=users["handlaggare"], decider=users["beslutsfattare"], security=users["sakerhet"]
    )
    data = svc.NewApplication(
        kind=Kind.FORENINGSBIDRAG,
        association=Association.objects.get(applications__state=State.PAID),
        subject="Aktivitetsbidrag våren 2026",
        administration=rental.administration,
        amount_applied=Decimal("3000"),
    )
    demo.advance(cast, svc.application_submit(actor=cast.handler, data=data), State.REVOKED)
    sign_the_trail(settings)
    by_state: dict[str, Application] = {}
    for app in Application.objects.order_by("pk"):
        by_state.setdefault(app.state, app)
    return by_state


def case(app: Application, rest: str = "") -> str:
    return f"/arenden/{app.reference}/{rest}"


def queue_paths(username: str, every_group: bool = False) -> list[str]:
    """The user's queue as it opens (their own group first); with ``every_group`` each group's
    tab too (the shared groups look the same for every role: the handler's are checked)."""
    user = get_user_model().objects.get(username=username)
    groups = groups_for(user) if every_group else ("all",)
    return ["/", *(f"/?group={group}" for group in groups)]


def document_paths(cases: dict[str, Application]) -> list[str]:
    """Every decision of the revoked and the rejected case (a grant, its revocation, a refusal)
    and a communication letter."""
    revoked, rejected = cases[State.REVOKED], cases[State.REJECTED]
    decisions = Decision.objects.filter(application__in=[revoked, rejected])
    letter = Communication.objects.filter(application=cases[State.COMMUNICATED]).get()
    paths = [case(d.application, f"beslut/{d.pk}/") for d in decisions]
    return [*paths, case(letter.application, f"kommunicering/{letter.pk}/")]


def action_targets(cases: dict[str, Application]) -> dict[str, tuple[str, Application]]:
    """Each action form, opened by a role that may take it on a case where it may; an action no
    role may take on the demo cases is opened by the handler on the case in review."""
    users = get_user_model().objects.filter(username__in=ACTING)
    targets: dict[str, tuple[str, Application]] = {}
    for user in sorted(users, key=lambda u: ACTING.index(u.username)):
        for app in cases.values():
            for action in available_actions(app, allowed_actions(app, user), user):
                targets.setdefault(action, (user.username, app))
    for action in SPECS:
        targets.setdefault(action, ("handlaggare", cases[State.IN_REVIEW]))
    return targets


def pages_by_role(cases: dict[str, Application]) -> dict[str, list[tuple[str, int]]]:
    """(path, status) of the pages each role opens directly."""
    notes = case(cases[State.ESCALATED], "sakerhetsanteckningar/")
    shared = ["/foreningar/", f"/foreningar/{cases[State.IN_REVIEW].association_id}/"]
    handler = [*queue_paths("handlaggare", every_group=True), "/?kind=nej", "/tillganglighet/"]
    handler += ["/?group=all&kind=lokaluthyrning&sort=deadline", *shared]
    handler += ["/registrera/"]
    handler += [*(case(app) for app in cases.values()), *document_paths(cases)]
    decider = [*queue_paths("beslutsfattare"), notes]
    decider += [case(cases[State.PROPOSED]), case(cases[State.COMMUNICATED])]
    security = [*queue_paths("sakerhet"), case(cases[State.ESCALATED]), notes]
    auditor = ["/", "/?group=all", *(case(cases[s]) for s in DECIDED), *shared]
    refused = [(notes, 403), ("/revision/", 403), ("/finns-inte/", 404)]
    refused.append(("/arenden/KFN-1999-99999/", 404))
    return {
        "handlaggare": [(p, 200) for p in handler] + refused,
        "beslutsfattare": [(p, 200) for p in decider] + [("/registrera/", 403)],
        "sakerhet": [(p, 200) for p in security],
        "revisor": [(p, 200) for p in auditor],
    }


def audit_pages(cases: dict[str, Application]) -> list[tuple[str, int]]:
    rejected = cases[State.REJECTED]
    return [
        (f"/revision/?association={rejected.association_id}&decisions_only=on", 200),
        ("/revision/?date_from=nej", 200),
        ("/revision/kedja/", 200),
        (f"/revision/arenden/{rejected.reference}/", 200),
        ("/revision/ovriga/", 200),
        ("/revision/handelser/1/", 200),
        (case(cases[State.SUBMITTED], "atgard/assign/"), 403),
    ]


def fail_login(page: Any, username: str) -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("fel lösenord")
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()


def verify_now(page: Any, base: str) -> None:
    """The chain page after an auditor's verification: the recorded result and its message."""
    page.goto(base + "/revision/kedja/")
    page.get_by_role("button", name="Verifiera hela kedjan nu").click()
    page.locator("#messages[role=status] .messages").wait_for()


def sweep_anonymous(sweep: AxeSweep) -> None:
    """The login page, a failed login, the lockout after too many, the statement, a 404."""
    page = sweep.open_as(None)
    sweep.visit(page, "/login/")
    fail_login(page, "okand")
    page.locator("#login-error").wait_for()
    sweep.check(page, "/login/ (misslyckad inloggning)")
    for _ in range(site_settings.AXES_FAILURE_LIMIT - 1):
        fail_login(page, "okand")
    page.get_by_role("heading", name="För många inloggningsförsök").wait_for()
    sweep.check(page, "/login/ (spärrad)")
    sweep.visit(page, "/tillganglighet/")
    sweep.visit(page, "/finns-inte/", 404)


def sweep_actions(sweep: AxeSweep, cases: dict[str, Application]) -> None:
    targets = action_targets(cases)
    assert set(SPECS) <= set(targets)
    pages = {username: sweep.open_as(username) for username in ACTING}
    for action, (username, app) in targets.items():
        sweep.visit(pages[username], case(app, f"atgard/{action}/"))
    handler, decider = pages["handlaggare"], pages["beslutsfattare"]
    # An invalid submission (the fields' errors) and a refusal (the handler may not decide: the
    # page says why and offers no form).
    sweep.visit(decider, case(cases[State.PROPOSED], "atgard/return_to_review/"))
    decider.locator("main form.panel button[type=submit]").click()
    decider.locator(".errorlist").first.wait_for()
    sweep.check(decider, "return_to_review (ogiltigt)")
    sweep.visit(handler, case(cases[State.COMMUNICATED], "atgard/decide/"))
    handler.locator("#refusal").first.wait_for()
    sweep.check(handler, "decide (nekad)")


def sweep_interactions(sweep: AxeSweep, cases: dict[str, Application]) -> None:
    """States the pages reach by use: a filter swapped in place, an invalid upload, a message."""
    page = sweep.open_as("handlaggare")
    sweep.visit(page, "/?group=all")
    page.get_by_label("Ärendeslag").select_option("lokaluthyrning")
    page.locator("#queue-tabs a[href*='lokaluthyrning']").first.wait_for()
    sweep.check(page, "arbetskö (filtrerad på plats)")
    sweep.visit(page, f"/foreningar/{cases[State.IN_REVIEW].association_id}/")
    # The browser's own check stops an empty upload first; the server's answer is checked here.
    page.locator("form[aria-labelledby=upload-heading]").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Ladda upp stadgarna").click()
    page.locator(".errorlist").first.wait_for()
    sweep.check(page, "förening (ogiltig uppladdning)")
    sweep.visit(page, "/registrera/")
    page.locator("main form.panel button[type=submit]:not([name])").last.click()
    page.locator(".errorlist").first.wait_for()
    sweep.check(page, "registrera ansökan (ogiltig)")
    sweep.visit(page, case(cases[State.SUBMITTED], "atgard/assign/"))
    page.get_by_label("Jag bekräftar att jag inte är jävig", exact=False).check()
    page.locator("main form.panel button[type=submit]").click()
    page.locator("#messages[role=status] .messages").wait_for()
    sweep.check(page, "ärende (meddelande efter åtgärd)")


def sweep_english(sweep: AxeSweep, cases: dict[str, Application]) -> None:
    page = sweep.open_as("handlaggare", language="en")
    rejected = cases[State.REJECTED]
    decision = rejected.decisions.first()
    assert decision is not None
    for path in (
        "/?group=all",
        case(cases[State.IN_REVIEW]),
        case(cases[State.IN_REVIEW], "atgard/propose/"),
        case(rejected, f"beslut/{decision.pk}/"),
        "/tillganglighet/",
    ):
        sweep.visit(page, path)
        assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.django_db(transaction=True)
def test_every_page_for_every_role_passes_axe(
    sweep: AxeSweep, cases: dict[str, Application]
) -> None:
    assert {*DECIDED, State.SUBMITTED, State.IN_REVIEW, State.PROPOSED} <= set(cases)
    assert State.COMMUNICATED in cases and State.ESCALATED in cases
    sweep_anonymous(sweep)
    for username, paths in pages_by_role(cases).items():
        page = sweep.open_as(username)
        for path, status in paths:
            sweep.visit(page, path, status)
    auditor = sweep.open_as("revisor")
    for path, status in audit_pages(cases):
        sweep.visit(auditor, path, status)
    verify_now(auditor, sweep.base)
    sweep.check(auditor, "kontroll av loggen (verifierad nu)")
    sweep_actions(sweep, cases)
    sweep_interactions(sweep, cases)
    sweep_english(sweep, cases)
    assert len(sweep.checked) > 80
    assert sweep.findings == [], sweep.report()


# What axe cannot decide, checked in a context that keeps the site's Content-Security-Policy.
FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return [e.tagName + (e.id ? '#' + e.id : ''), s.outlineStyle, parseFloat(s.outlineWidth)];
}"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
REFLOW_VIEWPORTS = ({"width": 320, "height": 640}, {"width": 640, "height": 450})


def assert_focus_visible(page: Any, presses: int) -> None:
    """Each of the first Tab stops shows an outline of at least 2 px (WCAG 2.4.7)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        element, style, width = page.evaluate(FOCUS_STYLE)
        assert style != "none" and width >= 2, (page.url, element, style, width)


def assert_errors_tied_to_fields(page: Any) -> None:
    """Every invalid field names its error text with aria-describedby (WCAG 3.3.1, 1.3.1)."""
    fields = page.locator("[aria-invalid=true]")
    fields.first.wait_for()
    for index in range(fields.count()):
        ids = (fields.nth(index).get_attribute("aria-describedby") or "").split()
        texts = [page.locator(f"#{i}").inner_text().strip() for i in ids]
        assert texts and all(texts), (page.url, ids)


def assert_reflows(page: Any, base: str, paths: list[str]) -> None:
    """No sideways scrolling at 320 px wide or at 200 % zoom (WCAG 1.4.10; wide tables scroll in
    their own box)."""
    for viewport in REFLOW_VIEWPORTS:
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(base + path)
            assert page.evaluate(OVERFLOW) <= 0, (viewport, path)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_keyboard_errors_announcements_and_reflow(
    sweep: AxeSweep, world: World, settings: Any, audit_rows_removed_after: None
) -> None:
    from playwright.sync_api import expect

    new, review = world.submit(Kind.LOKALUTHYRNING), world.submit()
    drive(world, review, State.IN_REVIEW)
    proposed = drive(world, world.submit(), State.PROPOSED)
    sign_the_trail(settings)
    page = sweep.open_as(world.handler.username, keep_csp=True)
    for path in ("/?group=all", case(review)):
        page.goto(sweep.base + path)
        assert_focus_visible(page, presses=12)
    # A field's error is tied to the field; so is a failed login's to both fields.
    decider = sweep.open_as(world.decider.username, keep_csp=True)
    decider.goto(sweep.base + case(proposed, "atgard/return_to_review/"))
    decider.locator("main form.panel button[type=submit]").click()
    assert_errors_tied_to_fields(decider)
    anonymous = sweep.open_as(None, keep_csp=True)
    anonymous.goto(sweep.base + "/login/")
    anonymous.get_by_label("Användarnamn").fill(world.handler.username)
    anonymous.get_by_label("Lösenord").fill("fel lösenord")
    anonymous.get_by_role("button", name="Logga in").click()
    assert_errors_tied_to_fields(anonymous)
    # A filter's new count goes into the same live region (announced), not a new element.
    page.goto(sweep.base + "/?group=all")
    status = page.locator("#queue-status[role=status]")
    assert status.inner_text() == "Alla synliga: 3 ärenden"
    status.evaluate("element => { element.dataset.kept = 'yes'; }")
    page.get_by_label("Ärendeslag").select_option("lokaluthyrning")
    expect(status).to_have_text("Alla synliga: 1 ärende")
    assert status.get_attribute("data-kept") == "yes"
    # The confirmation after an action is a status message.
    page.goto(sweep.base + case(new, "atgard/assign/"))
    page.get_by_label("Jag bekräftar att jag inte är jävig", exact=False).check()
    page.locator("main form.panel button[type=submit]").click()
    assert "Klart" in page.locator("#messages[role=status]").inner_text()
    paths = ["/?group=all", case(review), case(review, "atgard/propose/")]
    assert_reflows(
        page, sweep.base, [*paths, f"/foreningar/{world.scouts.pk}/", "/tillganglighet/"]
    )
    auditor = sweep.open_as(world.auditor.username, keep_csp=True)
    verify_now(auditor, sweep.base)
    assert_reflows(auditor, sweep.base, ["/revision/", "/revision/kedja/"])
    assert page.csp_violations == decider.csp_violations == auditor.csp_violations == []
    assert anonymous.csp_violations == []
