"""Builds the candidate index: every list name normalised once, written to one SQLite file.

The file holds the entries (as JSON), their names with normalised tokens, an
inverted index of tokens to names with document frequencies, and a deletion
neighbourhood of long tokens so that one-edit typos still find candidates. The
neighbourhood is stored as the sorted CRC-32s of the deletion variants beside the
number of the token each came from: about a million variants then take 8 MB in
memory instead of the ~200 MB a dictionary of strings would, and a bitmap of the
hashes' low bits (2 MB for today's lists, `typo_bitmap_bits`) lets most lookups of
unknown words end without a search. SQLite
is safe to load (no code runs), fast to open, and queried lazily, so a single
`vendorrisk search` reads only the rows it needs, and a batch reads the same data
laid out ready in a few buffers (`storage.flat_layout`) in one go.
"""
from __future__ import annotations

import functools
import math
import os
import sqlite3
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path

from vendorrisk.index.groups import GroupAcronyms
from vendorrisk.index.parties import group_parties, identifiers
from vendorrisk.index.standing import name_standing
from vendorrisk.index.storage import flat_layout
from vendorrisk.index.words import decode_classes, encode_classes, is_looked_up, posted_words, word_weight
from vendorrisk.model import ListEntry
from vendorrisk.normalize import NORMALIZER_VERSION, normalize_name
from vendorrisk.normalize.acronyms import acronym_forms

# 9: bracketed acronyms: names indexed without them, as them, and as group short forms;
# 10: the flat buffers a batch preloads (`storage.flat_layout`); 11: each name's entry, spelling number
# and relatedness among them; 12: each name's standing for weak-name rules (`index.standing`); 13: posting
# lists also ordered by name weight (`storage.MemoryRows.names_up_to`); 14: each spelling's compared words
# and weights (`storage.MemoryRows.compared_words`), and a typo bitmap sized to the table
INDEX_FORMAT = "14"
EVERYDAY_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")
TYPO_MIN_LENGTH = 5
TYPO_BITMAP_MIN_BITS = 24
TYPO_BITMAP_BITS_PER_VARIANT = 8

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entries (id INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, type TEXT NOT NULL,
                      countries TEXT NOT NULL, json TEXT NOT NULL, party TEXT, party_name TEXT);
CREATE TABLE names (id INTEGER PRIMARY KEY, entry INTEGER NOT NULL, standing INTEGER NOT NULL,
                    text TEXT NOT NULL, tokens TEXT NOT NULL, classes TEXT NOT NULL, relation TEXT);
CREATE TABLE postings (token TEXT PRIMARY KEY, df INTEGER NOT NULL, zipf REAL NOT NULL,
                       ids BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE typo_index (variant_hashes BLOB NOT NULL, token_numbers BLOB NOT NULL, tokens TEXT NOT NULL,
                         hash_bitmap BLOB NOT NULL);
CREATE TABLE name_weights (weights BLOB NOT NULL);
CREATE TABLE flat (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
"""


def word_commonness(token: str) -> float:
    """How common `token` is as an everyday word (Zipf scale: 0 unknown, 7 "the").

    The highest frequency across the major Latin-script languages of company names,
    so that Spanish "unidas" or French "valeur" count as everyday words too. A listed
    name that is an ordinary word ("Eagle", "Solid") names many unrelated companies,
    so it cannot by itself make a supplier an affiliate; wordfreq's multi-source
    frequencies are the best public measure of that.
    """
    return words_commonness([token])[0]


def words_commonness(tokens: list[str]) -> list[float]:
    """`word_commonness` of each of `tokens`, looking each language's table up once for all of them."""
    wanted = {token for token in tokens if token.isascii() and token.isalpha() and len(token) >= 3}
    frequency: dict[str, float] = {}
    for table in _frequency_tables():
        for token in table.keys() & wanted:  # NOTE: a set intersection in C, not a lookup per word and table
            frequency[token] = max(frequency.get(token, 0.0), table[token])
    return [round(math.log10(frequency[token] * 1e9), 2) if frequency.get(token, 0.0) > 0 else 0.0
            for token in tokens]


@functools.cache
def _frequency_tables() -> tuple[dict[str, float], ...]:
    from wordfreq import get_frequency_dict  # noqa: PLC0415 - costly import, needed only to build

    return tuple(get_frequency_dict(lang) for lang in EVERYDAY_LANGUAGES)


def typo_bitmap_bits(variants: int) -> int:
    """How many low bits of the variant hashes the typo bitmap holds, for a table of `variants` variants.

    At least `TYPO_BITMAP_BITS_PER_VARIANT` bits per variant, a power of two: about one
    lookup of an absent variant in ten or more then passes the bitmap to a binary
    search. Today's lists (a million variants) take the minimum, 2 MB.
    """
    return max(TYPO_BITMAP_MIN_BITS, (variants * TYPO_BITMAP_BITS_PER_VARIANT - 1).bit_length())


def deletion_variants(token: str) -> set[str]:
    """The token with each one of its characters removed (SymSpell-style, distance 1)."""
    return {token[:i] + token[i + 1:] for i in range(len(token))}


def variant_hash(variant: str) -> int:
    """A deletion variant's hash, the same in every process (readers check each hit)."""
    return zlib.crc32(variant.encode())


def index_names(entry: ListEntry, groups: GroupAcronyms | None = None) -> Iterable[tuple[str, str | None]]:
    """(name, relation) for every name of an entry that screening should compare against.

    A name ending in a bracketed acronym ("X (XYZ)") is also listed as "X" and as
    "XYZ", and one beginning with a listed group's name also with the group's acronym
    (`groups`: "CETC 14th Research Institute"); the matcher quotes the printed name.
    """
    for name in entry.all_names():
        yield name, None
        forms = acronym_forms(name)
        if forms is not None:
            yield from ((form, None) for form in forms)
        if groups is not None:
            yield from ((short, None) for short in groups.short_forms(forms[0] if forms else name))
    for related in entry.related:
        # A subsidiary's listing does not reach its parent, and an ended relation is history.
        if related.relation != "parent" and not related.ended:
            yield related.name, related.relation


def build_index(entries: Iterable[ListEntry], path: Path, fingerprint: str,
                extra_meta: dict[str, str] | None = None) -> Path:
    """Write the index for `entries` to `path` atomically and return the path."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        # NOTE: no journal needed: the file is private until the atomic rename below.
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        postings = _write_entries_and_names(db, entries)
        _write_postings(db, postings)
        _write_name_weights(db, postings)
        db.executemany("INSERT INTO flat VALUES (?, ?)", flat_layout(db).items())
        meta = {"format": INDEX_FORMAT, "normalizer": NORMALIZER_VERSION, "fingerprint": fingerprint,
                "names": str(sum(1 for _ in db.execute("SELECT 1 FROM names"))), **(extra_meta or {})}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)
    return path


def _write_entries_and_names(db: sqlite3.Connection, entries: Iterable[ListEntry]) -> dict[str, array]:
    entries = list(entries)
    groups = GroupAcronyms(name for entry in entries for name in entry.all_names())
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    name_rows = []
    for entry_no, entry in enumerate(entries):
        seen: set[tuple[str, str | None]] = set()
        for text, relation in index_names(entry, groups):
            norm = normalize_name(text)
            if not norm.tokens or (text, relation) in seen:
                continue
            seen.add((text, relation))
            name_id = len(name_rows)
            name_rows.append((name_id, entry_no, name_standing(entry, text), text, " ".join(norm.tokens),
                              encode_classes(norm.classes), relation))
            for token in posted_words(norm.tokens, norm.classes):
                postings[token].append(name_id)
    # NOTE: one executemany with the party already known: a statement per entry, then an UPDATE per
    # entry, cost about 1 s of the 12 s x1 build.
    parties = group_parties((entry.id, entry.name, identifiers(entry)) for entry in entries)
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((entry_no, entry.id, entry.type, "\t".join(entry.countries), entry.model_dump_json(),
                     *parties[entry.id]) for entry_no, entry in enumerate(entries)))
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", name_rows)
    return postings


def _write_name_weights(db: sqlite3.Connection, postings: dict[str, array]) -> None:
    """Each name's total word weight, so screening can discard hopeless candidates cheaply."""
    size = sum(1 for _ in db.execute("SELECT 1 FROM names"))
    weights = array("f")
    for tokens, classes in db.execute("SELECT tokens, classes FROM names ORDER BY id"):
        total = 0.0
        for token, cls in zip(tokens.split(" "), decode_classes(classes)):
            if is_looked_up(cls):
                total += word_weight(cls, len(postings.get(token, ())), size)
        weights.append(total)
    db.execute("INSERT INTO name_weights VALUES (?)", (weights.tobytes(),))


def _write_postings(db: sqlite3.Connection, postings: dict[str, array]) -> None:
    tokens = sorted(postings)
    db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)",
                   ((token, len(postings[token]), zipf, postings[token].tobytes())
                    for token, zipf in zip(tokens, words_commonness(tokens))))
    _write_typo_index(db, tokens)


def _write_typo_index(db: sqlite3.Connection, tokens: list[str]) -> None:
    """(hash of variant, token number) pairs sorted by hash; tokens numbered in sorted order."""
    import numpy as np  # noqa: PLC0415 - only building sorts a few million pairs

    hashes, numbers = array("I"), array("I")
    for number, token in enumerate(tokens):
        if len(token) >= TYPO_MIN_LENGTH and token.isalpha():
            variants = deletion_variants(token)
            hashes.extend(map(variant_hash, variants))
            numbers.extend(repeat(number, len(variants)))
    # Sorting (hash, number) as one 64-bit key gives the order of sorting the pairs, in C.
    keys = np.frombuffer(hashes, np.uint32).astype(np.uint64) << np.uint64(32)
    keys |= np.frombuffer(numbers, np.uint32)
    keys.sort()
    sorted_hashes = (keys >> np.uint64(32)).astype(np.uint32)
    bits = np.zeros(1 << typo_bitmap_bits(len(hashes)), dtype=bool)
    bits[sorted_hashes & (len(bits) - 1)] = True
    db.execute("INSERT INTO typo_index VALUES (?, ?, ?, ?)",
               (sorted_hashes.tobytes(), (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32).tobytes(),
                "\n".join(tokens), np.packbits(bits, bitorder="little").tobytes()))
