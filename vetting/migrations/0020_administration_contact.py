# The administration's contact details, printed in every letter and decision so the applicant
# knows where to reply (empty: the municipality's, GRANSKA_MUNICIPALITY_ADDRESS/EMAIL/PHONE).
# No backfill: the administrations fill them in in the admin.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vetting', '0019_applicant_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='administration',
            name='email',
            field=models.EmailField(blank=True, help_text='Dit sökande skickar yttranden med e-post. Tomt: kommunens.', max_length=254, verbose_name='e-post'),
        ),
        migrations.AddField(
            model_name='administration',
            name='phone',
            field=models.CharField(blank=True, help_text='Tomt: kommunens.', max_length=40, verbose_name='telefon'),
        ),
        migrations.AddField(
            model_name='administration',
            name='postal_address',
            field=models.CharField(blank=True, help_text='Dit sökande skickar yttranden med post, t.ex. ”Box 123, 123 45 Exempelstad”. Tomt: kommunens (GRANSKA_MUNICIPALITY_ADDRESS).', max_length=300, verbose_name='postadress'),
        ),
    ]
