"""Coverage bounds: skipping an alignment they rule out must never change a score.

Names are drawn at random from a small vocabulary written with typos, split and
joined words, places, stop words and generic words, so that every rule of the scorer
(exact, fuzzy, containment, place variant, typo) is met; for each pair the bounds
must hold the real alignment's coverages, and `can_reach` must be True whenever the
scorer reaches the minimum score.
"""
from __future__ import annotations

import random
from collections import Counter

import pytest

from vendorrisk.normalize import CLASS_WEIGHT
from vendorrisk.scoring.align import SupplierBounds, Word, align, align_as_written, coverage_bounds, heaviest_first
from vendorrisk.scoring.scorer import ScorerConfig, can_reach, score_alignment, words_are_distinctive

VOCABULARY = [("vantrelle", "core"), ("vantrele", "core"), ("vnatrelle", "core"), ("kelmoran", "core"),
              ("kel", "core"), ("moran", "core"), ("quorvex", "core"), ("metallurgical", "core"),
              ("metalurgicl", "core"), ("ash", "core"), ("orbit", "core"), ("orbits", "core"),
              ("trading", "generic"), ("technology", "generic"), ("group", "generic"), ("holding", "generic"),
              ("hangzhou", "place"), ("uk", "place"), ("of", "stop"), ("the", "stop")]


def rarity(token: str) -> tuple[int, float]:
    if token.startswith("orbit"):
        return 3, 4.5  # an everyday word: a name of it alone is not distinctive
    return (25, 3.0) if token in ("group", "trading") else (1, 0.0)


def random_name(rng: random.Random, words: int = 4) -> tuple[Word, ...]:
    return tuple(Word(text, cls, CLASS_WEIGHT[cls] * rng.choice([0.5, 2.0, 5.0, 9.0]))
                 for text, cls in rng.sample(VOCABULARY, rng.randint(1, words)))


@pytest.mark.parametrize("seed", range(60))
def test_bounds_hold_the_alignment_and_never_rule_out_a_score(seed):
    rng = random.Random(seed)
    config = ScorerConfig()
    memoised: dict[tuple[Word, ...], SupplierBounds] = {}
    reached: Counter[str] = Counter()
    ruled_out_by_shape = joined = 0
    for _ in range(300):
        listed, supplier = random_name(rng), random_name(rng, words=rng.choice([1, 2, 4]))
        if rng.random() < 0.3:  # the same name with one change: where scores are reached
            supplier = tuple(rng.sample(listed, len(listed))) + random_name(rng)[:rng.randint(0, 1)]
        alignment = align(listed, supplier)
        bounds = coverage_bounds(listed, supplier)
        # the memoised form agrees, also when it has met other listed names first
        assert memoised.setdefault(supplier, SupplierBounds(supplier)).bounds(listed) == bounds
        assert bounds.list_coverage >= alignment.list_coverage - 1e-9
        assert bounds.supplier_coverage >= alignment.supplier_coverage - 1e-9
        if not bounds.joined:  # nothing written split: aligning as written is aligning
            assert align_as_written(listed, supplier) == alignment
        joined += bounds.joined
        def distinctive() -> bool:
            return words_are_distinctive(heaviest_first(listed), rarity, config)

        for minimum in (50.0, 77.0, 90.0):
            for related, entity_type in ((False, "entity"), (True, "entity"), (False, "vessel")):
                scored = score_alignment(alignment, related=related, entity_type=entity_type, rarity=rarity,
                                         config=config)
                if scored is not None and scored.score >= minimum:
                    assert can_reach(bounds, minimum, config, distinctive), (listed, supplier, scored)
                    reached[scored.kind] += 1
                elif not can_reach(bounds, minimum, config, distinctive) and can_reach(bounds, minimum, config):
                    ruled_out_by_shape += 1
    assert reached["affiliate"] and reached["exact"] and reached["fuzzy"]  # the rules above the coverages are met
    assert ruled_out_by_shape  # and the shapes they need rule some alignments out
    assert joined < 300


def test_unrelated_names_are_ruled_out_and_containment_is_not():
    kelmoran = (Word("kelmoran", "core", 9.0), Word("trading", "generic", 0.7))
    quorvex = (Word("quorvex", "core", 9.0), Word("technology", "generic", 0.7))
    assert not can_reach(coverage_bounds(kelmoran, quorvex), 77.0)
    inside = (Word("kelmoran", "core", 9.0), Word("trading", "generic", 0.7), Word("quorvex", "core", 9.0))
    assert can_reach(coverage_bounds(kelmoran, inside), 77.0)  # "Kelmoran Trading Quorvex" holds the name


def test_a_contained_name_that_is_not_distinctive_is_ruled_out():
    """"Holding Group" is whole inside "Cloopen Holding Group", but a name of generic words only matches
    exactly or as a place variant: its alignment is skipped. "Kelmoran Group" inside a longer name is not."""
    holding = (Word("holding", "generic", 2.0), Word("group", "generic", 1.0))
    supplier = (Word("cloopen", "core", 9.0), Word("holding", "generic", 2.0), Word("group", "generic", 1.0))
    bounds = coverage_bounds(holding, supplier)
    assert bounds.list_coverage == 1.0 and not bounds.core_same
    assert not can_reach(bounds, 77.0)
    kelmoran = (Word("kelmoran", "core", 9.0), Word("group", "generic", 1.0))
    inside = (Word("kelmoran", "core", 9.0), Word("group", "generic", 1.0), Word("quorvex", "core", 9.0))
    assert can_reach(coverage_bounds(kelmoran, inside), 77.0, distinctive=lambda: True)
    assert not can_reach(coverage_bounds(kelmoran, inside), 77.0, distinctive=lambda: False)


def test_joined_words_are_judged_as_joined_not_as_the_spelling_writes_them():
    """"Star Light" is two everyday words, not distinctive; inside "Starlight Holding Group" it is the coined
    "starlight" that is compared, and that containment scores: the spelling's own words must not rule it out."""
    def everyday(token: str) -> tuple[int, float]:
        return (1, 0.0) if token == "starlight" else (1000, 5.0)

    listed = (Word("star", "core", 4.0), Word("light", "core", 4.0))
    supplier = (Word("starlight", "core", 9.0), Word("holding", "generic", 5.0), Word("group", "generic", 5.0))
    assert not words_are_distinctive(heaviest_first(listed), everyday)
    scored = score_alignment(align(listed, supplier), related=False, entity_type="entity", rarity=everyday)
    assert scored is not None and scored.kind == "affiliate" and scored.score >= 77.0
    bounds = coverage_bounds(listed, supplier)
    assert bounds.joined and 100 * (bounds.list_coverage * bounds.supplier_coverage) ** 0.5 < 77.0
    assert can_reach(bounds, 77.0, distinctive=lambda: False)


def test_bounds_say_when_words_written_split_are_joined():
    """"Kel Moran" is "Kelmoran" written split: the bounds say so, and only `align` joins the words."""
    split = (Word("kel", "core", 4.0), Word("moran", "core", 4.0))
    whole = (Word("kelmoran", "core", 9.0),)
    for listed, supplier in ((split, whole), (whole, split)):
        bounds = coverage_bounds(listed, supplier)
        assert bounds.joined and bounds.list_coverage == 1.0
        assert align(listed, supplier).list_coverage == 1.0
        assert align_as_written(listed, supplier).list_coverage == 0.0
    assert not coverage_bounds(whole, whole).joined and not coverage_bounds(split, split).joined
