"""Domain errors. Each carries a stable ``code`` and a Swedish message an officer can act on.

The API maps them to problem+json (ActionNotAllowed 409, PermissionRefused 403, NotFound 404,
InvalidInput and GuardFailed 422); the pages show the message beside the action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class DomainError(Exception):
    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
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
        self, *, action: str, state: str, allowed: Iterable[str], message: str = ""
    ) -> None:
        self.action = action
        self.state = state
        self.allowed = sorted(allowed)
        allowed_text = ", ".join(self.allowed) or "inga"
        base = message or f"Åtgärden '{action}' är inte tillåten när ärendet har status '{state}'."
        super().__init__(f"{base} Tillåtna åtgärder: {allowed_text}.")


class PermissionRefused(DomainError):
    """The caller may not do this: role, four-eyes, delegation or conflict of interest."""

    code = "permission_refused"
    status = 403


class GuardFailed(DomainError):
    """A rule of the workflow is not met yet, e.g. a criterion is not assessed."""

    code = "guard_failed"
    status = 422


class InvalidInput(DomainError):
    """Bad input, per field: ``errors = {"field": ["reason", ...]}``."""

    code = "invalid_input"
    status = 422

    def __init__(self, errors: Mapping[str, str | list[str]], message: str = "") -> None:
        self.errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
        first = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items())
        super().__init__(message or f"Ogiltiga uppgifter – {first}")
