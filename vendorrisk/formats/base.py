"""The formatter plug point: the `Formatter` base class and helpers every format shares.

A formatter turns a finished `Report` into text (JSON, CSV, HTML, ...). It sees only
the report; it never screens, reads lists or decides exit codes. The helpers here
(citation references, safe URLs, deterministic JSON, the report timestamp) keep the
formats consistent with each other.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from vendorrisk.errors import ConfigError
from vendorrisk.lists.dates import Dated, describe_date
from vendorrisk.model import Citation
from vendorrisk.report import Finding, FindingEntry, Report, SupplierResult, severity_rank

MAX_SHOWN_PARTIES = 3  # findings a reader's format shows per supplier; JSON, CSV and SARIF keep all



class Formatter(ABC):
    """Renders a `Report` in one output format.

    Subclasses set `NAME` (the `--format` choice), `MEDIA_TYPE` and `EXTENSION`,
    and implement `render`.
    """

    NAME: ClassVar[str]
    MEDIA_TYPE: ClassVar[str]
    EXTENSION: ClassVar[str]

    @abstractmethod
    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """Return the whole report in this format, ending with a newline.

        Args:
            report: the finished report.
            color: use ANSI colours (only the text format uses it; the CLI passes
                `isatty()` of the output).
            include_clean: also list suppliers without findings and skipped rows
                where the format otherwise lists findings only (CSV).
        """


class BinaryFormatter(ABC):
    """Renders a `Report` as bytes (a workbook), written only to a file, never to a terminal.

    Subclasses set `NAME`, `MEDIA_TYPE` and `EXTENSION`, and implement `render_bytes`.
    """

    NAME: ClassVar[str]
    MEDIA_TYPE: ClassVar[str]
    EXTENSION: ClassVar[str]

    @abstractmethod
    def render_bytes(self, report: Report) -> bytes:
        """Return the whole report in this format."""


def report_timestamp(environ: Mapping[str, str]) -> dt.datetime:
    """The `generated_at` time of a report: `SOURCE_DATE_EPOCH` when set, else now (UTC).

    Args:
        environ: the environment to read, normally `os.environ`.

    Raises:
        ConfigError: `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    """
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {raw!r}") from exc


def dump_json(value: Any) -> str:
    """Deterministic JSON: the given key order, UTF-8 kept as is, two-space indent, final newline."""
    return json_text(value) + "\n"


def json_text(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` of `value` (JSON-ready data, or records), byte for byte.

    The standard library writes indented JSON with its pure-Python encoder, which
    costs more than screening a name that has findings; pydantic-core's serializer
    writes the same text in a fifth of the time. Where the two would differ, the
    standard library writes it: a lone surrogate (an undecodable byte kept from argv),
    which UTF-8 cannot hold, and a float under 1e-4 with a one-digit exponent (Python
    writes ``1e-05``).
    """
    from pydantic_core import PydanticSerializationError, to_json, to_jsonable_python  # `search` starts without

    try:
        text = to_json(value, indent=2).decode()
    except PydanticSerializationError:
        text = None
    if text is None or _has_short_exponent(text):
        return json.dumps(to_jsonable_python(value), ensure_ascii=False, indent=2)
    return text


# NOTE: the literal "e-" first lets the regex engine skip to it: a pattern starting with a digit class
# tried every position of a long report, 200 times slower.
_SHORT_EXPONENT = re.compile(r"e-[0-9](?![0-9])")


def _has_short_exponent(text: str) -> bool:
    """Whether `text` may hold a number written with a one-digit negative exponent (``1e-5``)."""
    return any(text[found.start() - 1:found.start()].isdigit() for found in _SHORT_EXPONENT.finditer(text))


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, fields in model order (DESIGN.md §5)."""
    return report.model_dump(mode="json")


def citation_ref(citation: Citation) -> str:
    """A short, quotable reference: the official reference (and paragraph), else the title."""
    ref = citation.reference or citation.document
    return f"{ref}, {citation.paragraph}" if citation.paragraph else ref


def is_web_url(url: str | None) -> bool:
    """True for an absolute https URL with a host, all printable: the only kind made into a link.

    Plain http is shown as text, not linked: a reviewer following a citation must
    not be sent over an unauthenticated connection (docs/reliability.md).
    """
    if not url or not url.isprintable() or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() == "https" and bool(parts.netloc)


# Unicode's control, format (bidi marks and controls, zero-width characters, BOM, tags),
# surrogate and line/paragraph separator characters: never shown as they are.
UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_SPACES = str.maketrans({"\n": " ", "\t": " ", "\r": " "})


def one_line(text: str | None) -> str:
    """Untrusted text made safe for a single line of a terminal or document.

    Line breaks and tabs become spaces; every other control, format (bidi, zero-width,
    BOM), surrogate or separator character becomes `?`. The base of every
    human-readable format's text function (text, Markdown, HTML, CSV, SARIF messages).
    """
    text = (text or "").replace("\r\n", " ").translate(_SPACES)
    if text.isprintable():  # fast path: no character of UNSAFE_CATEGORIES
        return text
    return "".join("?" if unicodedata.category(c) in UNSAFE_CATEGORIES else c for c in text)


def top_finding(supplier: SupplierResult) -> Finding | None:
    """The most severe finding of a supplier (highest score breaks ties), or None."""
    if not supplier.findings:
        return None
    return max(supplier.findings, key=lambda f: (severity_rank(f.severity), f.score))


def shown_findings(supplier: SupplierResult) -> tuple[tuple[Finding, ...], str | None]:
    """The best `MAX_SHOWN_PARTIES` findings of a supplier, and a note on the others (or None).

    A supplier that matches a group's many separately listed affiliates (Huawei's
    Entity List affiliates) would otherwise bury the best matches; the note says how
    many other parties matched and of which groups.
    """
    shown, rest = supplier.findings[:MAX_SHOWN_PARTIES], supplier.findings[MAX_SHOWN_PARTIES:]
    if not rest:
        return shown, None
    groups = Counter(f.party.group for f in rest if f.party.group)
    note = f"{len(rest)} other listed part{'y' if len(rest) == 1 else 'ies'} also matched"
    if groups:
        note += " (" + ", ".join(f"{n} listed affiliate{'' if n == 1 else 's'} of \"{one_line(group)}\""
                                 for group, n in sorted(groups.items(), key=lambda gn: (-gn[1], gn[0]))) + ")"
    return shown, note + "; the JSON report lists every one"


def listing_authority(listing: FindingEntry) -> str:
    """One listing's authority on one line: list, programmes or regime, citation, listing date."""
    parts = [one_line(listing.list_name or listing.source)]
    if listing.programs:
        parts.append("programs " + one_line(", ".join(listing.programs)))
    parts.append(one_line(citation_ref(listing.citation)))
    parts.append(f"listed {listing.listed_on.isoformat()}" if listing.listed_on else "listing date unknown")
    return "; ".join(parts)


def listing_rules(listing: FindingEntry) -> str:
    """The rules a listing triggers with their severities, e.g. ``VR107 critical, VR109 medium``."""
    return ", ".join(f"{code} {severity}" for code, severity in listing.rules.items())


def quoted_match(listing: FindingEntry) -> str:
    """How a listing matched, quoting the list exactly: ``"Name" matched "Alias" (compared as ...)``."""
    text = f"\"{one_line(listing.name)}\" matched \"{one_line(listing.matched_name)}\""
    if listing.compared_as:
        text += f" (compared as \"{one_line(listing.compared_as)}\": {one_line(listing.derivation)})"
    return text


def format_score(score: float) -> str:
    """A score as printed everywhere: at most one decimal, no trailing `.0`."""
    text = f"{score:.1f}"
    return text[:-2] if text.endswith(".0") else text


def list_date(lst: Dated) -> str:
    """A list's publication date and how it is known, e.g. ``2022-05-16 (dated by the file)``."""
    return describe_date(lst.snapshot_date, lst.date_basis, lst.published_on_or_after)


def list_age(age_days: int | None) -> str:
    """A list's age for people: `12 days`, `1 day`, or `age unknown`."""
    if age_days is None:
        return "age unknown"
    return f"{age_days} day" + ("" if age_days == 1 else "s")
