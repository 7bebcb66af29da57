"""The audit trail in the Swedish admin speaks Swedish: model and column names are translatable
verbose names ("Audit events", "Occurred at", "Case ref" before)."""

from __future__ import annotations

from audit.checkpoints import sign_checkpoint
from tests.world import World, admin_browser


def test_the_admin_lists_the_trail_in_swedish(world: World) -> None:
    world.submit()
    browser = admin_browser(world)
    index = browser.get("/admin/").content.decode()
    assert "Granskningslogg" in index and "Händelser" in index and "Kontrollpunkter" in index
    assert "Audit events" not in index and "Checkpoints" not in index
    events = browser.get("/admin/audit/auditevent/").content.decode()
    for header in ("Tidpunkt", "Händelse", "Diarienummer", "Aktör", "Från status", "Till status"):
        assert f">{header}<" in events, header
    assert "Occurred at" not in events and "Case ref" not in events


def test_the_admin_lists_the_trail_in_english(world: World) -> None:
    world.submit()
    sign_checkpoint()
    browser = admin_browser(world)
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    events = browser.get("/admin/audit/auditevent/").content.decode()
    assert ">Time<" in events and "Reference number" in events
    checkpoints = browser.get("/admin/audit/checkpoint/").content.decode()
    assert "Select checkpoint" in checkpoints and ">Signed<" in checkpoints
