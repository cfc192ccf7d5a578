"""How much a PDF's content inflates to, measured before PDFium is given it.

A PDF of a few hundred kilobytes can hold a page whose compressed content inflates to hundreds
of megabytes; PDFium would spend a minute loading that page before any of our limits applies.
So the compressed streams are inflated here first, with a budget, and a file whose content
(not its images, which reading the text never decodes) inflates beyond what any report needs
is refused. Linear in the file's size: each stream is inflated at most up to what is left of
the budget.
"""

import base64
import binascii
import re
import zlib

from .data import ReportError

# A long report's pages, fonts and structure inflate to a few megabytes; PDFium loads page
# content at several megabytes a second on a busy machine, so this bounds the time it spends.
MAX_INFLATED_BYTES = 8 * 1024 * 1024

# Filters that compress, other than Flate, are counted at this many times their size: a
# report made today uses Flate, and the old ones (LZW, run length) are not worth inflating.
OTHER_FILTER_RATIO = 64

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_END = b"endstream"
# How far back from "stream" a stream's dictionary may start.
_DICTIONARY_REACH = 4096
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
# The stream's filters: one name, or an array of names applied in turn.
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_ASCII = {b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"}
_FLATE = {b"FlateDecode", b"Fl"}
_OTHER_COMPRESSION = {b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"}


def _dictionary(data: bytes, stream_at: int) -> bytes:
    start = max(0, stream_at - _DICTIONARY_REACH)
    before = data[start:stream_at]
    opened = before.rfind(b"obj")
    return before[opened:] if opened >= 0 else before


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTERS.search(dictionary)
    return _NAME.findall(found.group(1)) if found else []


def _unwrapped(raw: bytes, name: bytes) -> bytes:
    """`raw` through an ASCII filter (which only ever shrinks it)."""
    try:
        if name in (b"ASCII85Decode", b"A85"):
            text = raw.strip()
            text = text[: text.find(b"~>")] if b"~>" in text else text
            return base64.a85decode(b"".join(text.split()))
        return binascii.unhexlify(_even(b"".join(raw.split()).rstrip(b">")))
    except ValueError:
        return b""  # Damaged: PDFium will say so, or skip it.


def _even(text: bytes) -> bytes:
    return text + b"0" if len(text) % 2 else text


def _inflated(raw: bytes, budget: int) -> int:
    """How many bytes `raw` inflates to, counting no further than `budget` (plus one)."""
    inflater = zlib.decompressobj()
    try:
        return len(inflater.decompress(raw, budget + 1))
    except zlib.error:
        return 0  # Not Flate after all, or damaged: PDFium will say so, or skip it.


def _size(raw: bytes, filters: list[bytes], budget: int) -> int:
    """What a stream's content comes to once its filters are undone, up to `budget`."""
    for name in filters:
        if name in _ASCII:
            raw = _unwrapped(raw, name)
        elif name in _FLATE:
            return _inflated(raw, budget)
        elif name in _OTHER_COMPRESSION:
            return len(raw) * OTHER_FILTER_RATIO
        else:
            break  # Image codecs and encryption: counted as they stand.
    return len(raw)


def check_inflated_size(data: bytes, limit: int = MAX_INFLATED_BYTES) -> None:
    """Refuse a PDF whose non-image streams inflate to more than `limit` bytes in all."""
    left = limit
    position = 0
    while (found := _STREAM.search(data, position)) is not None:
        start = found.end()
        end = data.find(_END, start)
        if end < 0:
            end = len(data)
        dictionary = _dictionary(data, found.start())
        raw = data[start:end]
        if not _IMAGE.search(dictionary):
            left -= _size(raw, _filters(dictionary), left)
            if left < 0:
                raise ReportError(
                    [
                        "The PDF's content inflates to more than "
                        f"{limit // (1024 * 1024)} MB; a report's text needs far less. "
                        "Save it again from the original (for example with Print to PDF)."
                    ]
                )
        position = end + len(_END)
