"""Registering an inkommen handling in a case (``vetting.services.incoming``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.models import IncomingDocument
from web.forms.base import CaseForm, received_on_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AttachDocumentForm(CaseForm):
    kind = forms.ChoiceField(
        label=_("Slag av handling"),
        choices=IncomingDocument.Kind.choices,
        initial=IncomingDocument.Kind.APPLICATION,
    )
    received_on = received_on_field(_("Handlingen inkom (datum)"))
    # Not required here: the service names a missing file (one message on every path).
    file = forms.FileField(
        label=_("Handlingen (PDF, PNG, JPEG eller text)"),
        required=False,
        help_text=_("Till exempel den inskannade ansökan eller e-tjänstens PDF."),
    )

    def service_rules(self, cleaned: dict[str, Any]) -> Mapping[str, list[StrOrPromise]]:
        from vetting.services.incoming import document_problems

        return document_problems(
            file=cleaned.get("file"),
            kind=cleaned.get("kind") or "",
            received_on=cleaned.get("received_on"),
        )
