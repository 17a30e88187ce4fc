"""Read OFAC's legacy CSV files (sdn/add/alt/sdn_comments and cons_prim/add/alt/comments).

The format has no header, writes ``-0- `` (with a trailing space) for an empty
column, uses CRLF line endings and ends with a DOS end-of-file byte (Ctrl-Z) on a
line of its own. Every row of a file has the same number of columns, so a row with
fewer is a truncated download and is refused rather than dropped.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.common import decode, read_bytes

# NOTE: an unquoted `-0- ` between separators is OFAC's null; quoted text never holds it alone.
_NULLS = re.compile(r"(?<![^,\n])\"?-0- ?\"?(?=,|\r?\n|$)")
PRIMARY_COLUMNS = 12   # ent_num, name, type, program, title, call sign, vessel type, tonnage, GRT, flag, owner, remarks
ADDRESS_COLUMNS = 6    # ent_num, add_num, address, city/state/postal code, country, remarks
ALIAS_COLUMNS = 5      # ent_num, alt_num, alt_type, alt_name, remarks
COMMENT_COLUMNS = 2    # ent_num, remarks continuation


@dataclass
class OfacTables:
    """The rows of one OFAC CSV set, the secondary files grouped by ent_num."""

    primary: list[list[str]]
    addresses: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def read_rows(path: Path, columns: int) -> list[list[str]]:
    """Every row of one legacy OFAC CSV file, with ``-0-`` turned into ''.

    Raises:
        SourceError: the file is empty, HTML, has the wrong shape or a truncated row.
    """
    text = decode(read_bytes(path), path, ("utf-8-sig", "cp1252")).rstrip("\x1a\r\n \t")
    text = _NULLS.sub("", text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for fields in reader:
            if not fields or fields == ["\x1a"]:
                continue
            if len(fields) != columns or not fields[0].strip().isdigit():
                raise SourceError(f"{path}:{reader.line_num}: expected {columns} columns starting with an "
                                  f"ent_num, found {len(fields)} (truncated, or not an OFAC CSV file?)")
            rows.append(fields)
    except csv.Error as exc:
        raise SourceError(f"{path}:{reader.line_num}: malformed CSV ({exc}); truncated download?") from exc
    if not rows:
        raise SourceError(f"{path}: holds no records")
    return rows


def read_tables(primary: Path, addresses: Path | None, aliases: Path | None,
                comments: Path | None) -> OfacTables:
    """Read a primary file and whichever of its companion files exist."""
    tables = OfacTables(read_rows(primary, PRIMARY_COLUMNS))
    for row in read_rows(addresses, ADDRESS_COLUMNS) if addresses else ():
        tables.addresses[row[0]].append(row)
    for row in read_rows(aliases, ALIAS_COLUMNS) if aliases else ():
        tables.aliases[row[0]].append(row)
    for row in read_rows(comments, COMMENT_COLUMNS) if comments else ():
        tables.comments[row[0]].append(row[1])
    return tables


def split_programs(text: str) -> tuple[str, ...]:
    """Programmes from OFAC's bracket quirk: ``UKRAINE-EO13662] [RUSSIA-EO14024``."""
    parts = text.replace("] [", "\n").replace("[", "").replace("]", "").split("\n")
    return tuple(p.strip() for p in parts if p.strip())
