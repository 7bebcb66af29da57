from celery import shared_task

from associations.models import StatutesVersion


@shared_task(name="associations.tasks.read_statutes_version")
def read_statutes_version(statutes_version_id: int) -> str:
    """Run the statute reader on a stored statutes version and keep its findings, with the
    version of its rules. Idempotent."""
    from associations.reader import RULES_VERSION, read_statutes
    from associations.services import statutes_store_reading

    version = StatutesVersion.objects.filter(pk=statutes_version_id).first()
    if version is None:
        return "missing"
    reading = read_statutes(version.text).to_dict()
    statutes_store_reading(
        statutes_version_id=statutes_version_id, reading=reading, rules_version=RULES_VERSION
    )
    return str(reading.get("document_kind", ""))
