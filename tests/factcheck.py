"""Checks that every fact a bundled list states carries its source.

The bundled loader checks the format; this checks the sourcing, rule by rule:

- the file's opening comment names the fact-base records it was written from, one or
  more ``# Fact base: <id> <id> ...`` lines, and each id is a record of
  ``policy-sources.yaml``;
- every entry's citation has a document, a reference, a date, and a URL or a paragraph;
- every ``listed_on`` is the citation's date or is written out in the citation or the
  remarks ("3 Jun 2021", "June 3, 2021", "2021-06-03");
- every related name has a note saying where the relation is recorded, and an ended
  relation's note gives the year it ended;
- an entry rated secondary or not-found says what was not verified ("Confidence notes");
- every further reference has a document and a reference or URL;
- no text field starts with a placeholder such as ``None`` or ``null`` (a template
  that printed a missing value).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from vendorrisk.lists.bundled import load_bundled_file

FACT_BASE_LINE = re.compile(r"#\s*Fact base:\s*(.*)")
PLACEHOLDER = re.compile(r"(None|null|nan|NaN|undefined)(?=$|[\s.,;:])")


def fact_base_ids(path: Path) -> list[str]:
    """The record ids on the ``# Fact base:`` lines of the file's opening comment."""
    ids: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if found := FACT_BASE_LINE.match(line):
            ids.extend(found.group(1).split())
    return ids


def known_record_ids(policy_sources: Path) -> set[str]:
    """Every record id of the fact base (``sources`` and ``context``)."""
    data = yaml.safe_load(policy_sources.read_text(encoding="utf-8"))
    return {item["id"] for key in ("sources", "context") for item in data.get(key) or ()}


def unsourced_facts(path: Path, known_ids: set[str] | None = None) -> list[str]:
    """Every stated fact of the bundled list at `path` that lacks its source, as one line each.

    Args:
        path: a `lists/*.yaml` file (it must load).
        known_ids: the fact base's record ids; None skips checking that the header's ids exist.
    """
    problems: list[str] = []
    ids = fact_base_ids(path)
    if not ids:
        problems.append("header: no '# Fact base:' line names the records the file was written from")
    if known_ids is not None:
        problems += [f"header: fact-base record '{i}' does not exist" for i in ids if i not in known_ids]
    item = load_bundled_file(path)
    for number, ref in enumerate(item.references):
        if not (ref.reference or ref.url):
            problems.append(f"references[{number}]: neither a reference nor a URL")
    for number, entry in enumerate(item.entries):
        where = f"entries[{number}] ({entry.id})"
        problems += [f"{where}: {p}" for p in _entry_problems(entry)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems += [f"{loc}: starts with the placeholder {text.split()[0]!r}"
                 for loc, text in _texts(data, "") if PLACEHOLDER.match(text) and not text.startswith("None of")]
    return problems


def _entry_problems(entry: Any) -> Iterator[str]:
    cite = entry.citation
    missing = [name for name in ("reference", "date") if not getattr(cite, name)]
    if not (cite.url or cite.paragraph):
        missing.append("url or paragraph")
    if missing:
        yield f"citation has no {', no '.join(missing)}"
    written = " ".join(filter(None, (cite.reference, cite.paragraph, entry.remarks)))
    if entry.listed_on and entry.listed_on != cite.date and not _mentions(written, entry.listed_on):
        yield f"listed_on {entry.listed_on} is neither the citation date nor written in the citation or remarks"
    for number, related in enumerate(entry.related):
        if not (related.note or "").strip():
            yield f"related[{number}] ({related.name}): no note saying where the relation is recorded"
        elif related.until and str(related.until.year) not in related.note:
            yield f"related[{number}] ({related.name}): ended {related.until} but the note does not say when"
    if entry.confidence in ("secondary", "not-found") and "Confidence notes" not in (entry.remarks or ""):
        yield f"rated {entry.confidence} without 'Confidence notes' saying what was not verified"


def _mentions(text: str, day: dt.date) -> bool:
    """True when `text` writes out `day` as an ISO date, "3 Jun 2021" or "June 3, 2021"."""
    month = day.strftime("%B")
    forms = (day.isoformat(), rf"\b0?{day.day} {month[:3]}\w* {day.year}", rf"\b{month[:3]}\w* {day.day}, {day.year}")
    return any(re.search(form, text) for form in forms)


def _texts(value: Any, loc: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield loc or "file", value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, f"{loc}.{key}" if loc else str(key))
    elif isinstance(value, list):
        for number, child in enumerate(value):
            yield from _texts(child, f"{loc}[{number}]")
