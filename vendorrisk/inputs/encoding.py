"""Choosing and applying a text encoding for a supplier file.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); then the NUL
pattern of BOM-less UTF-16; then strict UTF-8 on the first `SAMPLE_BYTES`; else
Windows-1252, which is what Excel on Western-European Windows writes. Bytes that
do not decode never raise: they come through as lone surrogates U+DC00+byte, so
that the one row holding them can be reported as skipped.
"""
from __future__ import annotations

import codecs
import io
from typing import BinaryIO

from vendorrisk.errors import InputError

SAMPLE_BYTES = 1 << 20
ERRORS = "vendorrisk-mark-undecodable"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(chr(0xDC00 + b) for b in bad), error.end


codecs.register_error(ERRORS, _mark_undecodable)


def _utf16_without_bom(sample: bytes) -> str | None:
    head = sample[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file, judged from its first bytes (see the module docstring)."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def resolve_encoding(requested: str | None, sample: bytes, *, path: str) -> str:
    """The encoding to read with: `requested` (checked) or a detected one.

    A UTF-8 or UTF-16 file with a byte-order mark is read with the BOM-aware codec
    even when plain "utf-8" is requested, so the mark never ends up in a header.

    Raises:
        InputError: `requested` is not an encoding Python knows.
    """
    if requested is None:
        return detect_encoding(sample)
    try:
        name = codecs.lookup(requested).name
    except LookupError as exc:
        raise InputError(f"unknown encoding {requested!r} (try utf-8, utf-16 or cp1252)",
                         path=path) from exc
    if name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if name in ("utf-16-le", "utf-16-be") and sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    return name


def open_text(raw: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """`raw` as text with line endings kept as written (csv needs that)."""
    return io.TextIOWrapper(raw, encoding=encoding, errors=ERRORS, newline="")
