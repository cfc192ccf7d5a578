"""From a file's bytes to the report's text, whatever form the user has it in.

The kind of file is told from its content, never its name: a PDF starts "%PDF-", a saved
web page starts (after any byte order mark and white space) with "<!doctype" or "<html";
anything else is read as text (Markdown, or text copied out of a PDF viewer or a browser).
"""

import re

from .data import MAX_PDF_BYTES, MAX_REPORT_BYTES, ReportError

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--[^>]{0,200}-->\s*)?<(?:!doctype\s+html|html)\b", re.I
)


def kind_of(data: bytes) -> str:
    """ "pdf", "html" or "text", from the first bytes of the file."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError([f"The report is larger than {MAX_REPORT_BYTES // 1024 // 1024} MB."])
    if b"\x00" in data:
        raise ReportError(["The file is not a text report (it holds binary data)."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(
            [f"The file is not a text report in UTF-8 (byte {error.start} cannot be read)."]
        ) from None
    return text


def decode(data: bytes) -> str:
    """The report's text: extracted from a PDF, read out of a web page, or decoded."""
    # Imported here: a text report never needs the PDF library loaded.
    from .html import html_to_text
    from .pdf import pdf_to_text

    if not data.strip():
        raise ReportError(["The report is empty."])
    kind = kind_of(data)
    if kind == "pdf":
        if len(data) > MAX_PDF_BYTES:
            raise ReportError([f"The PDF is larger than {MAX_PDF_BYTES // 1024 // 1024} MB."])
        return pdf_to_text(data)
    text = decode_text(data)
    return html_to_text(text) if kind == "html" else text
