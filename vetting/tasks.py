from celery import shared_task

from vetting.services import write_off_overdue as _write_off_overdue


@shared_task(name="vetting.tasks.write_off_overdue")
def write_off_overdue() -> list[str]:
    """Beat task: write off cases past their supplement deadline (idempotent)."""
    return _write_off_overdue()
