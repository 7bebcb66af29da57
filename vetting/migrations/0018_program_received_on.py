from django.db import migrations, models
from django.utils import timezone

# vetting.services.payments.PAYMENT_REFERENCE_MAX as it was written (a migration keeps its own).
PAYMENT_REFERENCE_MAX = 100


def fill_program_received_on(apps, schema_editor):
    """A program received before the day was kept: the day it was uploaded or registered
    (Europe/Stockholm), the best record there is of when it came in."""
    ProgramReview = apps.get_model("vetting", "ProgramReview")
    received = ProgramReview.objects.exclude(program_received_at=None).only("program_received_at")
    for review in received.iterator():
        review.program_received_on = timezone.localdate(review.program_received_at)
        review.save(update_fields=["program_received_on"])


def fill_payments(apps, schema_editor):
    """A payment registered before its amount, reference and day were kept (ADR 0016): the
    granted amount (the only amount a payment could be), the day of paid_at, and the reference
    the officer gave, which the pay event recorded as its reasons ("" when none was given: such
    old rows are the only payments without a reference)."""
    Application = apps.get_model("vetting", "Application")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    paid = Application.objects.exclude(paid_at=None).filter(amount_paid=None)
    for app in paid.only("reference", "amount_granted", "paid_at").iterator():
        event = (
            AuditEvent.objects.filter(action="application.pay", case_ref=app.reference)
            .order_by("-seq")
            .only("reasons", "changes")
            .first()
        )
        app.amount_paid = app.amount_granted
        app.paid_on = timezone.localdate(app.paid_at)
        # A pay event records the reference in changes too; a format v2 event (ADR 0027) keeps
        # its reasons outside the row, so read changes first.
        recorded = (event.changes or {}).get("payment_reference") or event.reasons if event else ""
        app.payment_reference = str(recorded or "").strip()[:PAYMENT_REFERENCE_MAX]
        app.save(update_fields=["amount_paid", "paid_on", "payment_reference"])


class Migration(migrations.Migration):
    # Numbered after 0017 (another branch's); the merger points the dependency at it.
    dependencies = [
        ("audit", "0007_verbose_names"),
        ("vetting", "0017_revocation_hearing"),
    ]

    operations = [
        migrations.AddField(
            model_name="programreview",
            name="program_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="programmet inkom"),
        ),
        migrations.AddField(
            model_name="application",
            name="amount_paid",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True,
                verbose_name="utbetalt belopp",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="paid_on",
            field=models.DateField(blank=True, null=True, verbose_name="utbetalningsdag"),
        ),
        migrations.AddField(
            model_name="application",
            name="payment_reference",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="utbetalningsreferens"
            ),
        ),
        migrations.RunPython(fill_program_received_on, migrations.RunPython.noop),
        migrations.RunPython(fill_payments, migrations.RunPython.noop),
    ]
