"""Who sees which rows in the admin, and who may press its buttons: one mixin for every model
admin and inline.

Rows: the officers' rule (``vetting.selectors.visible_administration_ids``, the rule of the case
pages and the officer API): an officer sees what belongs to the cases of their administrations,
auditors and administrators everything, a user with no officer role nothing. Each admin says
how its rows reach that rule (``visibility``). The change list, the change, history and delete
pages (a hidden row is a 404), the raw-id popup (a change list), the autocomplete (the target
admin's rows) and the choices of a related field (a value posted outside them is a field error)
all read ``get_queryset``. Superusers see everything.

Rows of no case and no administration are system-wide: the administrator's (and the auditor's,
who sees every case), never an officer's, who would otherwise see what other administrations
did or configured. Per model:

- audit events: an officer those of the cases they see (``case_ref``); the events without a
  case (reference data, accounts, booking systems, erasures: the system events) only those who
  see every case;
- booking systems (clients): an officer those of their administrations; a client without an
  administration books for the whole municipality (its keys and premises are system-wide) and
  is the administrator's;
- booking requests and webhook messages: by the administration of the request's case (a
  message always has a request: the column is NOT NULL, so none is system-wide);
- checkpoints: those who see every case (``ALL_CASES``).

Buttons: a list action is offered only to those with its permission (declared on each action);
a POST of an action the user is not offered is refused with 403, never carried out. A change
page shows its save buttons only when something on it can be saved (``anything_to_save``): the
user may change the object and the form or an inline has an input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from vetting import roles
from vetting.selectors import applications_visible_to, visible_administration_ids

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _Base = BaseModelAdmin[Any]
else:
    _Base = object

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Visibility:
    """The condition on a model's rows for a (non-superuser) user; None: every row."""

    condition: Callable[[Any], Q | None]

    def rows(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        if getattr(user, "is_superuser", False):
            return queryset
        condition = self.condition(user)
        return queryset if condition is None else queryset.filter(condition)


def by_administration(path: str) -> Visibility:
    """Rows of the administrations whose cases the user sees (``path`` leads to the
    administration: "administration", "application__administration", …)."""

    def condition(user: Any) -> Q | None:
        ids = visible_administration_ids(user)
        return None if ids is None else Q(**{f"{path}__in": ids})

    return Visibility(condition)


def by_case_reference(path: str) -> Visibility:
    """Rows naming a case by its reference: those of the cases the user sees."""

    def condition(user: Any) -> Q | None:
        if visible_administration_ids(user) is None:
            return None
        return Q(**{f"{path}__in": applications_visible_to(user).values("reference")})

    return Visibility(condition)


def by_colleague(path: str) -> Visibility:
    """Rows of people (``path`` leads to the user): oneself, and those who work in the
    administrations whose cases the user sees."""

    def condition(user: Any) -> Q | None:
        ids = visible_administration_ids(user)
        if ids is None:
            return None
        colleagues = get_user_model().objects.filter(profile__administrations__in=ids)
        return Q(**{path: user.pk}) | Q(**{f"{path}__in": colleagues.values("pk")})

    return Visibility(condition)


def by_owner(path: str) -> Visibility:
    """Rows belonging to the user (``path`` leads to the user); all for those who see all."""

    def condition(user: Any) -> Q | None:
        return None if visible_administration_ids(user) is None else Q(**{path: user.pk})

    return Visibility(condition)


# Shared by every administration (rulebooks, groups): the model permission decides.
SHARED = Visibility(lambda user: None)
# Associations and their statutes: one register for all administrations (as the pages show
# it to every officer); nothing for a user with no role.
OFFICERS = Visibility(lambda user: None if roles.role_names(user) else NOTHING)
# The trail's own records (checkpoints): for those who see every case.
ALL_CASES = Visibility(lambda user: None if visible_administration_ids(user) is None else NOTHING)


def posted_action(request: HttpRequest) -> str:
    """The list action a POST asks for ("" for none), as the admin reads it."""
    names = request.POST.getlist("action")
    try:
        return names[int(request.POST.get("index", 0))]
    except (IndexError, ValueError):
        return ""


class ScopedAdminMixin(_Base):
    """Rows by ``visibility``; related choices by the related admin's rows; actions refused
    with 403 unless offered. Put before ModelAdmin (or an inline) in the bases."""

    visibility: Visibility

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.visibility.rows(super().get_queryset(request), request.user)

    def _related_rows(
        self, db_field: Any, request: HttpRequest | None, kwargs: dict[str, Any]
    ) -> None:
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if (
            request is not None
            and "queryset" not in kwargs
            and isinstance(related, ScopedAdminMixin)
        ):
            kwargs["queryset"] = related.get_queryset(request)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        self._related_rows(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[arg-type]

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        self._related_rows(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[arg-type]

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponse:
        """A row the user may not see is as one that does not exist: 404 (not a redirect to
        the index, which told the change page apart from the list)."""
        raise Http404

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        """No save buttons on a change page where nothing can be saved (every field read-only
        for this user, or the object closed to them): they only led to a 403 or to a save of
        nothing."""
        if change and not anything_to_save(self, request, context, obj):
            context.update(show_save=False, show_save_and_continue=False)
            context.update(show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        name = posted_action(request) if request.method == "POST" else ""
        if name and name not in self.get_actions(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


class ReadOnlyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A record no one adds, changes or deletes in the admin (the audit trail, the decisions):
    rows by ``visibility``, and no list actions."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def anything_to_save(
    model_admin: Any, request: HttpRequest, context: dict[str, Any], obj: Any
) -> bool:
    """Whether the change page's POST would save anything: the user may change ``obj`` (else the
    POST is a 403) and the form has an input, or an inline may add, change or delete rows."""
    if not model_admin.has_change_permission(request, obj):
        return False
    form = context["adminform"].form
    if any(not field.disabled for field in form.fields.values()):
        return True
    return any(
        inline.has_add_permission or inline.has_change_permission or inline.has_delete_permission
        for inline in context["inline_admin_formsets"]
    )
