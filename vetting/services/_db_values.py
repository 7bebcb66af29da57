"""An INSERT's parameters as the ORM prepares them, without its calls where they change nothing.

``[f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields]`` is what ``Model.save``
sends; over the 39 columns of a case it cost about a fifteenth of a booking intake's Python CPU,
though most values are None or text that it returns as they are. ``plan(fields, ops)`` works out
once per field which exact types of value come back unchanged, from the methods the field's
class uses (as read in Django 5.2's source), and ``values`` skips the calls for those.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    ForeignKey,
    IntegerField,
    TextField,
)
from django.db.models.fields import AutoFieldMixin

_NONE = type(None)


class Column(NamedTuple):
    field: Field[Any, Any]
    attname: str | None  # pre_save(obj, add=True) is getattr(obj, attname); None: call it
    unchanged: tuple[type, ...]  # exact types get_db_prep_save returns as they are


def plan(fields: Sequence[Field[Any, Any]], ops: BaseDatabaseOperations) -> tuple[Column, ...]:
    columns = []
    for f in fields:
        reads = _pre_save_reads(f)
        columns.append(Column(f, f.attname if reads else None, _unchanged(f, ops) if reads else ()))
    return tuple(columns)


def values(obj: Any, columns: Sequence[Column], conn: Any) -> list[Any]:
    """What ``get_db_prep_save(pre_save(obj, True), conn)`` gives for each column."""
    out = []
    for f, attname, unchanged in columns:
        if attname is None:
            out.append(f.get_db_prep_save(f.pre_save(obj, True), conn))
            continue
        value = getattr(obj, attname)
        out.append(value if type(value) in unchanged else f.get_db_prep_save(value, conn))
    return out


def _pre_save_reads(f: Field[Any, Any]) -> bool:
    """``pre_save(obj, add=True)`` only reads the attribute: Field's own, or a date field's
    without auto_now / auto_now_add (DateField.pre_save and DateTimeField.pre_save)."""
    own = type(f).pre_save
    if own is Field.pre_save:
        return True
    dated = own is DateField.pre_save or own is DateTimeField.pre_save
    return dated and not (f.auto_now or f.auto_now_add)  # type: ignore[attr-defined]


def _prep_methods(cls: type[Field[Any, Any]]) -> tuple[Any, ...]:
    return (cls.get_db_prep_save, cls.get_db_prep_value, cls.get_prep_value, cls.to_python)


# A field class whose prep methods are exactly one of these classes' (a subclass that overrides
# none of them counts: EmailField, django-fsm's FSMField) returns a value of these exact types
# as it is. Field.get_db_prep_save -> get_db_prep_value -> get_prep_value -> to_python: text
# returns "a str or None as it is", a boolean "True/False as bool(value)". The date, time,
# decimal and integer fields return None as it is (the backends' adapters too); an int goes
# through the backend's adapter (psycopg 3: Int4(value)), so it is not listed. JSONField is not
# listed at all.
_UNCHANGED: tuple[tuple[tuple[Any, ...], tuple[type, ...]], ...] = (
    (_prep_methods(CharField), (str, _NONE)),
    (_prep_methods(TextField), (str, _NONE)),
    (_prep_methods(BooleanField), (bool, _NONE)),
    (_prep_methods(DateField), (_NONE,)),
    (_prep_methods(DateTimeField), (_NONE,)),
    (_prep_methods(DecimalField), (_NONE,)),
    (_prep_methods(IntegerField), (_NONE,)),
)


def _unchanged(f: Field[Any, Any], ops: BaseDatabaseOperations) -> tuple[type, ...]:
    if isinstance(f, ForeignKey):
        return _unchanged_key(f, ops)
    methods = _prep_methods(type(f))
    return next((types for known, types in _UNCHANGED if known == methods), ())


def _unchanged_key(f: ForeignKey[Any, Any], ops: BaseDatabaseOperations) -> tuple[type, ...]:
    """ForeignKey.get_db_prep_save gives None as it is, and an int too when the key it points
    at is an auto (big) integer field: int(value), then the backend's validate_autopk_value
    (the base's returns the value)."""
    if type(f).get_db_prep_save is not ForeignKey.get_db_prep_save:
        return ()
    target = type(f.target_field)
    plain_auto = (
        issubclass(target, AutoFieldMixin)
        and target.get_db_prep_save is Field.get_db_prep_save
        and target.get_db_prep_value is AutoFieldMixin.get_db_prep_value
        and target.get_prep_value is IntegerField.get_prep_value
        and type(ops).validate_autopk_value is BaseDatabaseOperations.validate_autopk_value
    )
    return (int, _NONE) if plain_auto else (_NONE,)
