"""Where an open index reads posting lists and names from: SQLite row by row, or memory.

A one-off `search` reads only the few rows it needs (`SqliteRows`, memoised, because
supplier masters repeat words such as "technology" thousands of times). A batch reads
every posting list in one sequential scan first (`MemoryRows`): far cheaper than a
query per word when most words of a large supplier file are looked up anyway. Both
implement `IndexRows`; `CandidateIndex.preload` chooses the second once.
"""
from __future__ import annotations

import functools
import sqlite3
from array import array
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from vendorrisk.index.words import decode_classes
from vendorrisk.normalize.classes import WordClass

_NAME_COLUMNS = "id, entry, text, tokens, classes, relation"


class PostingList(NamedTuple):
    """The list names containing one word."""

    df: int  # how many names contain the word
    ids: array  # their numbers, ascending (array of "I")
    zipf: float  # how common the word is in everyday language (see `build.word_commonness`)


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name of one list entry, as stored in the index."""

    id: int
    entry: int
    text: str
    tokens: tuple[str, ...]
    classes: tuple[WordClass, ...]
    relation: str | None


class IndexRows(Protocol):
    """Reads posting lists and names of one index file."""

    in_memory: bool

    def postings(self, token: str) -> PostingList:
        """The names containing `token` (df 0 and no ids when none does)."""

    def name(self, name_id: int) -> IndexedName:
        """The name numbered `name_id`."""


class SqliteRows:
    """Rows read from SQLite when first asked for, and remembered."""

    in_memory = False

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.postings = functools.lru_cache(maxsize=200_000)(self._postings)
        self.name = functools.lru_cache(maxsize=100_000)(self._name)

    def _postings(self, token: str) -> PostingList:
        row = self._db.execute("SELECT df, ids, zipf FROM postings WHERE token = ?", (token,)).fetchone()
        return _EMPTY if row is None else PostingList(row[0], _ids(row[1]), row[2])

    def _name(self, name_id: int) -> IndexedName:
        return _indexed_name(self._db.execute(f"SELECT {_NAME_COLUMNS} FROM names WHERE id = ?",
                                              (name_id,)).fetchone())


class MemoryRows:
    """Every posting list read in one scan; names kept as rows and parsed once each, when first used."""

    in_memory = True

    def __init__(self, db: sqlite3.Connection) -> None:
        self._postings = {token: PostingList(df, _ids(blob), zipf)
                          for token, df, blob, zipf in db.execute("SELECT token, df, ids, zipf FROM postings")}
        self._rows = {row[0]: row for row in db.execute(f"SELECT {_NAME_COLUMNS} FROM names")}
        self._parsed: dict[int, IndexedName] = {}

    def postings(self, token: str) -> PostingList:
        """See `IndexRows.postings`."""
        return self._postings.get(token, _EMPTY)

    def name(self, name_id: int) -> IndexedName:
        """See `IndexRows.name`."""
        found = self._parsed.get(name_id)
        if found is None:
            found = self._parsed[name_id] = _indexed_name(self._rows.pop(name_id))
        return found


def _ids(blob: bytes) -> array:
    ids = array("I")
    ids.frombytes(blob)
    return ids


def _indexed_name(row: tuple) -> IndexedName:
    return IndexedName(row[0], row[1], row[2], tuple(row[3].split(" ")), decode_classes(row[4]), row[5])


_EMPTY = PostingList(0, array("I"), 0.0)
