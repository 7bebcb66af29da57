"""The case's actions in the admin: one form per transition (vetting.forms), run through the
services (vetting.dispatch). The service's refusal of a field is shown at that field; a refusal
of the action (state, role, four-eyes, jäv, delegation) is said when the form opens and again
when it is sent. Nothing here decides what is allowed."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_fsm import Transition
from django_fsm.admin import FSMAdminMixin, FSMObjectTransition, FSMTransitionContext

from vetting.actions import ACTIONS
from vetting.dispatch import action_of, run_transition
from vetting.errors import ActionNotAllowed, DomainError, InvalidInput
from vetting.models import Application, State
from vetting.services._core import refusal_now


def action_label(action: str) -> str:
    """An action by the label of its (first) transition, as the admin's buttons name it."""
    methods = ACTIONS.get(action)
    if not methods:
        return action
    transitions = getattr(Application, methods[0])._django_fsm.transitions
    first = next(iter(transitions.values()))
    return str(first.custom.get("label") or action)


def state_label(value: str) -> str:
    return str(State(value).label) if value in State.values else value


def refusal_text(exc: DomainError) -> str:
    """The service's refusal, with actions and states by their labels (not the API's codes)."""
    if isinstance(exc, ActionNotAllowed):
        return str(exc.describe(action_label, state_label))
    return str(exc.message)


def apply_errors(form: Any, exc: InvalidInput) -> None:
    """Each reason at the field it names; a field the form does not show, above the form."""
    for name, reasons in exc.errors.items():
        field = form.fields.get(name)
        target = name if field is not None and not field.widget.is_hidden else None
        for reason in reasons:
            form.add_error(target, str(reason))


class TransitionFormsMixin(FSMAdminMixin):
    """Every offered transition has its form in ``fsm_forms``; nothing else is offered or run."""

    fsm_transition_form_template = "admin/vetting/application/transition_form.html"

    def is_fsm_transition_visible(self, transition: Transition) -> bool:
        return transition.name in self.fsm_forms

    def _get_fsm_extra_context(
        self, *, request: HttpRequest, obj: Any
    ) -> Generator[FSMObjectTransition]:
        """The buttons of the transitions the state machine offers this user (its permission
        guards: role, administration), only to those who may change the case: a view-only
        user is shown none (their POST is refused with 403 by the change form)."""
        if obj is not None and self.has_change_permission(request, obj):
            yield from super()._get_fsm_extra_context(request=request, obj=obj)

    def _change_page(self, obj: Any) -> HttpResponse:
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", object_id=obj.pk)

    def _not_offered(self, request: HttpRequest, obj: Any) -> HttpResponse:
        self.message_user(request, _("Åtgärden finns inte i administrationen."), messages.ERROR)
        return self._change_page(obj)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        name = request.POST.get(self.fsm_post_param)
        if name and name not in self.fsm_forms:
            return self._not_offered(request, obj)
        return super().response_change(request, obj)

    def fsm_transition_view(
        self, request: HttpRequest, object_id: str, transition_name: str, **kwargs: Any
    ) -> HttpResponse:
        obj: Any = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_class: Any = self.fsm_forms.get(transition_name)
        if form_class is None:
            return self._not_offered(request, obj)
        posted = request.method == "POST"
        form = form_class(
            request.POST if posted else None,
            request.FILES if posted else None,
            app=obj,
            user=request.user,
        )
        if not posted:
            refusal = refusal_now(
                application=obj, user=request.user, action=action_of(transition_name)
            )
            if refusal is not None:
                self.message_user(request, refusal_text(refusal), messages.WARNING)
        elif form.is_valid() and self._run(request, obj, transition_name, form):
            return self._change_page(obj)
        transition = self._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "transition": FSMTransitionContext(
                name=transition_name,
                label=self.get_fsm_label(transition),
                help_text=self.get_help_text(transition),
            ),
            "transition_form": form,
        }
        return render(request, self.fsm_transition_form_template, context)

    def _run(self, request: HttpRequest, obj: Any, transition_name: str, form: Any) -> bool:
        try:
            run_transition(
                application=obj,
                user=request.user,
                transition=transition_name,
                data=form.cleaned_data,
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
            return False
        except DomainError as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return False
        self.message_user(request, _("Åtgärden är utförd."), messages.SUCCESS)
        return True

    def _apply_fsm_transition(
        self, *, obj: Any, transition_name: str, request: HttpRequest, kwargs: Any = None
    ) -> bool:
        """A transition without a form (none is offered): refused, never run around a service."""
        self._not_offered(request, obj)
        return False
