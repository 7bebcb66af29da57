"""Text extraction for uploaded documents. Delegates to the statute reader's extractor."""

from __future__ import annotations

try:  # the reader package (issue 6) owns extraction; fall back until it lands
    from associations.reader import UnreadableDocument, extract_text
except ImportError:  # pragma: no cover
    import io

    class UnreadableDocument(ValueError):  # type: ignore[no-redef]
        pass

    def extract_text(data: bytes, filename: str) -> str:  # type: ignore[misc]
        name = filename.lower()
        if name.endswith(".pdf") or data[:5] == b"%PDF-":
            from pypdf import PdfReader

            try:
                reader = PdfReader(io.BytesIO(data))
                return "\n".join(page.extract_text() or "" for page in reader.pages)
            except Exception as exc:
                raise UnreadableDocument(f"PDF-filen kunde inte läsas: {exc}") from exc
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("Filen är inte text i UTF-8, PDF eller DOCX.") from exc


__all__ = ["UnreadableDocument", "extract_text"]
