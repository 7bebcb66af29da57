"""Text extraction for uploaded documents: the statute reader's extractor (PDF, DOCX, text)."""

from associations.reader import UnreadableDocument, extract_text

__all__ = ["UnreadableDocument", "extract_text"]
