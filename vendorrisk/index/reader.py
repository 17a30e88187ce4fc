"""Opens an index file read-only: its words, typo neighbours, names and entries, on demand.

Posting lists and names come through an `IndexRows` strategy: read lazily from
SQLite at first (a one-off `search` touches only a few rows), or all held in memory
once `preload` is called before a batch. Lookups are memoised, because supplier
masters repeat the same words ("technology", "ltd") thousands of times.
"""
from __future__ import annotations

import functools
import json
import sqlite3
from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path

from vendorrisk.errors import StoreError
from vendorrisk.index.build import INDEX_FORMAT, TYPO_MIN_LENGTH, deletion_variants, variant_hash
from vendorrisk.index.resident import resident
from vendorrisk.index.storage import (
    ComparedWords, IndexedName, IndexRows, MemoryRows, NameKey, PostingList, SqliteRows,
)
from vendorrisk.index.words import idf
from vendorrisk.model import ListEntry
from vendorrisk.normalize import NORMALIZER_VERSION
from vendorrisk.record import load_record


# sorted variant hashes, their token numbers, the tokens by number and as a dict's keys, the bitmap of hashes
_TypoTable = tuple[Sequence[int], Sequence[int], tuple[str, ...], Mapping[str, object], bytes | memoryview]


class CandidateIndex:
    """A read-only view of an index file built by `build_index`."""

    def __init__(self, path: Path) -> None:
        self._db = self._connect(path)
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: the candidate index cannot be read ({exc})") from exc
        if meta.get("format") != INDEX_FORMAT or meta.get("normalizer") != NORMALIZER_VERSION:
            raise StoreError(f"{path}: the candidate index is from another version; rebuild it")
        self.path = path
        self.fingerprint = meta["fingerprint"]
        self.size = int(meta["names"])
        self.name_weights = array("f")
        self.name_weights.frombytes(self._db.execute("SELECT weights FROM name_weights").fetchone()[0])
        self.rows: IndexRows = SqliteRows(self._db)
        self.neighbours = functools.lru_cache(maxsize=200_000)(self._neighbours)
        self.posting_set = functools.lru_cache(maxsize=2_000)(self._posting_set)
        self._typo_table: _TypoTable | None = None
        self.entry = functools.lru_cache(maxsize=20_000)(self._entry)
        self.token_idf = functools.lru_cache(maxsize=200_000)(self._token_idf)
        self._facts = functools.lru_cache(maxsize=100_000)(self._entry_facts)

    def close(self) -> None:
        """Release the database handle."""
        self._db.close()

    def reopen(self) -> None:
        """Read through a new database handle: what a forked process must do before its first query.

        SQLite forbids using a connection opened before `fork` in the child. The parent's
        handle is kept, unused, rather than closed, because closing it would act on
        state the parent still uses.
        """
        self._inherited = self._db
        self._db = self._connect(self.path)
        if not self.rows.in_memory:
            self.rows = SqliteRows(self._db)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: the candidate index cannot be read ({exc})") from exc

    def preload(self) -> None:
        """Hold every posting list, name and the typo table in memory, for screening many suppliers.

        `search` never calls it. Names are parsed when first used and kept, so each is
        parsed once per process.
        """
        if not self.rows.in_memory:
            self.rows = MemoryRows(self._db)
            self._typo_table = self._read_typo_table(self.rows)

    def unload(self) -> None:
        """Drop what `preload` read, and read rows lazily again.

        A parent whose forked workers already map the loaded pages calls it: those pages
        stay theirs, and the parent, which screens nothing itself, stops holding a
        third copy in its resident memory.
        """
        if self.rows.in_memory:
            self.rows = SqliteRows(self._db)
            self._typo_table = None
            for cache in (self.neighbours, self.posting_set, self.token_idf):
                cache.cache_clear()

    @property
    def preloaded(self) -> bool:
        """Whether `preload` has read the index into memory."""
        return self.rows.in_memory

    def postings(self, token: str) -> PostingList:
        """The names containing `token`, with its document frequency and everyday commonness."""
        return self.rows.postings(token)

    def name(self, name_id: int) -> IndexedName:
        """The name numbered `name_id`."""
        return self.rows.name(name_id)

    def name_key(self, name_id: int) -> NameKey:
        """The entry, spelling and relatedness of the name numbered `name_id`, without parsing it if preloaded."""
        return self.rows.name_key(name_id)

    def names_up_to(self, token: str, most: float) -> array | memoryview:
        """The names containing `token` whose total weight of looked-up words is at most `most`, in no
        particular order."""
        return self.rows.names_up_to(token, most, self.name_weights)

    def compared_words(self, name_id: int) -> ComparedWords:
        """The words of the name numbered `name_id` that scoring compares, with their classes and weights."""
        return self.rows.compared_words(name_id)

    def spellings(self, name_ids: list[int]) -> Iterable[Hashable]:
        """`name_key(i).spelling` of each name, read alone (retrieval reads it for every ranked name)."""
        return self.rows.spellings(name_ids)

    def idf(self, df: int) -> float:
        """Rarity weight of a token that occurs in `df` names (unknown tokens are rarest)."""
        return idf(df, self.size)

    def _token_idf(self, token: str) -> float:
        """Rarity weight of an indexed token (`idf` of its `df`)."""
        return idf(self.rows.df(token), self.size)

    def _posting_set(self, token: str) -> dict[int, None]:
        """The names containing `token`, as the keys of a dict (for common words, tested often).

        A dict of numbers, unlike a set, is left alone by the garbage collector, which
        would otherwise walk every cached set on each full collection.
        """
        return dict.fromkeys(self.rows.postings(token).ids)

    def df(self, token: str) -> int:
        """How many names contain `token`."""
        return self.rows.df(token)

    def commonness(self, token: str) -> float:
        """Zipf frequency of an indexed token as an everyday word."""
        return self.rows.postings(token).zipf

    def _neighbours(self, token: str) -> tuple[str, ...]:
        """Indexed tokens one edit away from `token` (insertion, deletion, substitution, swap).

        Two tokens are one edit apart when one is a deletion variant of the other or
        both share a deletion variant; the typo table maps each variant's hash to the
        tokens it came from, and every hit is checked, so a hash collision adds nothing.
        """
        if len(token) < TYPO_MIN_LENGTH or not token.isalpha():
            return ()
        hashes, numbers, tokens, known_tokens, bitmap = self._typo_entries()
        mask = len(bitmap) * 8 - 1  # the bitmap holds the hashes' low bits (`build.typo_bitmap_bits`)
        variants = deletion_variants(token)
        found = known_tokens.keys() & variants
        for variant in (token, *variants):
            key = variant_hash(variant)
            low = key & mask
            if not bitmap[low >> 3] & (1 << (low & 7)):
                continue
            at = bisect_left(hashes, key)
            while at < len(hashes) and hashes[at] == key:
                known = tokens[numbers[at]]
                if len(known) == len(variant) + 1 and _is_deletion_of(variant, known):
                    found.add(known)
                at += 1
        found.discard(token)
        return tuple(sorted(found))

    def _typo_entries(self) -> _TypoTable:
        """The typo table: sorted variant hashes, their token numbers, the tokens (by number and as the
        keys of a dict), and the bitmap of hashes present.

        The tokens are a tuple and a dict of strings (and numbers), not a list and a set, because the
        garbage collector stops tracking those once it finds only such atoms in them: a
        million-word table would otherwise be walked by every full collection, a quarter
        of a batch's time at ten times today's lists.
        """
        if self._typo_table is None:
            self._typo_table = self._read_typo_table(None)
        return self._typo_table

    def _read_typo_table(self, loaded: MemoryRows | None) -> _TypoTable:
        """The typo table (`_typo_entries`). For a batch, which searches it millions of times, its buffers
        are copied where they may use huge pages (`resident`) and its words are the `loaded` rows' own; a
        one-off `search` would only pay for the copy."""
        if loaded is None:
            hash_blob, number_blob, tokens, bitmap = self._db.execute(
                "SELECT variant_hashes, token_numbers, tokens, hash_bitmap FROM typo_index").fetchone()
            hashes, numbers = array("I"), array("I")
            hashes.frombytes(hash_blob)
            numbers.frombytes(number_blob)
            by_number = tuple(tokens.split("\n"))
            return hashes, numbers, by_number, dict.fromkeys(by_number), bitmap
        hash_blob, number_blob, bitmap = self._db.execute(
            "SELECT variant_hashes, token_numbers, hash_bitmap FROM typo_index").fetchone()
        views = resident({"hashes": hash_blob, "numbers": number_blob, "bitmap": bitmap})
        return (views["hashes"].cast("I"), views["numbers"].cast("I"), loaded.tokens, loaded.numbers_by_token,
                views["bitmap"])

    def entry_type(self, entry_no: int) -> str:
        """The entity type of an entry, without parsing the whole entry."""
        return self._facts(entry_no)[0]

    def entry_countries(self, entry_no: int) -> tuple[str, ...]:
        """The countries of an entry, without parsing the whole entry."""
        return self._facts(entry_no)[1]

    def entry_party(self, entry_no: int) -> tuple[str, str]:
        """The (id, display name) of the listed party an entry belongs to (see `index.parties`)."""
        return self._facts(entry_no)[2]

    def _entry_facts(self, entry_no: int) -> tuple[str, tuple[str, ...], tuple[str, str]]:
        return self.rows.entry_facts(entry_no)

    def _entry(self, entry_no: int) -> ListEntry:
        row = self._db.execute("SELECT json FROM entries WHERE id = ?", (entry_no,)).fetchone()
        return load_record(ListEntry, json.loads(row[0]))


def _is_deletion_of(variant: str, token: str) -> bool:
    """Whether `variant` is `token` with one character removed (`len(token) == len(variant) + 1`)."""
    at = next((i for i, (a, b) in enumerate(zip(variant, token)) if a != b), len(variant))
    return variant[at:] == token[at + 1:]
