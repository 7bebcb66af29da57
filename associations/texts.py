"""What the pages say about an upload the statute reader cannot read (Swedish, via gettext).

The reader (``associations.reader``) does not depend on Django; its errors name a reason, and
this gives each reason its message in the language of the request.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from associations.reader import UnreadableDocument

ACCEPTED = _("PDF med textlager, DOCX eller UTF-8-text (.txt, .md, .html)")
UNREADABLE = {
    "unopenable": _("”{name}” kan inte öppnas ({error})."),
    "empty": _("”{name}” är tom. Godtas: {accepted}."),
    "no_text": _(
        "”{name}” har ingen läsbar text (en inskannad bild måste först textigenkännas). "
        "Godtas: {accepted}."
    ),
    "unsupported_format": _("”{name}”: formatet {format} stöds inte. Godtas: {accepted}."),
    "invalid_file": _("”{name}” är ingen giltig {format}-fil."),
    "encrypted_pdf": _("”{name}” är en krypterad PDF. Ladda upp den okrypterad."),
    "unreadable_pdf": _("”{name}” är ingen läsbar PDF. Godtas: {accepted}."),
    "unreadable_docx": _("”{name}” är ingen läsbar DOCX-fil. Godtas: {accepted}."),
    "invalid_utf16": _("”{name}” är ingen giltig UTF-16-text."),
    "binary": _("”{name}” ser ut att vara en binärfil, inte text. Godtas: {accepted}."),
    "too_complex": _(
        "”{name}” är för stor eller för komplex för att läsas. Ladda upp stadgarna som en mindre "
        "PDF eller som text."
    ),
}
UNKNOWN_FORMAT = _("(okänt)")


def unreadable_message(exc: UnreadableDocument) -> str:
    """Why the upload cannot be read and what is accepted, for the person who uploaded it."""
    template = UNREADABLE.get(exc.reason)
    if template is None:
        return str(exc)
    file_format = exc.params.get("format", "")
    return str(template).format(
        name=exc.filename,
        accepted=ACCEPTED,
        format=UNKNOWN_FORMAT if file_format in ("", "unknown") else file_format,
        error=exc.params.get("error", ""),
    )
