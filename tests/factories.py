"""factory_boy factories for reference data. Cases are made through the real services."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth.models import Group, User

from associations.models import Association
from associations.validators import luhn_ok
from bookings.models import Premises
from vetting.models import Administration, Delegation, Profile


def org_number(n: int) -> str:
    """A valid organisation number (Luhn) derived from n."""
    base = f"802{n:06d}"[-9:]
    for check in range(10):
        if luhn_ok(base + str(check)):
            return f"{base[:6]}-{base[6:]}{check}"
    raise AssertionError("unreachable")


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"adm{n}")
    name = factory.LazyAttribute(lambda o: f"Förvaltning {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.django.Password("demo-password-123")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def administrations(
        self, create: bool, extracted: list[Administration] | None, **kwargs: object
    ) -> None:
        profile, _ = Profile.objects.get_or_create(user=self)
        for administration in extracted or []:
            profile.administrations.add(administration)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("org_number",)

    name = factory.Sequence(lambda n: f"Förening {n}")
    org_number = factory.Sequence(lambda n: org_number(n + 1))
    contact_name = "Kim Ordförande"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@forening.example")


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Premises
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"lokal-{n}")
    name = factory.Sequence(lambda n: f"Samlingssal {n}")
    address = "Storgatan 1, Exempelstad"
    capacity = 120
    administration = factory.SubFactory(AdministrationFactory)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    kinds = factory.LazyFunction(lambda: ["foreningsbidrag", "arrangorsstod", "lokaluthyrning"])
    max_amount = None
    valid_from = date(2020, 1, 1)
    valid_to = None
    note = "Delegationsordning punkt 4.1"
