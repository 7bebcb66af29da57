"""Whether a registered response objects to what was communicated (ADR 0006): only an
objecting response needs the decision's ``response_considered``. Every response registered
before was treated as objecting, so they keep True (the default)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0030_communication_drop_delegation"),
    ]

    operations = [
        migrations.AddField(
            model_name="communication",
            name="response_contests",
            field=models.BooleanField(default=True, verbose_name="yttrandet invänder"),
        ),
    ]
