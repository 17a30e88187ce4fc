"""Word alignment: typo similarity, greedy pairing, coverage, and joining split words."""
from __future__ import annotations

import random

import pytest

from vendorrisk.normalize import CLASS_WEIGHT, normalize_name
from vendorrisk.scoring.align import SupplierBounds, Word, align, similarity, words


def w(text: str, cls: str = "core", idf: float = 5.0) -> Word:
    """A word weighted as the scorer weights it: class weight times rarity."""
    return Word(text, cls, CLASS_WEIGHT[cls] * idf)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("vantrelle", "vantrelle", 1.0),
    ("agora", "agorb", 0.0),            # under six letters: must be equal
    ("torvin", "torvan", 1 - 1 / 6),    # six letters: one edit
    ("marenco", "marenko", 1 - 1 / 7),
    ("vantrelle", "vnatrelle", 1 - 1 / 9),  # swapped neighbours are one edit
    ("vantrelle", "vantralla", 0.0),    # two edits under ten letters
    ("metallurgical", "metalurgicl", 1 - 2 / 13),  # two edits from ten letters
    ("metallurgical", "mtalurgicl", 0.0),  # three edits
    ("fortun", "fortu", 1 - 1 / 6),     # five letters in the shorter spelling is enough
    ("abcdef", "abcd", 0.0),
    ("vantrel1e", "vantrelle", 0.0),    # digits are codes, not typos
])
def test_similarity(a: str, b: str, expected: float) -> None:
    """1 for equal words, 1 - edits/length for a tolerated typo, else 0; symmetric."""
    assert similarity(a, b) == pytest.approx(expected)
    assert similarity(b, a) == pytest.approx(expected)


def test_words_drop_legal_forms_and_weigh_by_class() -> None:
    """Legal forms are not words for scoring; the rest weigh class weight times rarity."""
    norm = normalize_name("Shenzhen Oravix Technology Co., Ltd.")
    got = words(norm.tokens, norm.classes, lambda token: 2.0)
    assert [(x.text, x.cls, x.weight) for x in got] == [
        ("shenzhen", "place", 0.6), ("oravix", "core", 2.0), ("technology", "generic", 0.7)]


def test_exact_alignment() -> None:
    """Every weighted word on both sides equal: exact, full coverage both ways."""
    result = align((w("quorvex"), w("trading", "generic")), (w("trading", "generic"), w("quorvex")))
    assert result.is_exact and result.contains_listed and result.contains_core_verbatim
    assert result.list_coverage == pytest.approx(1.0) and result.supplier_coverage == pytest.approx(1.0)
    assert result.extras == ()


def test_extra_supplier_words() -> None:
    """Supplier words nobody asked for are extras and lower the supplier coverage only."""
    listed = (w("quorvex"), w("trading", "generic"))
    supplier = (w("quorvex"), w("trading", "generic"), w("india", "place"))
    result = align(listed, supplier)
    assert [x.text for x in result.extras] == ["india"]
    assert result.list_coverage == pytest.approx(1.0)
    assert result.supplier_coverage == pytest.approx(6.75 / (6.75 + 1.5))
    assert result.contains_listed and not result.is_exact


def test_missing_listed_word() -> None:
    """A listed word without a partner is paired with None and lowers the list coverage."""
    result = align((w("xyvantis"), w("technology", "generic")), (w("xyvantis"),))
    missing = [p for p in result.pairs if p.supplier is None]
    assert [p.listed.text for p in missing] == ["technology"]
    assert result.list_coverage == pytest.approx(5.0 / 6.75)
    assert result.supplier_coverage == pytest.approx(1.0)
    assert not result.contains_listed


def _edited(word: str, rng: random.Random) -> str:
    """`word` with up to three random insertions, deletions, substitutions or swaps."""
    b = list(word)
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(b) + 1)
        edit = rng.choice(["insert", "delete", "substitute", "swap"])
        if edit == "insert":
            b.insert(at, rng.choice("abcdeor"))
        elif b and edit == "delete":
            del b[min(at, len(b) - 1)]
        elif b and edit == "substitute":
            b[min(at, len(b) - 1)] = rng.choice("abcdeor")
        elif len(b) > 1:
            at = min(at, len(b) - 2)
            b[at], b[at + 1] = b[at + 1], b[at]
    return "".join(b) or "a"


@pytest.mark.parametrize("seed", range(4))
def test_bounds_find_exactly_the_supplier_words_similarity_finds_alike(seed) -> None:
    """`SupplierBounds` rules most pairs out by length and first and last letters before asking
    `similarity`: a listed word still reaches exactly the supplier words that `similarity` finds alike."""
    rng = random.Random(seed)
    ruled_out = 0
    for _ in range(3000):
        listed = "".join(rng.choice("abcdeor") for _ in range(rng.randint(3, 14)))
        supplier = tuple(_edited(listed, rng) for _ in range(rng.randint(1, 4)))
        bounds = SupplierBounds(tuple(w(text) for text in supplier))
        found = bounds.bounds((w(listed),))
        if found.joined:  # "dr" "o" written as "dro": whole other words are compared
            continue
        alike = [similarity(listed, text) > 0.0 for text in supplier]
        assert (found.list_coverage == 1.0) == any(alike), (listed, supplier)
        reached = sum(5.0 for text, same in zip(supplier, alike) if same) / (5.0 * len(supplier))
        assert found.supplier_coverage == pytest.approx(reached), (listed, supplier)
        ruled_out += alike.count(False)
    assert ruled_out > 500  # the test meets pairs that are not alike
    assert SupplierBounds((w("metalurgicl"), w("vantrelle"))).bounds((w("metallurgical"),)).list_coverage == 1.0
    assert SupplierBounds((w("xantrellz"), w("vant"))).bounds((w("vantrelle"),)).list_coverage == 0.0


def test_typo_pair_counts_by_similarity() -> None:
    """A typo pairs the words and counts them at their similarity."""
    result = align((w("zenthroplex"), w("dynamic")), (w("zenthroplax"), w("dynamic")))
    typo = next(p for p in result.pairs if p.listed.text == "zenthroplex")
    assert typo.supplier.text == "zenthroplax" and typo.similarity == pytest.approx(1 - 1 / 11)
    assert result.list_coverage == pytest.approx((5 * (1 - 1 / 11) + 5) / 10)
    assert not result.contains_core_verbatim and result.contains_listed


def test_each_supplier_word_answers_one_listed_word() -> None:
    """A supplier word is used once, by the heaviest listed word that wants it."""
    result = align((w("alpha", idf=1.0), w("alpha", idf=3.0)), (w("alpha"),))
    matched = [p for p in result.pairs if p.supplier is not None]
    assert len(matched) == 1 and matched[0].listed.weight == 3.0


def test_supplier_split_word_joined() -> None:
    """'Zen Tarox' on the supplier side answers the listed 'zentarox' as one joined word."""
    result = align((w("zentarox"), w("system", "generic")), (w("zen", idf=2.0), w("tarox", idf=3.0),
                                                             w("system", "generic")))
    assert result.is_exact
    joined = next(p.supplier for p in result.pairs if p.listed.text == "zentarox")
    assert joined.joined and joined.weight == pytest.approx(5.0)


def test_listed_split_word_joined() -> None:
    """The list writing a name apart ('Sino Trak') meets a supplier writing it as one word."""
    result = align((w("sino"), w("trak")), (w("sinotrak"),))
    assert result.is_exact
    assert [p.listed.joined for p in result.pairs] == [True]


def test_unrelated_words_do_not_pair() -> None:
    """No shared or near word: nothing pairs and coverage is zero."""
    result = align((w("hanseul"),), (w("kelmoran"),))
    assert result.pairs[0].supplier is None and result.list_coverage == 0.0
