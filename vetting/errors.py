"""Domain errors. Each carries a stable ``code`` and a message an officer can act on.

Messages are lazy translatable strings with Swedish source text: ``str(exc.message)`` gives the
message in the active language (the audit trail renders it with Swedish active). The API maps
them to problem+json (ActionNotAllowed 409, PermissionRefused 403, NotFound 404, InvalidInput and
GuardFailed 422); the pages show the message beside the action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    code = "domain_error"
    status = 400

    def __init__(self, message: StrOrPromise, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFound(DomainError):
    code = "not_found"
    status = 404


class ActionNotAllowed(DomainError):
    """The action is not possible in the case's current state (or its conditions)."""

    code = "action_not_allowed"
    status = 409

    def __init__(
        self,
        *,
        action: str,
        state: str,
        allowed: Iterable[str],
        message: StrOrPromise = "",
    ) -> None:
        self.action = action
        self.state = state
        self.allowed = sorted(allowed)
        self.explanation = message
        super().__init__(self.describe(_code, _code))

    def describe(
        self,
        action_label: Callable[[str], StrOrPromise],
        state_label: Callable[[str], StrOrPromise],
    ) -> StrOrPromise:
        """The message with actions and the state named by ``action_label``/``state_label``:
        codes for the API (``message``), the pages' labels for people."""
        base = self.reason(action_label, state_label)
        allowed = [action_label(a) for a in self.allowed]
        return format_lazy(
            _("{message} Tillåtna åtgärder: {allowed}."),
            message=base,
            allowed=_join_lazy(allowed) if allowed else _("inga"),
        )

    def reason(
        self,
        action_label: Callable[[str], StrOrPromise],
        state_label: Callable[[str], StrOrPromise],
    ) -> StrOrPromise:
        """Why, without the actions allowed instead (a page lists those as links)."""
        return self.explanation or format_lazy(
            _("Åtgärden '{action}' är inte tillåten när ärendet har status '{state}'."),
            action=action_label(self.action),
            state=state_label(self.state),
        )


def _code(value: str) -> str:
    return value


def _join(items: Sequence[StrOrPromise]) -> str:
    return ", ".join(str(item) for item in items)


_join_lazy = lazy(_join, str)


class Conflict(DomainError):
    """What the request was based on has changed since it was read (e.g. the proposal a decision
    form showed); read again and retry."""

    code = "conflict"
    status = 409


class PermissionRefused(DomainError):
    """The caller may not do this: role, four-eyes, delegation or conflict of interest."""

    code = "permission_refused"
    status = 403

    def trail(self) -> tuple[StrOrPromise, dict[str, Any]]:
        """What the refused attempt's event records: the reason and any further changes. The
        message itself, unless it names a person (the trail holds persons by pseudonym only)."""
        return self.message, {}


class HandledByOther(PermissionRefused):
    """A preparing action on a case assigned to another handler (FL 16–18 §§: the handler who
    confirmed no jäv prepares it); the message names the handler, to ask or to take over from."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        name = handler.get_full_name() or handler.get_username()
        super().__init__(
            format_lazy(_("Ärendet handläggs av {name}. Ta över ärendet först."), name=name),
            code="handled_by_other",
        )

    def trail(self) -> tuple[StrOrPromise, dict[str, Any]]:
        from audit.services import person_pseudonym

        reason = _("Ärendet handläggs av en annan handläggare. Ta över ärendet först.")
        return reason, {"handler": person_pseudonym(self.handler)}


class NoPublishedRulebook(DomainError):
    """No rulebook version is published: a case cannot be registered against documented criteria
    (a draft is never applied). A configuration gap, not the caller's fault, so 503."""

    code = "no_published_rulebook"
    status = 503

    def __init__(self) -> None:
        super().__init__(
            _(
                "Inget regelverk är publicerat, så ärendet kan inte registreras. Kommunen behöver "
                "publicera en version av demokrativillkoren."
            )
        )


class GuardFailed(DomainError):
    """A rule of the workflow is not met yet, e.g. a criterion is not assessed. ``field``: the
    input the rule refuses, when it is one (the API names it in ``errors``)."""

    code = "guard_failed"
    status = 422

    def __init__(
        self, message: StrOrPromise, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.field = field


def _describe(errors: Mapping[str, list[StrOrPromise]]) -> str:
    """``field: reason reason; field: reason.`` in the active language."""
    return describe_errors({k: [str(r) for r in v] for k, v in errors.items()})


def describe_errors(errors: Mapping[str, Sequence[str]]) -> str:
    """``field: reason. Reason; field: reason.``: each field's reasons, the fields joined by a
    semicolon without the full stop before it (not "….; …"), one full stop at the end."""
    parts = [f"{k}: {' '.join(v)}" for k, v in errors.items()]
    joined = "; ".join(part.removesuffix(".") for part in parts[:-1])
    last = parts[-1] if parts else ""
    return "; ".join(p for p in (joined, last) if p)


_describe_lazy = lazy(_describe, str)


class InvalidInput(DomainError):
    """Bad input, per field: ``errors = {"field": ["reason", ...]}`` (reasons may be lazy)."""

    code = "invalid_input"
    status = 422

    def __init__(
        self,
        errors: Mapping[str, StrOrPromise | Sequence[StrOrPromise]],
        message: StrOrPromise = "",
    ) -> None:
        self.errors: dict[str, list[StrOrPromise]] = {
            k: [v] if isinstance(v, str | Promise) else list(v) for k, v in errors.items()
        }
        super().__init__(
            message
            or format_lazy(_("Ogiltiga uppgifter – {errors}"), errors=_describe_lazy(self.errors))
        )


class RevocationPending(InvalidInput):
    """A payment refused while an intended revocation of the grant is being prepared (ADR 0015):
    422 naming ``revocation_hearing``, with a code of its own."""

    code = "revocation_pending"


T = TypeVar("T")


class FieldProblems:
    """What is wrong with several fields of one input, gathered so that one InvalidInput names
    them all: a form or an API client learns every problem at once, not one per attempt.

    A service adds each field's problem (``add``) or runs a check that raises InvalidInput
    (``check``), then ``raise_any``. Refusals that are not about a field (state, permission,
    a changed proposal) still raise at once; a GuardFailed (a rule of the workflow not met yet)
    raised by a check comes after the fields found before it."""

    def __init__(self) -> None:
        self.errors: dict[str, list[StrOrPromise]] = {}

    def add(self, field: str, reason: StrOrPromise | None) -> None:
        """``reason`` for ``field``; None (no problem) adds nothing."""
        if reason is not None:
            self.errors.setdefault(field, []).append(reason)

    def check(self, call: Callable[[], T]) -> T | None:
        """``call()``'s result, or None with the fields of the InvalidInput it raised added."""
        try:
            return call()
        except InvalidInput as exc:
            self.merge(exc)
            return None
        except GuardFailed:
            self.raise_any()
            raise

    def merge(self, exc: InvalidInput) -> None:
        """The fields of ``exc``, added."""
        for field, reasons in exc.errors.items():
            self.errors.setdefault(field, []).extend(reasons)

    def raise_any(self) -> None:
        """One InvalidInput naming every field found wrong, if any."""
        if self.errors:
            raise InvalidInput(self.errors)
