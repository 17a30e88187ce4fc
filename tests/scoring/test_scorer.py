"""The scorer: kinds, distinctiveness, penalties, country evidence and word-by-word evidence.

Alignments are built from hand-weighted words so that each rule is tested on its
own; `rarity` gives (names containing the word, everyday Zipf frequency) from a
small table, with unknown words treated as coined (in one name, never everyday).
"""
from __future__ import annotations

import math

import pytest

from vendorrisk.normalize import CLASS_WEIGHT
from vendorrisk.scoring.align import Word, align
from vendorrisk.scoring.scorer import ScorerConfig, country_evidence, is_distinctive, score_alignment

RARITY = {"eagle": (3, 4.13), "lavender": (1, 3.44), "huawei": (40, 3.75), "refinery": (2, 3.49),
          "media": (5, 5.3), "mks": (1, 0.0), "tianyi": (1, 0.0), "kuybyshev": (1, 0.0)}
CONFIG = ScorerConfig()


def rarity(token: str) -> tuple[int, float]:
    return RARITY.get(token, (1, 0.0))


def w(text: str, cls: str = "core", idf: float = 5.0) -> Word:
    return Word(text, cls, CLASS_WEIGHT[cls] * idf)


def score(listed, supplier, *, related: bool = False, entity_type: str = "entity", config=CONFIG):
    return score_alignment(align(tuple(listed), tuple(supplier)), related=related, entity_type=entity_type,
                           rarity=rarity, config=config)


def features(scored) -> set[str]:
    return {e.feature for e in scored.evidence}


QUORVEX = (w("quorvex"),)
XYVANTIS = (w("xyvantis"), w("technology", "generic", 2.0))


# --- exact ----------------------------------------------------------------------------

def test_exact() -> None:
    """Equal words: exact at 100; through a related name, an affiliate at 100."""
    assert (score(XYVANTIS, XYVANTIS).kind, score(XYVANTIS, XYVANTIS).score) == ("exact", 100.0)
    assert score(XYVANTIS, XYVANTIS, related=True).kind == "affiliate"


@pytest.mark.parametrize(("word", "weak"), [("eagle", True), ("mks", True), ("quorvex", False)])
def test_exact_one_weak_word_is_flagged(word: str, weak: bool) -> None:
    """An exact one-word name that is everyday or short is a weak name (country can outweigh it)."""
    assert score((w(word),), (w(word),)).weak_name is weak


# --- containment: affiliates and brands -------------------------------------------------

def test_containment_with_own_word_is_affiliate() -> None:
    """A coined listed name inside a supplier with a distinctive word of its own: an affiliate."""
    scored = score(QUORVEX, (w("sundar"), w("quorvex")))
    assert scored.kind == "affiliate"
    assert scored.score == pytest.approx(CONFIG.affiliate_score)
    assert "contains_listed_name" in features(scored)


def test_containment_with_generic_word_scores_as_branch() -> None:
    """Only generic words added ('Quorvex Device'): the higher branch score."""
    scored = score(QUORVEX, (w("quorvex"), w("device", "generic")))
    assert scored.kind == "affiliate" and scored.score == pytest.approx(CONFIG.branch_score)


def test_containment_follows_config() -> None:
    """The containment scores come from ScorerConfig."""
    config = ScorerConfig(affiliate_score=95.0, branch_score=97.0)
    assert score(QUORVEX, (w("sundar"), w("quorvex")), config=config).score == pytest.approx(95.0)
    assert score(QUORVEX, (w("quorvex"), w("device", "generic")), config=config).score == pytest.approx(97.0)


@pytest.mark.parametrize("entity_type", ["individual", "vessel", "aircraft"])
def test_containment_never_reaches_people_or_craft(entity_type: str) -> None:
    """A company named after a person or a ship is not that person or ship."""
    assert score((w("castellan"), w("marco")), (w("castellan"), w("marco"), w("shipping", "generic")),
                 entity_type=entity_type) is None


@pytest.mark.parametrize("word", ["eagle", "mks"])
def test_weak_listed_name_inside_longer_name(word: str) -> None:
    """An everyday or short listed word inside a longer name is no match at all."""
    assert score((w(word),), (w(word), w("technology", "generic"))) is None


def test_containment_needs_every_non_group_word() -> None:
    """'X Group' reaches 'X Semiconductor'; 'X Shipping' does not."""
    grouped = score((w("telvarion"), w("group", "generic", 2.0)), (w("telvarion"), w("semiconductor", "generic")))
    shipping = score((w("telvarion"), w("shipping", "generic", 2.0)),
                     (w("telvarion"), w("semiconductor", "generic")))
    assert "contains_listed_name" in features(grouped)
    assert "contains_listed_name" not in features(shipping)
    assert "names_diverge" in features(shipping)


# --- places -----------------------------------------------------------------------------

def test_supplier_adds_place() -> None:
    """'Shenzhen X Technology' for 'X Technology': a local company of the listed party."""
    scored = score(XYVANTIS, (w("shenzhen", "place"), *XYVANTIS))
    assert scored.kind == "affiliate" and scored.score >= 90.0


def test_supplier_drops_place() -> None:
    """'X Technology' for 'Hangzhou X Technology': the same company, at least 85."""
    scored = score((w("hangzhou", "place"), *XYVANTIS), XYVANTIS)
    assert scored.kind == "fuzzy" and scored.score >= 85.0


def test_place_conflict_penalised() -> None:
    """'Wuxi X' for 'Beijing X': the place conflict costs its penalty."""
    listed = (w("beijing", "place"), w("hongtai"), w("machinery", "generic"))
    supplier = (w("wuxi", "place"), w("hongtai"), w("machinery", "generic"))
    scored = score(listed, supplier)
    relaxed = score(listed, supplier, config=ScorerConfig(place_conflict_penalty=0.0))
    assert "place_conflict" in features(scored)
    assert scored.score == pytest.approx(relaxed.score - CONFIG.place_conflict_penalty)
    assert scored.score < 80.0


# --- fuzzy: divergence, truncation, typos -------------------------------------------------

def test_divergence_penalised() -> None:
    """'Hanseul Media' and 'Hanseul Industries' each have a word of their own: siblings at most."""
    listed = (w("hanseul"), w("industry", "generic", 3.0))
    supplier = (w("hanseul"), w("media", "generic", 3.0))
    scored = score(listed, supplier)
    relaxed = score(listed, supplier, config=ScorerConfig(divergence_penalty=0.0))
    assert scored.kind == "fuzzy" and "names_diverge" in features(scored)
    assert scored.score == pytest.approx(relaxed.score - CONFIG.divergence_penalty)


def test_truncation_penalised() -> None:
    """'Xyvantis' for 'Xyvantis Technology': still a match, but the missing words cost points."""
    scored = score(XYVANTIS, (w("xyvantis"),))
    coverage = 5.0 / (5.0 + 0.7)
    assert scored.kind == "fuzzy" and "listed_words_missing" in features(scored)
    assert scored.score == pytest.approx(round(100 * math.sqrt(coverage) - CONFIG.truncation_penalty, 1))


def test_stop_word_does_not_avoid_truncation_penalty() -> None:
    """'The Xyvantis' lacks 'technology' just as 'Xyvantis' does."""
    plain = score(XYVANTIS, (w("xyvantis"),))
    with_the = score(XYVANTIS, (w("the", "stop"), w("xyvantis")))
    assert "listed_words_missing" in features(with_the)
    assert with_the.score <= plain.score


def test_short_typo_needs_country() -> None:
    """A one-word match resting on a typo in a word under ten letters needs country agreement."""
    assert score((w("marenco"),), (w("marenko"),)).needs_country
    assert not score((w("transvolgaprom"),), (w("transvolgapron"),)).needs_country


def test_short_typo_with_exact_support_stands() -> None:
    """Two exact supporting words make a short typo credible without the country."""
    listed = (w("vantrexa"), w("robotic"), w("systems", "generic"))
    supplier = (w("vantrxea"), w("robotic"), w("systems", "generic"))
    scored = score(listed, supplier)
    assert scored.kind == "fuzzy" and not scored.needs_country and scored.score >= 80.0


def test_same_words_one_typo_without_distinctive_word() -> None:
    """'Lavneder General Trading' is 'Lavender General Trading' though 'lavender' is everyday."""
    listed = (w("lavender"), w("general", "generic"), w("trading", "generic"))
    supplier = (w("lavneder"), w("general", "generic"), w("trading", "generic"))
    assert score(listed, supplier).kind == "fuzzy"
    assert score(listed, (w("lavneder"), w("trading", "generic"))) is None


def test_individual_needs_two_shared_words() -> None:
    """One shared word does not name a person; given name and surname do."""
    listed = (w("petrenkova"), w("irina"))
    assert score(listed, (w("maria"), w("petrenkova")), entity_type="individual") is None
    assert score(listed, (w("irina"), w("petrenkova")), entity_type="individual").kind == "exact"


# --- distinctiveness ---------------------------------------------------------------------

@pytest.mark.parametrize(("listed", "expected"), [
    ((w("quorvex"),), True),                                  # coined
    ((w("eagle"),), False),                                   # everyday
    ((w("mks"),), False),                                     # too short
    ((w("huawei"), w("device", "generic")), True),           # a group listed many times
    ((w("kuybyshev"), w("refinery")), True),                  # two core words, one uncommon
    ((w("eagle"), w("media")), False),                        # two everyday core words
    ((w("technology", "generic"), w("international", "place")), False),  # nothing core
    ((w("eagle", idf=8.0), w("global", "generic", 8.0), w("trading", "generic", 8.0),
      w("solution", "generic", 8.0), w("service", "generic", 8.0)), True),  # specific as a whole
])
def test_is_distinctive(listed: tuple[Word, ...], expected: bool) -> None:
    """Whether a listed name can identify its party without matching letter for letter."""
    assert is_distinctive(align(listed, listed), rarity) is expected


def test_joined_short_syllables_are_not_coined() -> None:
    """'Tian Yi' written apart is not the coined word 'tianyi' when joined."""
    joined = align((w("tian"), w("yi")), (w("tianyi"),))
    assert joined.is_exact and not is_distinctive(joined, rarity)
    assert is_distinctive(align((w("tianyi"),), (w("tianyi"),)), rarity)


# --- country ------------------------------------------------------------------------------

@pytest.mark.parametrize(("supplier", "entry", "kind", "weak", "points"), [
    ("CN", ("CN", "HK"), "fuzzy", False, CONFIG.country_bonus),
    (" cn ", ("CN",), "exact", False, CONFIG.country_bonus),
    ("DE", ("CN",), "fuzzy", False, -CONFIG.country_penalty),
    ("DE", ("CN",), "exact", True, -CONFIG.weak_country_penalty),
    ("GB", ("CN",), "affiliate", False, None),   # foreign affiliates are never penalised
    ("GB", ("GB",), "affiliate", False, CONFIG.country_bonus),
    (None, ("CN",), "fuzzy", False, None),
    ("CN", (), "fuzzy", False, None),
])
def test_country_is_evidence_not_a_gate(supplier, entry, kind, weak, points) -> None:
    """A matching country adds a little, a conflict takes a little (more for weak names)."""
    evidence = country_evidence(supplier, entry, kind, CONFIG, weak_name=weak)
    assert (evidence.score if evidence else None) == points
    if evidence is not None:
        assert evidence.feature in ("country_match", "country_mismatch") and evidence.detail


# --- evidence ---------------------------------------------------------------------------

def test_full_evidence_explains_every_word() -> None:
    """Each listed word gets a line: matched words their share, missing words a negative share."""
    scored = score(XYVANTIS, (w("xyvantis"),))
    evidence = scored.full_evidence()
    by_word = {e.list_value: e for e in evidence if e.feature in ("word_match", "word_missing")}
    assert by_word["xyvantis"].feature == "word_match"
    assert by_word["xyvantis"].score == pytest.approx(round(100 * 5.0 / 5.7, 1))
    assert by_word["technology"].feature == "word_missing" and by_word["technology"].score < 0
    assert "listed_words_missing" in {e.feature for e in evidence}
    assert all(e.detail for e in evidence)


def test_typo_evidence_says_how_alike() -> None:
    """A typo's line names both spellings and their likeness."""
    scored = score((w("zenthroplex"), w("dynamic")), (w("zenthroplax"), w("dynamic")))
    line = next(e for e in scored.full_evidence() if e.list_value == "zenthroplex")
    assert line.supplier_value == "zenthroplax" and "typo" in line.detail and "91%" in line.detail


def test_replace_copies_a_score_as_dataclasses_replace_does() -> None:
    """`Scored.replace` gives what `dataclasses.replace` gives, leaves the original as it was, and refuses
    a field that does not exist."""
    import dataclasses

    from vendorrisk.scoring.scorer import Scored

    original = score(XYVANTIS, XYVANTIS)
    assert original is not None
    every_field = {"kind": "fuzzy", "score": 81.5, "evidence": (), "needs_country": True, "weak_name": True,
                   "alignment": None, "weak": "why", "weak_primary": "why not", "generic": True, "weak_alias": True}
    assert set(every_field) == {f.name for f in dataclasses.fields(Scored)}
    for name, value in every_field.items():
        assert original.replace(**{name: value}) == dataclasses.replace(original, **{name: value})
    assert original.replace(**every_field) == dataclasses.replace(original, **every_field)
    assert original == dataclasses.replace(original) and original.score == 100.0
    with pytest.raises(TypeError, match="no field scroe"):
        original.replace(scroe=1.0)
