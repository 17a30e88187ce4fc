"""Reads the candidate index lazily: postings, typo neighbours, names and entries on demand.

Lookups are memoised, because supplier masters repeat the same words ("technology",
"ltd") thousands of times; a one-off `search` touches only a few rows.
"""
from __future__ import annotations

import functools
import json
import math
import sqlite3
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from vendorrisk.errors import StoreError
from vendorrisk.index.build import _CLASS_OF, INDEX_FORMAT, TYPO_MIN_LENGTH, TYPO_BITMAP_BITS, deletion_variants, variant_hash
from vendorrisk.model import ListEntry
from vendorrisk.normalize import NORMALIZER_VERSION
from vendorrisk.record import load_record


_BITMAP_MASK = (1 << TYPO_BITMAP_BITS) - 1


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name of one list entry, as stored in the index."""

    id: int
    entry: int
    text: str
    tokens: tuple[str, ...]
    classes: tuple[str, ...]
    relation: str | None


class CandidateIndex:
    """A read-only view of an index file built by `build_index`."""

    def __init__(self, path: Path) -> None:
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: the candidate index cannot be read ({exc})") from exc
        if meta.get("format") != INDEX_FORMAT or meta.get("normalizer") != NORMALIZER_VERSION:
            raise StoreError(f"{path}: the candidate index is from another version; rebuild it")
        self.path = path
        self.preloaded = False
        self.fingerprint = meta["fingerprint"]
        self.size = int(meta["names"])
        self._log_size = math.log(1 + self.size)
        self.name_weights = array("f")
        self.name_weights.frombytes(self._db.execute("SELECT weights FROM name_weights").fetchone()[0])
        self.postings = functools.lru_cache(maxsize=200_000)(self._postings)
        self.neighbours = functools.lru_cache(maxsize=200_000)(self._neighbours)
        self.name = functools.lru_cache(maxsize=100_000)(self._name)
        self.posting_set = functools.lru_cache(maxsize=2_000)(self._posting_set)
        self._typo_table: tuple[array, array, list[str], frozenset[str], bytes] | None = None
        self.entry = functools.lru_cache(maxsize=20_000)(self._entry)
        self._facts = functools.lru_cache(maxsize=100_000)(self._entry_facts)

    def close(self) -> None:
        """Release the database handle."""
        self._db.close()

    def preload(self) -> None:
        """Read every posting list into memory at once, for screening many suppliers.

        One sequential scan is far cheaper than a query per word when most words
        of a large supplier file will be looked up anyway; `search` skips it. Names
        are parsed when first used and kept, so each is parsed once per process.
        """
        table: dict[str, tuple[int, array, float]] = {}
        for token, df, blob, zipf in self._db.execute("SELECT token, df, ids, zipf FROM postings"):
            ids = array("I")
            ids.frombytes(blob)
            table[token] = (df, ids, zipf)
        missing = (0, array("I"), 0.0)
        self.postings = lambda token: table.get(token, missing)  # type: ignore[method-assign]
        self._typo_entries()
        rows = {row[0]: row for row in self._db.execute(
            "SELECT id, entry, text, tokens, classes, relation FROM names")}
        parsed: dict[int, IndexedName] = {}

        def name(name_id: int) -> IndexedName:
            found = parsed.get(name_id)
            if found is None:
                found = parsed[name_id] = _indexed_name(rows.pop(name_id))
            return found
        self.name = name  # type: ignore[method-assign]
        self.preloaded = True

    def idf(self, df: int) -> float:
        """Rarity weight of a token that occurs in `df` names (unknown tokens are rarest)."""
        return math.log(1 + self.size / df) if df else self._log_size

    def _postings(self, token: str) -> tuple[int, array, float]:
        row = self._db.execute("SELECT df, ids, zipf FROM postings WHERE token = ?", (token,)).fetchone()
        if row is None:
            return 0, array("I"), 0.0
        ids = array("I")
        ids.frombytes(row[1])
        return row[0], ids, row[2]

    def _posting_set(self, token: str) -> frozenset[int]:
        """The names containing `token`, as a set (for common words, tested often)."""
        return frozenset(self.postings(token)[1])

    def df(self, token: str) -> int:
        """How many names contain `token`."""
        return self.postings(token)[0]

    def commonness(self, token: str) -> float:
        """Zipf frequency of an indexed token as an everyday English word."""
        return self.postings(token)[2]

    def _neighbours(self, token: str) -> tuple[str, ...]:
        """Indexed tokens one edit away from `token` (insertion, deletion, substitution, swap).

        Two tokens are one edit apart when one is a deletion variant of the other or
        both share a deletion variant; the typo table maps each variant's hash to the
        tokens it came from, and every hit is checked, so a hash collision adds nothing.
        """
        if len(token) < TYPO_MIN_LENGTH or not token.isalpha():
            return ()
        hashes, numbers, tokens, known_tokens, bitmap = self._typo_entries()
        variants = deletion_variants(token)
        found = variants & known_tokens
        for variant in (token, *variants):
            key = variant_hash(variant)
            low = key & _BITMAP_MASK
            if not bitmap[low >> 3] & (1 << (low & 7)):
                continue
            at = bisect_left(hashes, key)
            while at < len(hashes) and hashes[at] == key:
                known = tokens[numbers[at]]
                if len(known) == len(variant) + 1 and variant in deletion_variants(known):
                    found.add(known)
                at += 1
        found.discard(token)
        return tuple(sorted(found))

    def _typo_entries(self) -> tuple[array, array, list[str], frozenset[str], bytes]:
        """The typo table: sorted variant hashes, their token numbers, the tokens (by number and as a
        set), and the bitmap of hashes present."""
        if self._typo_table is None:
            hash_blob, number_blob, tokens, bitmap = self._db.execute(
                "SELECT variant_hashes, token_numbers, tokens, hash_bitmap FROM typo_index").fetchone()
            hashes, numbers = array("I"), array("I")
            hashes.frombytes(hash_blob)
            numbers.frombytes(number_blob)
            by_number = tokens.split("\n")
            self._typo_table = (hashes, numbers, by_number, frozenset(by_number), bitmap)
        return self._typo_table

    def _name(self, name_id: int) -> IndexedName:
        row = self._db.execute("SELECT id, entry, text, tokens, classes, relation FROM names WHERE id = ?",
                               (name_id,)).fetchone()
        return _indexed_name(row)

    def entry_type(self, entry_no: int) -> str:
        """The entity type of an entry, without parsing the whole entry."""
        return self._facts(entry_no)[0]

    def entry_countries(self, entry_no: int) -> tuple[str, ...]:
        """The countries of an entry, without parsing the whole entry."""
        return self._facts(entry_no)[1]

    def _entry_facts(self, entry_no: int) -> tuple[str, tuple[str, ...]]:
        row = self._db.execute("SELECT type, countries FROM entries WHERE id = ?", (entry_no,)).fetchone()
        return row[0], tuple(c for c in row[1].split("\t") if c)

    def _entry(self, entry_no: int) -> ListEntry:
        row = self._db.execute("SELECT json FROM entries WHERE id = ?", (entry_no,)).fetchone()
        return load_record(ListEntry, json.loads(row[0]))


def _indexed_name(row: tuple) -> IndexedName:
    return IndexedName(row[0], row[1], row[2], tuple(row[3].split(" ")), tuple(_CLASS_OF[c] for c in row[4]), row[5])
