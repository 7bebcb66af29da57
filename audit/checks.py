"""System checks of the audit signing keys, so a key that cannot be read or parsed is reported
by ``manage.py check`` (and every ``migrate``, deploy step, ``runserver``) instead of as a
traceback in the nightly verification (ops report, defect 5)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from audit.signing import previous_public_keys, private_key


@register("audit", deploy=False)
def signing_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE:
        try:
            private_key()
        except ImproperlyConfigured as exc:
            errors.append(
                Error(
                    str(exc),
                    hint="Generate one with `openssl genpkey -algorithm ed25519` "
                    "(docs/operations.md, section 4).",
                    id="audit.E001",
                )
            )
    try:
        previous_public_keys()
    except ImproperlyConfigured as exc:
        hint = "docs/operations.md, section 4 (Rotation)."
        errors.append(Error(str(exc), hint=hint, id="audit.E002"))
    return errors
