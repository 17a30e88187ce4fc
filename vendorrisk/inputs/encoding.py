"""Choosing and applying a text encoding for a supplier file.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); then the NUL
pattern of BOM-less UTF-16; then UTF-8, judged on the first `SAMPLE_BYTES` (valid,
or with fewer bad bytes than multi-byte characters); else Windows-1252, which is
what Excel on Western-European Windows writes. The sample is read in chunks and
none of it is kept. Bytes that do not decode never raise: they come through as
lone surrogates U+DC00+byte, so the one row holding them is reported as skipped.
"""
from __future__ import annotations

import codecs
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from vendorrisk.errors import InputError

SAMPLE_BYTES = 4 << 20
CHUNK_BYTES = 64 << 10
ERRORS = "vendorrisk-mark-undecodable"
_ESCAPED = re.compile("[\udc80-\udcff]")
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


def _is_utf8(chunks: Iterable[bytes]) -> bool:
    """Whether the sample is UTF-8: no bad byte, or more multi-byte characters than bad bytes.

    The second case is a UTF-8 file with a few stray Windows-1252 bytes; reading
    it all as Windows-1252 would garble every accented name without a trace,
    while UTF-8 reports just the rows holding the stray bytes.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    bad = extra = 0
    for chunk in chunks:
        text = decoder.decode(chunk, final=False)
        errors = len(_ESCAPED.findall(text))
        bad += errors
        extra += len(chunk) - len(text)
    return bad == 0 or extra > bad


def detect_encoding(head: bytes, rest: Iterable[bytes] = ()) -> str:
    """The encoding of a file, judged from its first bytes (see the module docstring).

    Args:
        head: the first bytes of the file (BOM and UTF-16 checks look only here).
        rest: further chunks of the sample, checked as UTF-8 one at a time.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16
    return "utf-8" if _is_utf8(itertools.chain([head], rest)) else "cp1252"


def sample_chunks(raw: BinaryIO) -> tuple[bytes, Iterator[bytes]]:
    """The first chunk of `raw` and an iterator over the rest of its sample."""
    head = raw.read(CHUNK_BYTES)
    count = SAMPLE_BYTES // CHUNK_BYTES - 1
    return head, (chunk for chunk in (raw.read(CHUNK_BYTES) for _ in range(count)) if chunk)


def resolve_encoding(requested: str | None, raw: BinaryIO, *, path: str) -> str:
    """The encoding to read with: `requested` (checked) or a detected one.

    A UTF-8 or UTF-16 file with a byte-order mark is read with the BOM-aware codec
    even when plain "utf-8" is requested, so the mark never ends up in a header.

    Reads a sample of `raw` and leaves it at the start again.

    Raises:
        InputError: `requested` is not an encoding Python knows.
    """
    head, rest = sample_chunks(raw)
    try:
        if requested is None:
            return detect_encoding(head, rest)
        return _checked(requested, head, path)
    finally:
        raw.seek(0)


def _checked(requested: str, sample: bytes, path: str) -> str:
    try:
        name = codecs.lookup(requested).name
    except LookupError as exc:
        raise InputError(f"unknown encoding {requested!r} (try utf-8, utf-16 or cp1252)",
                         path=path) from exc
    if name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if name in ("utf-16-le", "utf-16-be") and sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    if name in ("utf-16", "utf-32") and not sample.startswith(tuple(b for b, e in _BOMS if e == name)):
        # NOTE: Python's utf-16/utf-32 decoders raise, not mark, when the BOM is missing.
        guess = _utf16_without_bom(sample) if name == "utf-16" else None
        if guess:
            return guess
        raise InputError(f"--encoding {requested} needs a byte-order mark and the file has none; "
                         f"try {name}-le or {name}-be", path=path)
    return name


def open_text(raw: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """`raw` as text with line endings kept as written (csv needs that)."""
    return io.TextIOWrapper(raw, encoding=encoding, errors=ERRORS, newline="")
