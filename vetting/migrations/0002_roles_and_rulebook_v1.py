"""Roles as groups, and rulebook version 1: the democracy criteria of DOMAIN.md."""

import datetime

from django.db import migrations

ROLES = ["handläggare", "beslutsfattare", "säkerhetssamordnare", "revisor", "administratör"]
ALL = ["foreningsbidrag", "arrangorsstod", "lokaluthyrning"]

CRITERIA = [
    (
        "OPEN_MEMBERSHIP",
        "Öppet medlemskap",
        "Stadgarna anger att alla som delar föreningens syfte har rätt till medlemskap.",
        "Riktlinjer för föreningsbidrag och arrangörsstöd (seed 001)",
        ALL,
        "statutes",
    ),
    (
        "NON_DISCRIMINATION",
        "Ingen diskriminering",
        "Ingen diskriminering på grund av kön, religion, politisk uppfattning, etnicitet eller "
        "sexuell läggning förekommer i verksamheten, och ingen nekas medlemskap på sådana "
        "grunder (diskrimineringslagens sju grunder).",
        "Riktlinjer för föreningsbidrag och arrangörsstöd (seed 001)",
        ALL,
        "statutes",
    ),
    (
        "DEMOCRATIC_STRUCTURE",
        "Demokratisk uppbyggnad",
        "Föreningen är uppbyggd och fungerar enligt demokratiska principer: medlemsmötet är "
        "högsta beslutande organ, väljer styrelsen, och medlemmarna röstar.",
        "Riktlinjer för föreningsbidrag och arrangörsstöd (seed 001)",
        ["foreningsbidrag", "arrangorsstod"],
        "statutes",
    ),
    (
        "DEMOCRATIC_PRINCIPLES",
        "Demokratins principer",
        "Föreningen står bakom den demokratiska rättsstatens principer, de mänskliga "
        "rättigheterna och jämställdhet mellan kvinnor och män.",
        "Handlingsplan mot våldsbejakande extremism, villkor 1 (seed 004)",
        ALL,
        "statutes",
    ),
    (
        "NO_VIOLENT_EXTREMISM",
        "Ingen våldsbejakande extremism",
        "Varken föreningen eller någon som företräder den använder eller främjar våld, tvång "
        "eller hot, eller motverkar det demokratiska statsskicket. Lokaler upplåts inte för "
        "våldsbejakande sammankomster. Bedöms på konkreta handlingar och fakta, aldrig åsikter "
        "(RF 2 kap. 21 §).",
        "Riktlinjer 2.8 (seed 000), handlingsplan villkor 2 (seed 004), statliga "
        "demokrativillkor från 1 januari 2025",
        ALL,
        "case",
    ),
    (
        "PROGRAM_REVIEW",
        "Programgranskning",
        "Vid tveksamhet begär förvaltningen att få se programmet för arrangemanget och "
        "granskar det.",
        "Riktlinjer, uthyrning av lokaler (seed 001)",
        ["arrangorsstod", "lokaluthyrning"],
        "case",
    ),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    Rulebook = apps.get_model("vetting", "Rulebook")
    Criterion = apps.get_model("vetting", "Criterion")
    rulebook, created = Rulebook.objects.get_or_create(
        version=1,
        defaults={
            "title": "Demokrativillkor för föreningsstöd och lokaluthyrning",
            "adopted_on": datetime.date(2025, 1, 1),
            "adopted_by": "Kultur- och fritidsnämnden",
            "published": True,
        },
    )
    if not created:
        return
    for position, (code, title, description, source, kinds, basis) in enumerate(CRITERIA):
        Criterion.objects.create(
            rulebook=rulebook,
            code=code,
            title=title,
            description=description,
            source=source,
            kinds=kinds,
            basis=basis,
            position=position,
        )


class Migration(migrations.Migration):
    dependencies = [("vetting", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
