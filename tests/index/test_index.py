"""The candidate index: what `build_index` writes and what `CandidateIndex` reads back.

Round trips of entries and names, postings and document frequencies, one-edit typo
neighbours, rarity weights, and refusal of an index built by another version.
"""
from __future__ import annotations

import math
import mmap
from array import array
import sqlite3
import datetime as dt
from pathlib import Path

import pytest

import vendorrisk.index.build as build_module
import vendorrisk.index.reader as reader_module
from vendorrisk.errors import StoreError
from vendorrisk.index import CandidateIndex, build_index
from vendorrisk.model import Citation, ListEntry, RelatedName
from vendorrisk.index.standing import CURATED_ENTRY, MARKED_WEAK, PRIMARY_NAME, SHIP_ENTRY, name_standing
from vendorrisk.index.storage import MemoryRows, SqliteRows
from vendorrisk.index.words import compared_spelling
from vendorrisk.normalize import CLASS_WEIGHT, normalize_name
from vendorrisk.normalize.classes import LEGAL
from vendorrisk.scoring.align import weighed_words, words

CITATION = Citation(document="Invented test listing", reference="99 FR 12345")
ENTRIES = [
    ListEntry(id="t:1", source="t", name="Vantrelle Optics Co., Ltd.", aliases=("Zen Tarox", "—"),
              related=(RelatedName(name="Ezlinqo", relation="brand"),
                       RelatedName(name="Mardovian Holdings", relation="parent"),
                       RelatedName(name="Orvaline Cameras", relation="subsidiary",
                                   since=dt.date(2018, 1, 1), until=dt.date(2022, 11, 24))),
              countries=("CN",), programs=("EAR 744.11",), citation=CITATION),
    ListEntry(id="t:2", source="t", name="Quorvex Trading LLC", countries=("CN", "HK"), citation=CITATION),
    ListEntry(id="t:3", source="t", name="PETRENKOVA, Irina", type="individual", countries=("RU",),
              citation=CITATION),
    ListEntry(id="t:4", source="t", name="Kelmoran Trading Co", citation=CITATION),
    ListEntry(id="t:5", source="t", name="Bank of the West", citation=CITATION),
]
# Every name screening compares against, in index order: aliases and non-parent related names
# included; a name without letters ("—"), the parent and the ended relation left out.
INDEXED = [("Vantrelle Optics Co., Ltd.", None), ("Zen Tarox", None), ("Ezlinqo", "brand"),
           ("Quorvex Trading LLC", None), ("PETRENKOVA, Irina", None), ("Kelmoran Trading Co", None),
           ("Bank of the West", None)]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory) -> Path:
    """One small index for the read-only tests."""
    path = tmp_path_factory.mktemp("index") / "index.sqlite"
    assert build_index(ENTRIES, path, "fp-1", extra_meta={"built_by": "test"}) == path
    return path


@pytest.fixture(scope="module")
def index(index_path) -> CandidateIndex:
    """The reader over `index_path`."""
    reader = CandidateIndex(index_path)
    yield reader
    reader.close()


# --- round trip ---------------------------------------------------------------------

def test_entries_round_trip(index) -> None:
    """Each entry comes back equal, with its type and countries readable without parsing it."""
    for number, entry in enumerate(ENTRIES):
        assert index.entry(number) == entry
        assert index.entry_type(number) == entry.type
        assert index.entry_countries(number) == entry.countries


def test_meta_round_trip(index, index_path) -> None:
    """Fingerprint, size and extra metadata are stored."""
    assert index.fingerprint == "fp-1"
    assert index.size == len(INDEXED)
    meta = dict(sqlite3.connect(index_path).execute("SELECT key, value FROM meta"))
    assert meta["built_by"] == "test"


def test_names_round_trip(index) -> None:
    """Names, relations and their normalised tokens come back as written."""
    names = [index.name(i) for i in range(index.size)]
    assert [(n.text, n.relation) for n in names] == INDEXED
    for name in names:
        norm = normalize_name(name.text)
        assert (name.tokens, name.classes) == (norm.tokens, norm.classes)
    assert [n.entry for n in names] == [0, 0, 0, 1, 2, 3, 4]


def test_build_replaces_atomically(tmp_path) -> None:
    """Building over an existing index replaces it and leaves no temporary file behind."""
    path = tmp_path / "index.sqlite"
    build_index(ENTRIES[:1], path, "old")
    build_index(ENTRIES, path, "new")
    reader = CandidateIndex(path)
    assert (reader.fingerprint, reader.size) == ("new", len(INDEXED))
    reader.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite"]


# --- postings -------------------------------------------------------------------------

def test_postings_and_document_frequency(index) -> None:
    """A word's postings are the names that contain it; df counts them."""
    df, ids, _ = index.postings("trading")
    assert df == index.df("trading") == 2
    assert sorted(index.name(i).text for i in ids) == ["Kelmoran Trading Co", "Quorvex Trading LLC"]
    assert index.df("vantrelle") == 1
    assert index.posting_set("trading").keys() == set(ids)


def test_legal_and_stop_words_not_posted(index) -> None:
    """Legal forms and function words never bring candidates."""
    assert index.df("ltd") == index.df("llc") == index.df("co") == 0
    assert index.df("of") == index.df("the") == 0
    assert index.df("bank") == 1


def test_adjacent_words_posted_joined(index) -> None:
    """'Zen Tarox' is also found as 'zentarox', so a supplier writing it as one word finds it."""
    df, ids, _ = index.postings("zentarox")
    assert df == 1 and index.name(ids[0]).text == "Zen Tarox"


def test_commonness(index) -> None:
    """Everyday words have a Zipf frequency; coined and unknown words have none."""
    assert index.commonness("trading") > 3.0
    assert index.commonness("vantrelle") == 0.0
    assert index.commonness("notindexed") == 0.0


def test_memory_rows_read_what_sqlite_rows_read(index_path) -> None:
    """A preloaded index answers every posting, name and entry fact exactly as the lazy one does."""
    db = sqlite3.connect(index_path)
    lazy, loaded = SqliteRows(db), MemoryRows(db)
    tokens = [token for (token,) in db.execute("SELECT token FROM postings")] + ["notindexed"]
    assert [lazy.postings(t) for t in tokens] == [loaded.postings(t) for t in tokens]
    assert [lazy.df(t) for t in tokens] == [loaded.df(t) for t in tokens] == [len(lazy.postings(t).ids) for t in tokens]
    ids = range(len(INDEXED))
    assert [lazy.name(i) for i in ids] == [loaded.name(i) for i in ids] == [loaded.name(i) for i in ids]
    entries = range(db.execute("SELECT count(*) FROM entries").fetchone()[0])
    assert [lazy.entry_facts(e) for e in entries] == [loaded.entry_facts(e) for e in entries]
    assert any(lazy.entry_facts(e)[1] for e in entries)  # some entry has countries to compare
    db.close()


def test_compared_words_are_the_spelling_weighed_as_scoring_weighs_it(tmp_path) -> None:
    """Each name's stored compared words are its words but legal forms, each weighing exactly what
    `align.words` gives with the index's rarity, read lazily or preloaded alike; a name of legal forms
    only has none."""
    entries = [*ENTRIES, ListEntry(id="t:6", source="t", name="Quorvex Trading Co., Ltd.", citation=CITATION),
               ListEntry(id="t:7", source="t", name="Limited Liability Company", citation=CITATION)]
    path = build_index(entries, tmp_path / "index.sqlite", "fp-words")
    index = CandidateIndex(path)
    db = sqlite3.connect(path)
    lazy, loaded = SqliteRows(db), MemoryRows(db)
    names = db.execute("SELECT count(*) FROM names").fetchone()[0]
    for i in range(names):
        name = lazy.name(i)
        tokens, classes = compared_spelling(name.tokens, name.classes)
        expected = words(tokens, classes, index.token_idf)
        for rows in (lazy, loaded):
            found = rows.compared_words(i)
            assert (found.tokens, found.classes) == (tokens, classes)
            assert weighed_words(*found) == expected  # the same floats, bit for bit
    assert any(not lazy.compared_words(i).tokens for i in range(names))  # "Limited Liability Company"
    assert any(LEGAL in lazy.name(i).classes and lazy.compared_words(i).tokens for i in range(names))
    db.close()
    index.close()


def test_name_keys_group_names_by_spelling_without_legal_forms(tmp_path) -> None:
    """Each name's key gives its entry and relatedness; names share a spelling number exactly when
    they differ at most in legal forms, read lazily or preloaded alike."""
    entries = [*ENTRIES, ListEntry(id="t:6", source="t", name="Quorvex Trading Co., Ltd.", citation=CITATION),
               ListEntry(id="t:7", source="t", name="Trading Quorvex LLC", citation=CITATION)]
    path = build_index(entries, tmp_path / "index.sqlite", "fp-keys")
    db = sqlite3.connect(path)
    lazy, loaded = SqliteRows(db), MemoryRows(db)
    ids = range(db.execute("SELECT count(*) FROM names").fetchone()[0])
    for i in ids:
        name = lazy.name(i)
        assert loaded.name_key(i)[0::2] == lazy.name_key(i)[0::2] == (name.entry, name.relation is not None)
        for rows in (lazy, loaded):
            assert list(rows.spellings([i, i])) == [rows.name_key(i).spelling] * 2
    texts = {i: lazy.name(i).text for i in ids}
    for a in ids:
        for b in ids:
            same = compared_spelling(lazy.name(a).tokens, lazy.name(a).classes) == \
                compared_spelling(lazy.name(b).tokens, lazy.name(b).classes)
            assert (loaded.name_key(a).spelling == loaded.name_key(b).spelling) == same
            assert (lazy.name_key(a).spelling == lazy.name_key(b).spelling) == same
    by_text = {text: i for i, text in texts.items()}
    assert loaded.name_key(by_text["Quorvex Trading LLC"]).spelling == \
        loaded.name_key(by_text["Quorvex Trading Co., Ltd."]).spelling
    assert loaded.name_key(by_text["Quorvex Trading LLC"]).spelling != \
        loaded.name_key(by_text["Trading Quorvex LLC"]).spelling  # word order is not a legal form
    db.close()


def test_each_name_stores_its_standing_for_the_weak_name_rules(tmp_path) -> None:
    """Primary (also without its bracketed acronym), marked weak, curated and ship names keep their standing
    in the index, read lazily or preloaded alike, as `name_standing` gives it from the entry."""
    entries = [ListEntry(id="w:1", source="w", name="Quillmark Holdings (QMH)", aliases=("THE QUILL", "Quillmark"),
                         weak_aliases=("THE QUILL",), citation=CITATION),
               ListEntry(id="w:2", source="w", name="Dovermere", type="vessel", aliases=("DOVER",), citation=CITATION),
               ListEntry(id="w:3", source="w", name="Brasketon Curated Ltd", aliases=("Brasketon",), confidence="primary",
                         citation=CITATION)]
    path = build_index(entries, tmp_path / "index.sqlite", "fp-standing")
    db = sqlite3.connect(path)
    lazy, loaded = SqliteRows(db), MemoryRows(db)
    standings = {}
    for i in range(db.execute("SELECT count(*) FROM names").fetchone()[0]):
        name = lazy.name(i)
        assert loaded.name(i).standing == name.standing == name_standing(entries[name.entry], name.text)
        standings[name.text] = name.standing
    assert standings["Quillmark Holdings (QMH)"] == standings["Quillmark Holdings"] == PRIMARY_NAME
    assert standings["THE QUILL"] == MARKED_WEAK and standings["Quillmark"] == 0
    assert standings["Dovermere"] == PRIMARY_NAME | SHIP_ENTRY and standings["DOVER"] == SHIP_ENTRY
    assert standings["Brasketon"] == CURATED_ENTRY
    db.close()


def test_names_up_to_a_weight_are_the_lightest_names_of_a_posting_list(tmp_path) -> None:
    """Read lazily or preloaded (by binary search over the list ordered by weight), the same names."""
    entries = [ListEntry(id=f"u:{i}", source="u", name=name, citation=CITATION) for i, name in enumerate(
        ["Quorvex", "Quorvex Trading", "Quorvex Vantrelle Trading", "Quorvex Kelmoran Vantrelle Holdings",
         "Vantrelle Trading Group"])]
    path = build_index(entries, tmp_path / "index.sqlite", "fp-weights")
    db = sqlite3.connect(path)
    lazy, loaded = SqliteRows(db), MemoryRows(db)
    weights = CandidateIndex(path).name_weights
    tokens = [token for (token,) in db.execute("SELECT token FROM postings")] + ["notindexed"]
    cut = 0  # lists cut between their names
    for most in sorted({0.0, 1e9, *weights, *(w - 1e-3 for w in weights)}):
        for t in tokens:
            light = sorted(loaded.names_up_to(t, most, weights))
            assert light == sorted(lazy.names_up_to(t, most, weights)) == [
                i for i in lazy.postings(t).ids if weights[i] <= most]
            cut += 0 < len(light) < lazy.df(t)
    assert cut
    db.close()


def test_preload_chooses_memory_rows_once(index_path) -> None:
    """`preload` switches the index to in-memory rows; a second call keeps them."""
    reader = CandidateIndex(index_path)
    assert not reader.preloaded and isinstance(reader.rows, SqliteRows)
    reader.preload()
    rows = reader.rows
    reader.preload()
    assert reader.preloaded and isinstance(rows, MemoryRows) and reader.rows is rows
    assert reader.df("trading") == 2
    reader.close()


def test_preloaded_buffers_are_views_of_one_mapping_each_and_find_what_lazy_reads_find(index_path) -> None:
    """`preload` copies the flat buffers and the typo table where they may use huge pages (`resident`), and
    typo neighbours come out the same as from the table read lazily."""
    lazy, loaded = CandidateIndex(index_path), CandidateIndex(index_path)
    loaded.preload()
    if hasattr(mmap, "MADV_HUGEPAGE"):
        hashes, numbers, *_, bitmap = loaded._typo_entries()
        assert isinstance(loaded.rows._ids.obj, mmap.mmap) and isinstance(hashes.obj, mmap.mmap)
        assert hashes.obj is numbers.obj is bitmap.obj
    tokens = [token for token in loaded._typo_entries()[2] if len(token) >= build_module.TYPO_MIN_LENGTH]
    probes = [t[:1] + t[2:] for t in tokens] + [t + "x" for t in tokens] + tokens
    assert [lazy.neighbours(t) for t in probes] == [loaded.neighbours(t) for t in probes]
    assert any(lazy.neighbours(t) for t in probes)
    lazy.close()
    loaded.close()


# --- typo neighbours ---------------------------------------------------------------------

@pytest.mark.parametrize("typo", ["vantrele", "vanttrelle", "vantrolle", "vnatrelle", "antrelle", "vantrellex"])
def test_one_edit_finds_long_word(index, typo: str) -> None:
    """A deletion, insertion, substitution or swap of neighbours finds the indexed word."""
    assert "vantrelle" in index.neighbours(typo)


@pytest.mark.parametrize(("typo", "word"), [("qourvx", "quorvex"), ("kalmoren", "kelmoran"),
                                           ("ezlnko", "ezlinqo")])
def test_two_edits_on_short_words_find_nothing(index, typo: str, word: str) -> None:
    """Two edits in a word under ten letters is another word."""
    assert word not in index.neighbours(typo)


def test_neighbours_skip_short_and_non_alpha_words(index) -> None:
    """Words under four letters and words with digits have no typo neighbours."""
    assert index.neighbours("ezl") == ()
    assert index.neighbours("vantrel1e") == ()


def test_neighbours_exclude_the_word_itself(index) -> None:
    """An indexed word is not its own neighbour."""
    assert "vantrelle" not in index.neighbours("vantrelle")


def test_typo_table_is_every_deletion_pair_sorted_with_its_bitmap(index_path) -> None:
    """The stored table equals the (variant hash, word number) pairs sorted as pairs, and its bitmap."""
    with sqlite3.connect(index_path) as db:
        hashes, numbers, tokens, bitmap = db.execute("SELECT * FROM typo_index").fetchone()
    words = tokens.split("\n")
    pairs = sorted((build_module.variant_hash(variant), number) for number, word in enumerate(words)
                   if len(word) >= build_module.TYPO_MIN_LENGTH and word.isalpha()
                   for variant in build_module.deletion_variants(word))
    assert array("I", hashes).tolist() == [h for h, _ in pairs] and len(pairs) > 50
    assert array("I", numbers).tolist() == [n for _, n in pairs]
    bits = build_module.typo_bitmap_bits(len(pairs))
    low = {h & ((1 << bits) - 1) for h, _ in pairs}
    assert len(bitmap) == 1 << (bits - 3)
    assert {at * 8 + bit for at, byte in enumerate(bitmap) if byte for bit in range(8) if byte >> bit & 1} == low


def test_typo_bitmap_keeps_eight_bits_per_variant_from_two_megabytes() -> None:
    """Small tables keep the 2 MB minimum; larger ones grow in powers of two, at least 8 bits per variant."""
    bits = build_module.typo_bitmap_bits
    assert bits(0) == bits(1) == bits(1 << 21) == 24
    assert bits((1 << 21) + 1) == 25 and bits(1 << 23) == 26 and bits((1 << 23) + 1) == 27
    for variants in (1, 1000, 1_057_514, 7_896_970, 40_000_000):
        assert 1 << bits(variants) >= 8 * variants
        assert bits(variants) == 24 or 1 << (bits(variants) - 1) < 8 * variants


def test_words_commonness_is_word_commonness_of_each() -> None:
    words = ["trading", "vantrelle", "the", "ab", "bank1", "société", "unidas", "trading"]
    best = [max(table.get(w, 0.0) for table in build_module._frequency_tables()) for w in words]
    expected = [round(math.log10(f * 1e9), 2) if f and w.isalpha() and w.isascii() and len(w) >= 3 else 0.0
                for w, f in zip(words, best)]
    assert build_module.words_commonness(words) == expected
    assert [build_module.word_commonness(w) for w in words] == expected
    assert build_module.words_commonness(words)[0] > 3.0 and build_module.words_commonness(words)[1] == 0.0


# --- rarity -------------------------------------------------------------------------------

def test_idf(index) -> None:
    """Rarer words weigh more; an unknown word weighs as much as the rarest."""
    assert index.idf(0) == pytest.approx(math.log(1 + index.size))
    assert index.idf(1) > index.idf(2) > index.idf(index.size)
    assert index.idf(index.size) == pytest.approx(math.log(2))


def test_name_weights(index) -> None:
    """One total word weight per name: core words at full rarity, generic words discounted."""
    assert len(index.name_weights) == index.size
    quorvex = [n.text for n in map(index.name, range(index.size))].index("Quorvex Trading LLC")
    expected = (CLASS_WEIGHT["core"] * index.idf(index.df("quorvex"))
                + CLASS_WEIGHT["generic"] * index.idf(index.df("trading")))
    assert index.name_weights[quorvex] == pytest.approx(expected, rel=1e-5)
    bank = [n.text for n in map(index.name, range(index.size))].index("Bank of the West")
    assert index.name_weights[bank] < index.name_weights[quorvex]


# --- versions ---------------------------------------------------------------------------

def test_other_normaliser_version_refused_then_rebuilt(tmp_path, monkeypatch) -> None:
    """An index built by another normaliser is refused with a 'rebuild' message; a rebuild reads."""
    path = tmp_path / "index.sqlite"
    build_index(ENTRIES, path, "fp")
    monkeypatch.setattr(reader_module, "NORMALIZER_VERSION", "next")
    with pytest.raises(StoreError, match="another version; rebuild"):
        CandidateIndex(path)
    monkeypatch.setattr(build_module, "NORMALIZER_VERSION", "next")
    build_index(ENTRIES, path, "fp")
    CandidateIndex(path).close()


def test_other_format_refused(tmp_path) -> None:
    """An index whose format differs is refused."""
    path = tmp_path / "index.sqlite"
    build_index(ENTRIES[:1], path, "fp")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    with pytest.raises(StoreError, match="rebuild"):
        CandidateIndex(path)


@pytest.mark.parametrize("content", [b"not a database at all" * 10, None])
def test_unreadable_index(tmp_path, content: bytes | None) -> None:
    """A corrupt or missing file is a StoreError naming the path, not a sqlite3 traceback."""
    path = tmp_path / "index.sqlite"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match="index.sqlite"):
        CandidateIndex(path)
