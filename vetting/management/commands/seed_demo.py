"""Demo data: administrations, premises, the demo users, associations from real statutes, and
cases of all three kinds in several states. Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations.models import Association
from associations.services import association_get_or_register, statutes_add
from associations.tasks import read_statutes_version
from audit.commandhelp import TranslatedHelpCommand
from audit.context import SYSTEM
from bookings.models import Premises
from vetting import roles
from vetting import services as svc
from vetting.demo import REVOKED_AFTER_PAYMENT, Cast, advance
from vetting.models import Administration, Application, Delegation, Kind, Profile, State
from vetting.services.reference import delegation_create

FIXTURES = Path(settings.BASE_DIR) / "associations" / "fixtures" / "statutes"
DEMO_PASSWORD = "granska-demo"  # noqa: S105 - printed for the demo only, refused outside it

USERS = [
    ("handlaggare", "Hanna", "Handläggare", [roles.HANDLER, roles.DECISION_MAKER], ["kultur"]),
    ("handlaggare2", "Hugo", "Handläggare", [roles.HANDLER], ["kultur"]),
    ("beslutsfattare", "Beata", "Beslutsfattare", [roles.DECISION_MAKER], ["kultur"]),
    ("sakerhet", "Sara", "Säkerhetssamordnare", [roles.SECURITY], ["kultur"]),
    ("revisor", "Rolf", "Revisor", [roles.AUDITOR], []),
    ("admin", "Ada", "Administratör", [roles.ADMINISTRATOR], ["kultur", "social"]),
]

# (file, association name, organisation number (valid Luhn))
ASSOCIATIONS = [
    ("vi_unga_4you_stadgar.txt", "Vi Unga 4You", "802400-0104"),
    ("scouterna_stadgar_2014.txt", "Scoutkåren Exempel", "802000-0017"),
    ("liss_studentspex_stadgar.txt", "Liss Studentspex", "802400-0203"),
    ("royalroppers_stadgar.txt", "Royal Roppers", "802400-0302"),
    ("folkstyret_partistadgar.txt", "Folkstyret", "802400-0401"),
    ("sverok_standard_nordskens_vanner.txt", "Nordskens vänner", "802400-0500"),
    ("langasands_byalag_stadgar_2021.txt", "Långasands byalag", "802400-0609"),
    ("sverok_standard_wicked_witches.txt", "Wicked Witches", "802400-0708"),
    ("rf_stadgemall_rockrullarna_2025.txt", "Rockrullarna", "802400-0807"),
    ("chalmers_drawit_stadga.txt", "DrawIT", "802400-0906"),
    ("fms_medicinsk_statistik_stadgar_v6.txt", "Föreningen för medicinsk statistik", "802400-1003"),
    ("sverok_standard_voteit.txt", "VoteIT", "802400-1102"),
]

# The statutes files begin with the corpus curator's provenance (source address, "# Källa",
# "# Beskrivning", "# Extraherad"): not the association's text, so it is not registered.
PROVENANCE = ("http", "# Källa", "# Beskrivning", "# Extraherad")

# Where the statute reader is in doubt on a case the demo grants, the officer's own reason and
# the passage it rests on (verbatim): the assessment then records that the officer did not
# follow the reader. Everywhere else the demo accepts the reader's proposals.
OFFICER_OVERRIDES = {
    ("Scoutkåren Exempel", "DEMOCRATIC_STRUCTURE"): (
        "Riksorganisation: stämman består av ombud som scoutkårerna utser efter medlemsantal, "
        "och varje ombud har en röst. Handläggaren godtar ombudsstämman som demokratisk "
        "uppbyggnad.",
        "Scouternas stämma består av ombud som företräder scoutkårer.",
    ),
    ("Wicked Witches", "DEMOCRATIC_STRUCTURE"): (
        "Stadgarna säger inte ordagrant att årsmötet är högsta organ, men årsmötet väljer "
        "styrelsen, beslutar om avgift och stadgar, och varje medlem har en röst där.",
        "Styrelsen väljs på årsmöte och tillträder direkt efter valet.",
    ),
    ("Föreningen för medicinsk statistik", "OPEN_MEMBERSHIP"): (
        "Villkoret är intresse för ämnet, inte tillhörighet till en grupp, och styrelsens "
        "godkännande prövar bara det. Handläggaren bedömer medlemskapet som öppet.",
        "Medlem i föreningen kan den person bli som har intresse för, eller anknytning till, "
        "medicinsk statistik och som stöder föreningens ändamål.",
    ),
    ("Föreningen för medicinsk statistik", "DEMOCRATIC_STRUCTURE"): (
        "Årsmötet väljer styrelsen och ändrar stadgarna, och besluten fattas med enkel majoritet "
        "bland närvarande medlemmar.",
        "Alla beslut fattas med enkel majoritet bland närvarande medlemmar",
    ),
}

# (code, name, address, capacity)
# The demo's administrations, with the nämnd and the contact details every letter and
# decision prints.
ADMINISTRATIONS = {
    "kultur": {
        "name": "Kultur- och fritidsförvaltningen",
        "board_name": "Kultur- och fritidsnämnden",
        "postal_address": "Box 100, 123 45 Exempelstad",
        "email": "kultur.fritid@exempelkommunen.se",
        "phone": "010-123 45 00",
    },
    "social": {
        "name": "Socialförvaltningen",
        "board_name": "Socialnämnden",
        "postal_address": "Box 200, 123 46 Exempelstad",
        "email": "socialforvaltningen@exempelkommunen.se",
        "phone": "010-123 46 00",
        # Socialnämnden's own diarium (Kultur keeps the common series, the setting's KFN).
        "reference_prefix": "SN",
    },
}
PRINTED_FIELDS = ("board_name", "postal_address", "email", "phone")

PREMISES = [
    ("stora-salen", "Stora salen, Kulturhuset", "Storgatan 1", 300),
    ("lilla-salen", "Lilla salen, Kulturhuset", "Storgatan 1", 60),
    ("idrottshallen", "Idrottshallen", "Sportvägen 4", 500),
    ("motesrum-2", "Mötesrum 2, Medborgarhuset", "Torget 2", 20),
]
# (association index, kind, subject, target state, premises code for a rental): a rental's
# subject names the premises it books.
CASES: list[tuple[int, str, str, str, str | None]] = [
    (0, Kind.LOKALUTHYRNING, "Hyra av Stora salen för medlemsmöte", State.IN_REVIEW, "stora-salen"),
    (1, Kind.FORENINGSBIDRAG, "Verksamhetsbidrag 2027", State.APPROVED, None),
    (2, Kind.ARRANGORSSTOD, "Arrangörsstöd till vårspexet", State.PROGRAM_REVIEW, None),
    (3, Kind.FORENINGSBIDRAG, "Grundbidrag 2027", State.COMMUNICATED, None),
    (
        4,
        Kind.LOKALUTHYRNING,
        "Hyra av Lilla salen för offentligt möte",
        State.ESCALATED,
        "lilla-salen",
    ),
    (5, Kind.FORENINGSBIDRAG, "Aktivitetsbidrag hösten 2026", State.SUBMITTED, None),
    (6, Kind.ARRANGORSSTOD, "Midsommarfirande på Långasand", State.SUPPLEMENT_REQUESTED, None),
    (7, Kind.FORENINGSBIDRAG, "Lokalbidrag 2026", State.PAID, None),
    (8, Kind.LOKALUTHYRNING, "Hyra av Idrottshallen för träning", State.REJECTED, "idrottshallen"),
    (9, Kind.LOKALUTHYRNING, "Hyra av Mötesrum 2 för årsmöte", State.SUBMITTED, "motesrum-2"),
    (10, Kind.ARRANGORSSTOD, "Föreläsningskväll om statistik", State.PROPOSED, None),
    (7, Kind.FORENINGSBIDRAG, "Lokalbidrag 2025", REVOKED_AFTER_PAYMENT, None),
]


class Command(TranslatedHelpCommand):
    help_text = gettext_lazy(
        "Skapa demodata (idempotent). Vägrar köra om inte GRANSKA_DEMO=1 eller DEBUG=1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                _(
                    "seed_demo skapar demoanvändare med kända lösenord; kör det bara med "
                    "GRANSKA_DEMO=1."
                )
            )
        with transaction.atomic():
            admins = self._administrations()
            users = {u[0]: self._user(*u, admins) for u in USERS}
            self._delegations(users, admins)
            premises = self._premises(admins)
            associations = self._associations()
            created = self._cases(users, associations, premises, admins)
        ready = _("Demodata klara (%(n)d nya ärenden).") % {"n": created}
        self.stdout.write(self.style.SUCCESS(ready))
        logins = _("Demoinloggningar (lösenordet för alla: %(password)s):")
        self.stdout.write("  " + logins % {"password": DEMO_PASSWORD})
        for username, first, last, role_list, _admins in USERS:
            self.stdout.write(f"    {username:<15} {first} {last}: {', '.join(role_list)}")

    def _administrations(self) -> dict[str, Administration]:
        """The two administrations, with the nämnd and contact details the letters print and their
        diarium prefixes (filled in on a demo database seeded before they existed, never over
        what was entered since: a blank prefix, the common series, is not yet set)."""
        admins = {}
        for code, data in ADMINISTRATIONS.items():
            admin, _created = Administration.objects.get_or_create(code=code, defaults=data)
            blank = {f: data[f] for f in PRINTED_FIELDS if not getattr(admin, f)}
            prefix = data.get("reference_prefix")
            if prefix and not admin.reference_prefix:
                blank["reference_prefix"] = prefix
            if blank:
                Administration.objects.filter(pk=admin.pk).update(**blank)
                admin.refresh_from_db()
            admins[code] = admin
        return admins

    def _user(
        self,
        username: str,
        first: str,
        last: str,
        role_list: list[str],
        admin_codes: list[str],
        admins: dict[str, Administration],
    ) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@exempelkommunen.se",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = True
            user.is_superuser = username == "admin"
            user.save()
        user.groups.add(*Group.objects.filter(name__in=role_list))
        profile, _ = Profile.objects.get_or_create(user=user)
        profile.administrations.add(*[admins[c] for c in admin_codes])
        return user

    def _delegations(self, users: dict[str, User], admins: dict[str, Administration]) -> None:
        kultur = admins["kultur"]
        specs: list[tuple[User, list[str], Decimal, str]] = [
            (users["beslutsfattare"], list(Kind.values), Decimal("250000"), "4.1"),
            (users["handlaggare"], [Kind.FORENINGSBIDRAG.value], Decimal("10000"), "4.3"),
        ]
        for user, kinds, limit, point in specs:
            note = f"Delegationsordning punkt {point}"
            if not Delegation.objects.filter(user=user, administration=kultur, note=note).exists():
                delegation_create(
                    actor=SYSTEM,
                    user=user,
                    administration=kultur,
                    kinds=kinds,
                    max_amount=limit,
                    valid_from=date(2026, 1, 1),
                    note=note,
                )

    def _premises(self, admins: dict[str, Administration]) -> dict[str, Premises]:
        return {
            code: Premises.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "address": address,
                    "capacity": cap,
                    "administration": admins["kultur"],
                },
            )[0]
            for code, name, address, cap in PREMISES
        }

    def _associations(self) -> list[Association]:
        result = []
        for filename, name, org in ASSOCIATIONS:
            association = association_get_or_register(
                actor=SYSTEM, org_number=org, name=name, contact_email="styrelsen@forening.example"
            )
            text = statute_body((FIXTURES / filename).read_text(encoding="utf-8"))
            version = statutes_add(
                association=association,
                actor=SYSTEM,
                adopted_on=date(2025, 3, 15),
                data=text.encode("utf-8"),
                filename=filename,
            )
            # Read now (the worker reads again after commit, idempotently), so that the demo's
            # assessments can follow what the reader finds.
            read_statutes_version(version.pk)
            result.append(association)
        return result

    def _cases(
        self,
        users: dict[str, User],
        associations: list[Association],
        premises: dict[str, Premises],
        admins: dict[str, Administration],
    ) -> int:
        if Application.objects.exists():
            return 0
        security = users["sakerhet"]
        cast, mine = (
            Cast(
                handler=users[handler],
                decider=users["beslutsfattare"],
                security=security,
                follow_reader=True,
                overrides=OFFICER_OVERRIDES,
            )
            for handler in ("handlaggare2", "handlaggare")
        )
        for index, (assoc, kind, subject, state, room) in enumerate(CASES):
            app = svc.application_submit(
                actor=users["handlaggare"],
                data=self._new(
                    kind,
                    associations[assoc],
                    subject,
                    premises[room] if room else None,
                    admins["kultur"],
                    index,
                ),
            )
            advance(mine if index in (0, 3) else cast, app, state)
        return len(CASES)

    def _new(
        self,
        kind: str,
        association: Association,
        subject: str,
        room: Premises | None,
        kultur: Administration,
        index: int,
    ) -> svc.NewApplication:
        start = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
        start += timedelta(days=20 + index)
        event = None
        if kind != Kind.FORENINGSBIDRAG:
            event = svc.EventDetails(
                title=subject,
                description="Öppet arrangemang för medlemmar och allmänhet.",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                expected_attendance=min(room.capacity if room else 500, 15 + index * 5),
                premises=room,
            )
        return svc.NewApplication(
            kind=kind,
            association=association,
            subject=subject,
            administration=kultur,
            amount_applied=Decimal(2500 + 1500 * index) if kind != Kind.LOKALUTHYRNING else None,
            event=event,
            contact_name="Kim Ordförande",
            contact_email="styrelsen@forening.example",
        )


def statute_body(text: str) -> str:
    """``text`` without the provenance lines the corpus curator put on top of the file."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and (lines[index].startswith(PROVENANCE) or not lines[index].strip()):
        index += 1
    return "".join(lines[index:])
