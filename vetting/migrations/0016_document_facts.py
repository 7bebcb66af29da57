# The facts the letter and the decision print, kept as they were sent (vetting.facts).
# No backfill: the values a document printed before are not known; rows made before this
# keep {} and their documents print the case as it is now.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vetting', '0015_decision_repayment_and_hearing'),
    ]

    operations = [
        migrations.AddField(
            model_name='communication',
            name='facts',
            field=models.JSONField(blank=True, default=dict, verbose_name='uppgifter som de skickades'),
        ),
        migrations.AddField(
            model_name='decision',
            name='facts',
            field=models.JSONField(blank=True, default=dict, verbose_name='uppgifter som de skickades'),
        ),
    ]
