# The applicant's name as the application gave it, and when the handler confirmed the party of a
# case whose name differs from the association's (ADR 0020). Cases registered before this had no
# name of their own: they get the association's name, so none of them differs or waits for a
# confirmation.

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Application = apps.get_model("vetting", "Application")
    Association = apps.get_model("associations", "Association")
    name = Association.objects.filter(pk=OuterRef("association_id")).values("name")[:1]
    Application.objects.filter(applicant_name="").update(applicant_name=Subquery(name))


class Migration(migrations.Migration):

    dependencies = [
        ("associations", "0001_initial"),
        ("vetting", "0018_program_received_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="applicant_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="sökandens namn i ansökan"
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="party_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="parten bekräftad"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
