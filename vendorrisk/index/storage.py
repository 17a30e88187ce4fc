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
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from vendorrisk.index.resident import resident
from vendorrisk.index.words import compared_spelling, decode_classes, encode_classes, word_weight
from vendorrisk.normalize.classes import WordClass

_NAME_COLUMNS = "id, entry, standing, text, tokens, classes, relation"
_FACT_COLUMNS = "type, countries, party, party_name"
EntryFacts = tuple[str, tuple[str, ...], tuple[str, str]]  # entity type, countries, (party id, party name)


class PostingList(NamedTuple):
    """The list names containing one word."""

    df: int  # how many names contain the word
    ids: array | memoryview  # their numbers, ascending (unsigned 32-bit: an array, or a view of one)
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
    standing: int  # `index.standing.name_standing`: primary, marked weak, of a curated entry, of a ship


class NameKey(NamedTuple):
    """A name's entry, spelling and relatedness: enough to score a candidate name or skip it unparsed."""

    entry: int
    spelling: Hashable  # equal for names with the same `compared_spelling`, and only for them
    related: bool  # a curated subsidiary or brand (`IndexedName.relation` is set)


class ComparedWords(NamedTuple):
    """The words of a name that scoring compares (all but legal forms), with their classes and weights."""

    tokens: tuple[str, ...]
    classes: tuple[WordClass, ...]
    weights: Sequence[float]  # each word's `index.words.word_weight`, as scoring weighs it


class IndexRows(Protocol):
    """Reads posting lists and names of one index file."""

    in_memory: bool

    def postings(self, token: str) -> PostingList:
        """The names containing `token` (df 0 and no ids when none does)."""

    def df(self, token: str) -> int:
        """How many names contain `token` (0 when none does)."""

    def names_up_to(self, token: str, most: float, weights: array) -> array | memoryview:
        """The names containing `token` whose total weight (`weights`, by name number) is at most `most`, in
        no particular order."""

    def name(self, name_id: int) -> IndexedName:
        """The name numbered `name_id`."""

    def name_key(self, name_id: int) -> NameKey:
        """What scoring needs of a name before its words, without parsing it (`NameKey`)."""

    def spellings(self, name_ids: Iterable[int]) -> Iterable[Hashable]:
        """`name_key(i).spelling` of each name, in order (read as the caller iterates, where that costs)."""

    def compared_words(self, name_id: int) -> ComparedWords:
        """The words of the name numbered `name_id` that scoring compares, weighed (`ComparedWords`)."""

    def entry_facts(self, entry_no: int) -> EntryFacts:
        """What scoring and grouping need of an entry, without parsing the whole entry."""


class SqliteRows:
    """Rows read from SQLite when first asked for, and remembered."""

    in_memory = False

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.postings = functools.lru_cache(maxsize=200_000)(self._postings)
        self.name = functools.lru_cache(maxsize=100_000)(self._name)
        self._names: int | None = None

    def _postings(self, token: str) -> PostingList:
        row = self._db.execute("SELECT df, ids, zipf FROM postings WHERE token = ?", (token,)).fetchone()
        return _EMPTY if row is None else PostingList(row[0], _array("I", row[1]), row[2])

    def df(self, token: str) -> int:
        """See `IndexRows.df`."""
        return self.postings(token).df

    def names_up_to(self, token: str, most: float, weights: array) -> array | memoryview:
        """See `IndexRows.names_up_to`: each name of the posting list tested."""
        return array("I", (i for i in self.postings(token).ids if weights[i] <= most))

    def _name(self, name_id: int) -> IndexedName:
        return _indexed_name(self._db.execute(f"SELECT {_NAME_COLUMNS} FROM names WHERE id = ?",
                                              (name_id,)).fetchone())

    def name_key(self, name_id: int) -> NameKey:
        """See `IndexRows.name_key`: read from the parsed name."""
        name = self.name(name_id)
        return NameKey(name.entry, compared_spelling(name.tokens, name.classes), name.relation is not None)

    def spellings(self, name_ids: Iterable[int]) -> Iterable[Hashable]:
        """See `IndexRows.spellings`: each name is read only when its spelling is asked for."""
        return (self.name_key(name_id).spelling for name_id in name_ids)

    def compared_words(self, name_id: int) -> ComparedWords:
        """See `IndexRows.compared_words`: from the parsed name, each word weighed as it is read."""
        name = self.name(name_id)
        tokens, classes = compared_spelling(name.tokens, name.classes)
        if self._names is None:
            self._names = int(self._db.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()[0])
        weights = [word_weight(c, self.df(t), self._names) for t, c in zip(tokens, classes)]
        return ComparedWords(tokens, classes, weights)

    def entry_facts(self, entry_no: int) -> EntryFacts:
        """See `IndexRows.entry_facts`."""
        return _entry_facts(self._db.execute(f"SELECT {_FACT_COLUMNS} FROM entries WHERE id = ?",
                                             (entry_no,)).fetchone())


class MemoryRows:
    """Every posting list, name and entry fact, as a few flat buffers the index stores ready-made.

    The posting ids of all words are one array, sliced by word number; the names are
    one UTF-8 blob, sliced by name number, and parsed when first used (once per
    process). Loading them is a few large reads, not a row at a time, into one mapping
    that may use huge pages (`resident`). Few, large objects that screening only
    reads: worker processes forked after `preload` share these pages with their parent
    instead of copying them, because reading a buffer, unlike taking a Python object
    out of a container, writes no reference count.
    """

    in_memory = True

    def __init__(self, db: sqlite3.Connection) -> None:
        # Views, sliced without copying (a posting list copies nothing), of buffers that may sit in huge pages.
        blobs = resident(dict(db.execute("SELECT key, value FROM flat")))
        self.tokens = tuple(db.execute("SELECT tokens FROM typo_index").fetchone()[0].split("\n"))  # by number
        # NOTE: the typo table of a preloaded index uses these words too: one copy of 667,000 at ten times.
        self.numbers_by_token = dict(zip(self.tokens, range(len(self.tokens))))  # in the order of `_starts`
        self._ids, self._starts = blobs["ids"].cast("I"), blobs["starts"].cast("I")
        self._by_weight = blobs["ids_by_weight"].cast("I")  # each list again, lightest name first
        self._zipf = blobs["zipf"].cast("d")
        if len(self._starts) != len(self.tokens) + 1:
            raise ValueError("the index's posting buffers do not match its words; rebuild it")
        self._names, self._name_starts = blobs["names"], blobs["name_starts"].cast("Q")
        self._facts, self._fact_starts = blobs["facts"], blobs["fact_starts"].cast("Q")
        self._name_entries, self._spellings = blobs["name_entries"].cast("I"), blobs["spellings"].cast("I")
        self._related = blobs["related"]
        self._spelling_texts, self._spelling_starts = blobs["spelling_texts"], blobs["spelling_starts"].cast("Q")
        self._word_weights, self._word_starts = blobs["word_weights"].cast("d"), blobs["word_starts"].cast("I")
        self._parsed: dict[int, IndexedName] = {}

    def postings(self, token: str) -> PostingList:
        """See `IndexRows.postings`: sliced from the buffers each time, which costs about what a memo would
        and keeps nothing."""
        number = self.numbers_by_token.get(token)
        if number is None:
            return _EMPTY
        start, end = self._starts[number], self._starts[number + 1]
        return PostingList(end - start, self._ids[start:end], self._zipf[number])

    def df(self, token: str) -> int:
        """See `IndexRows.df`: two numbers read, no posting list built (scoring asks for thousands a second)."""
        number = self.numbers_by_token.get(token)
        return 0 if number is None else self._starts[number + 1] - self._starts[number]

    def names_up_to(self, token: str, most: float, weights: array) -> array | memoryview:
        """See `IndexRows.names_up_to`: the list's lightest names, found by binary search, in weight order.

        A common word is in thousands of names, but a name that shares only a few of
        a supplier's words can be a candidate only if it is light (`ranking`): the
        prefix of its list ordered by weight is all that needs reading.
        """
        number = self.numbers_by_token.get(token)
        if number is None:
            return self._by_weight[:0]
        start, end = self._starts[number], self._starts[number + 1]
        return self._by_weight[start:bisect_right(self._by_weight, most, start, end, key=weights.__getitem__)]

    def name(self, name_id: int) -> IndexedName:
        """See `IndexRows.name`."""
        found = self._parsed.get(name_id)
        if found is None:
            text = str(self._names[self._name_starts[name_id]:self._name_starts[name_id + 1]], "utf-8")
            found = self._parsed[name_id] = _indexed_name((name_id, *_split_name(text)))
        return found

    def name_key(self, name_id: int) -> NameKey:
        """See `IndexRows.name_key`: three buffers read, nothing parsed."""
        return _new_key(NameKey, (self._name_entries[name_id], self._spellings[name_id], self._related[name_id] == 1))

    def spellings(self, name_ids: Iterable[int]) -> Iterable[Hashable]:
        """See `IndexRows.spellings`: one buffer read each."""
        spellings = self._spellings
        return [spellings[name_id] for name_id in name_ids]

    def compared_words(self, name_id: int) -> ComparedWords:
        """See `IndexRows.compared_words`: the name's spelling's words as the index stores them, weights and
        all, so that a spelling met for the first time costs a slice, not a parse."""
        number = self._spellings[name_id]
        text = str(self._spelling_texts[self._spelling_starts[number]:self._spelling_starts[number + 1]], "utf-8")
        tokens, codes = text.split("\0")
        return _new_key(ComparedWords, (tuple(tokens.split(" ")) if codes else (), decode_classes(codes),
                                        self._word_weights[self._word_starts[number]:self._word_starts[number + 1]]))

    def entry_facts(self, entry_no: int) -> EntryFacts:
        """See `IndexRows.entry_facts`."""
        text = str(self._facts[self._fact_starts[entry_no]:self._fact_starts[entry_no + 1]], "utf-8")
        return _entry_facts(text.split("\0", 3))  # the party name, last, is the only free text


def flat_layout(db: sqlite3.Connection) -> dict[str, bytes]:
    """The buffers `MemoryRows` reads, computed from an index's tables once, when it is built.

    Posting ids of every word in token order (the order of the typo table's words),
    where each word's ids start, and its commonness; the same lists with their lightest names
    first (`names_up_to`); names and entry facts as blobs of
    NUL-separated fields with where each row starts; for each name its entry, its
    spelling's number and whether it is related (`NameKey`), so that screening can score
    a spelling once and skip the names whose spelling cannot match without parsing them;
    and each spelling's compared words, classes and weights (`MemoryRows.compared_words`).
    """
    ids, starts, zipf = array("I"), array("I", [0]), array("d")
    for blob, commonness in db.execute("SELECT ids, zipf FROM postings ORDER BY token"):
        ids.frombytes(blob)
        starts.append(len(ids))
        zipf.append(commonness)
    names, name_starts = _blob(db, f"SELECT {_NAME_COLUMNS} FROM names ORDER BY id")
    # NOTE: a query per entry read its overflow pages from disk: ~100 us each, a quarter of a supplier's time.
    facts, fact_starts = _blob(db, f"SELECT id, {_FACT_COLUMNS} FROM entries ORDER BY id")
    return {"ids": ids.tobytes(), "starts": starts.tobytes(), "zipf": zipf.tobytes(),
            "ids_by_weight": _ids_by_weight(db, ids, starts), "names": names,
            "name_starts": name_starts.tobytes(), "facts": facts, "fact_starts": fact_starts.tobytes(),
            **_name_keys(db)}


def _ids_by_weight(db: sqlite3.Connection, ids: array, starts: array) -> bytes:
    """Every posting list again (same starts), its names ordered by total weight, then number."""
    import numpy as np  # noqa: PLC0415 - only building sorts every posting list

    weights = np.frombuffer(db.execute("SELECT weights FROM name_weights").fetchone()[0], dtype=np.float32)
    numbers = np.frombuffer(ids, dtype=np.uint32)
    lists = np.repeat(np.arange(len(starts) - 1), np.diff(np.frombuffer(starts, dtype=np.uint32)))
    return numbers[np.lexsort((numbers, weights[numbers], lists))].tobytes()


def _name_keys(db: sqlite3.Connection) -> dict[str, bytes]:
    """Each name's entry, spelling number (numbered in order of first use) and relatedness, and each
    spelling's compared words ("tokens\0classes") with their weights, as buffers."""
    df = dict(db.execute("SELECT token, df FROM postings"))
    names = db.execute("SELECT count(*) FROM names").fetchone()[0]
    entries, spellings, related = array("I"), array("I"), bytearray()
    texts, text_starts, weights, word_starts = bytearray(), array("Q", [0]), array("d"), array("I", [0])
    numbers: dict[tuple, int] = {}
    for entry, tokens, classes, relation in db.execute("SELECT entry, tokens, classes, relation FROM names "
                                                       "ORDER BY id"):
        spelling = compared_spelling(tuple(tokens.split(" ")), decode_classes(classes))
        number = numbers.get(spelling)
        if number is None:
            number = numbers[spelling] = len(numbers)
            words, kinds = spelling
            texts += f"{' '.join(words)}\0{encode_classes(kinds)}".encode()
            text_starts.append(len(texts))
            weights.extend(word_weight(c, df.get(t, 0), names) for t, c in zip(words, kinds))
            word_starts.append(len(weights))
        entries.append(entry)
        spellings.append(number)
        related.append(relation is not None)
    return {"name_entries": entries.tobytes(), "spellings": spellings.tobytes(), "related": bytes(related),
            "spelling_texts": bytes(texts), "spelling_starts": text_starts.tobytes(),
            "word_weights": weights.tobytes(), "word_starts": word_starts.tobytes()}


def _array(kind: str, blob: bytes) -> array:
    found = array(kind)
    found.frombytes(blob)
    return found


def _blob(db: sqlite3.Connection, query: str) -> tuple[bytes, array]:
    """The rows of `query` (numbered 0..n-1 by their first column) as one blob of NUL-separated fields, and
    where each row starts."""
    parts, starts, at = [], array("Q", [0]), 0
    for number, (row_id, *fields) in enumerate(db.execute(query)):
        if row_id != number:
            raise ValueError(f"index rows are not numbered 0..n-1 (found {row_id} at {number})")
        part = "\0".join(_NO_RELATION if f is None else str(f) for f in fields).encode()
        parts.append(part)
        at += len(part)
        starts.append(at)
    return b"".join(parts), starts


def _split_name(text: str) -> tuple:
    """(entry, standing, text, tokens, classes, relation) from the fields `_blob` joined."""
    entry, standing, rest = text.split("\0", 2)
    name, tokens, classes, relation = rest.rsplit("\0", 3)  # only the listed name itself is free text
    return int(entry), int(standing), name, tokens, classes, None if relation == _NO_RELATION else relation


def _entry_facts(row) -> EntryFacts:
    return row[0], tuple(c for c in row[1].split("\t") if c), (row[2], row[3])


def _indexed_name(row: tuple) -> IndexedName:
    return IndexedName(row[0], row[1], row[3], tuple(row[4].split(" ")), decode_classes(row[5]), row[6], row[2])


_EMPTY = PostingList(0, array("I"), 0.0)
_new_key = tuple.__new__  # named tuples without their Python constructor: one per candidate name or spelling
_NO_RELATION = "\1"  # a relation of None in `_blob` (relations are a few fixed words)
