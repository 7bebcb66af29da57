"""Reference data created outside the admin (demo data, imports): delegations, and their end
(``delegation_end``, when a person's account is erased). The admin's delegation form checks the
same rules (``delegation_problems``); the rules of an administration's diarium prefix
(``reference_prefix_problem``, ``may_set_reference_prefix``) and the series its cases are
numbered in (``diarium_prefix``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit.services import person_pseudonym, record_event
from vetting import roles
from vetting.errors import InvalidInput
from vetting.models import Administration, Delegation, Kind
from vetting.models.organisation import default_reference_prefix
from vetting.services._core import ActorLike, audit_actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def delegation_problems(
    *,
    user: Any,
    group: Any,
    kinds: Any,
    max_amount: Decimal | None,
    valid_from: date | None,
    valid_to: date | None,
) -> dict[str, StrOrPromise]:
    """What is wrong with a delegation, per field (pure): the admin's form shows the same rules
    at its fields when a delegation is added or changed there."""
    errors: dict[str, StrOrPromise] = {}
    if (user is None) == (group is None):
        errors["user"] = _("Ange antingen en användare eller en grupp.")
    if not kinds or not isinstance(kinds, list) or set(map(str, kinds)) - set(Kind.values):
        errors["kinds"] = format_lazy(
            _("Tillåtna ärendeslag: {kinds}."), kinds=", ".join(Kind.values)
        )
    if max_amount is not None and max_amount < 0:
        errors["max_amount"] = _("Beloppet kan inte vara negativt.")
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        errors["valid_to"] = _("Slutdatum före startdatum.")
    return errors


def delegation_create(
    *,
    actor: ActorLike,
    administration: Administration,
    kinds: list[str],
    valid_from: date,
    user: Any = None,
    group: Any = None,
    max_amount: Decimal | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> Delegation:
    """Record a delegation (delegationsordning) and its reference-data event."""
    errors = delegation_problems(
        user=user,
        group=group,
        kinds=kinds,
        max_amount=max_amount,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        delegation = Delegation.objects.create(
            user=user,
            group=group,
            administration=administration,
            kinds=list(kinds),
            max_amount=max_amount,
            valid_from=valid_from,
            valid_to=valid_to,
            note=note,
        )
        record_event(
            actor=audit_actor(actor),
            action="refdata.delegation.created",
            object_type="delegation",
            object_id=delegation.pk,
            changes={
                "user": person_pseudonym(user) if user is not None else "",
                "group": str(group or ""),
                "administration": administration.code,
                "kinds": list(kinds),
                "max_amount": max_amount,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "note": note,
            },
        )
    return delegation


def delegation_end(*, actor: ActorLike, delegation: Delegation, last_day: date) -> str:
    """End ``delegation`` with ``last_day`` as its last day in force (``valid_to``, inclusive:
    what was decided under it up to then stays covered), with the event the admin writes when a
    delegation's end is changed (``refdata.delegation.changed``, the new ``valid_to``). One that
    would start after ``last_day`` never comes into force: an end before its start is no period
    (constraint ``delegation_valid_range``), so it is withdrawn, with the admin's deletion event
    (``refdata.delegation.deleted``); nothing can have been decided under it. One already ending
    by ``last_day`` is left as it is. Returns "ended", "withdrawn" or "" (left). The row first,
    then its event, as in the admin (ADR 0005: one lock order for a delegation's writers)."""
    with transaction.atomic():
        pk = delegation.pk
        if delegation.valid_from > last_day:
            delegation.delete()
            verb, changes, outcome = "deleted", {}, "withdrawn"
        elif delegation.valid_to is None or delegation.valid_to > last_day:
            delegation.valid_to = last_day
            delegation.save(update_fields=["valid_to"])
            verb, changes, outcome = "changed", {"valid_to": last_day}, "ended"
        else:
            return ""
        record_event(
            actor=audit_actor(actor),
            action=f"refdata.delegation.{verb}",
            object_type="delegation",
            object_id=pk,
            changes=changes,
        )
    return outcome


def may_set_reference_prefix(user: Any) -> bool:
    """The diarium prefix of an administration's case numbers: administrators and superusers
    set it (an officer may edit the contact details, not the numbering)."""
    return bool(getattr(user, "is_superuser", False) or roles.has_role(user, roles.ADMINISTRATOR))


def reference_prefix_problem(prefix: str, *, administration: Administration) -> StrOrPromise:
    """Why ``prefix`` cannot be given to ``administration`` now ("" if it can). Blank is the
    municipality's common series (GRANSKA_REFERENCE_PREFIX), which every administration without
    a prefix of its own shares: always allowed. A prefix of its own may be neither the common
    series' (that is, blank) nor another administration's (ADR 0024; the database's constraint
    holds the latter too). A prefix the administration already has is not judged again: saving
    its contact details never forces a new series."""
    if not prefix:
        return ""
    if administration.pk is not None:
        kept = Administration.objects.filter(pk=administration.pk, reference_prefix=prefix)
        if kept.exists():
            return ""
    if prefix == default_reference_prefix():
        return format_lazy(COMMON_SERIES, prefix=prefix)
    other = Administration.objects.exclude(pk=administration.pk).filter(reference_prefix=prefix)
    first = other.first()
    if first is None:
        return ""
    return format_lazy(_("Prefixet används redan av {name}."), name=first.name)


def administration_save(*, administration: Administration) -> None:
    """Save ``administration`` as the admin's form has it. Two administrators giving the same
    new prefix at once both pass ``reference_prefix_problem``; the second insert then hits the
    database's constraint (vetting 0029), which was a 500. Refused instead, naming
    ``reference_prefix`` and the administration that got the prefix. The save runs in a
    savepoint, so the caller's transaction goes on after the refusal."""
    try:
        with transaction.atomic():
            administration.save()
    except IntegrityError:
        prefix = administration.reference_prefix
        others = Administration.objects.exclude(pk=administration.pk)
        winner = others.filter(reference_prefix=prefix).first() if prefix else None
        if winner is None:
            raise  # another constraint: a bug, not this race
        raise InvalidInput(
            {
                "reference_prefix": format_lazy(
                    _(
                        "Diarieprefixet {prefix} gavs nyss till {name}, som sparades samtidigt. "
                        "Välj ett annat prefix."
                    ),
                    prefix=prefix,
                    name=winner.name,
                )
            }
        ) from None


COMMON_SERIES = _(
    "{prefix} är kommunens gemensamma diarieserie, som förvaltningar utan eget prefix delar: "
    "lämna fältet tomt för den serien, eller välj ett eget prefix."
)


def diarium_prefix(administration: Administration) -> str:
    """The prefix of the series ``administration``'s new cases are numbered in: its own, or
    the common series' when it has none (blank). No query: the registration and the booking
    intake read the administration with the case. An own prefix that is also the common
    series' (the setting changed after it was given, or a row written past ``clean``) would
    number two diaria as one: refused, naming ``reference_prefix``, until an administrator
    gives the administration a prefix of its own or blanks it."""
    common = default_reference_prefix()
    own = administration.reference_prefix
    if own and own == common:
        raise InvalidInput(
            {
                "reference_prefix": format_lazy(
                    _(
                        "{name} har diarieprefixet {prefix}, som också är kommunens gemensamma "
                        "serie (GRANSKA_REFERENCE_PREFIX). En administratör ger förvaltningen "
                        "ett eget prefix eller tömmer fältet."
                    ),
                    name=administration.name,
                    prefix=own,
                )
            }
        )
    return own or common
