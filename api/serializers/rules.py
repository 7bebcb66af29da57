"""The service's rules with the fields' own errors: one 422 names every bad field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import SkipField

from vetting.services.decision_checks import revocation_value_problems
from vetting.services.reasons import outcome_input_problems

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class WithServiceRules(serializers.Serializer):
    """An input whose service judges some fields without the case (``service_rules``, pure).
    When another field fails the serializer (an amount that is no number, or negative), the
    service is not called; those rules then run on the valid fields here, so the 422 names every
    bad field at once. A valid body is judged by the service alone."""

    def service_rules(self, values: Mapping[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        return {}

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and isinstance(data, Mapping):
                for field, reasons in self.service_rules(self._valid(data, detail)).items():
                    found: list[Any] = [ErrorDetail(str(r), code="invalid") for r in reasons]
                    detail.setdefault(field, found)
            raise

    def _valid(self, data: Mapping[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
        """The fields that passed, with their values."""
        values = {}
        for name, field in self.fields.items():
            if name in detail or field.read_only:
                continue
            try:
                values[name] = field.run_validation(field.get_value(data))
            except (serializers.ValidationError, SkipField):
                continue
        return values


def outcome_rules(
    values: Mapping[str, Any], *, correction: bool = False, blank_is_proposals: bool = False
) -> dict[str, list[StrOrPromise]]:
    """The rule on an outcome's reasons, once the outcome is valid. ``blank_is_proposals``: a
    decision's blank reasons are the proposal's, judged by the service."""
    blank = None if blank_is_proposals else ""
    return outcome_input_problems(values, correction=correction, blank_reasons=blank)


def revocation_rules(values: Mapping[str, Any]) -> dict[str, list[StrOrPromise]]:
    """A revocation's reasons, the conditions not met and the återkrav's due date (how the
    applicant was heard is judged with the case, by the service)."""
    return revocation_value_problems(values)


def revocation_hearing_rules(values: Mapping[str, Any]) -> dict[str, list[StrOrPromise]]:
    """The grounds of an intended revocation sent to the applicant (ADR 0015)."""
    from vetting.services.revocation_hearing import communication_input_problems

    reasons, criteria = str(values.get("reasons") or ""), list(values.get("criteria") or [])
    return communication_input_problems(reasons, criteria).errors


def drop_revocation_rules(values: Mapping[str, Any]) -> dict[str, list[StrOrPromise]]:
    """Why the grant is not revoked (ADR 0022), judged with the confirmation missing too."""
    from vetting.services.revocation_hearing import drop_input_problems

    return drop_input_problems(str(values.get("reasons") or "")).errors
