"""The name scorer: from an alignment to a scored, explained match of one kind.

Kinds:
  exact      every weighted word matches on both sides (legal forms aside).
  fuzzy      the same name with typos, missing or extra weak words, reordered words.
  affiliate  the supplier name contains the listed party's whole distinctive name plus
             words of its own ("Hikvision UK Ltd", "Prama Hikvision India"), or it
             matches a subsidiary or brand that a curated list names.

Country is evidence, not a gate: a match in the entry's country gains a little, a
mismatch loses a little, and affiliates (foreign subsidiaries) are never penalised.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from vendorrisk.normalize.classes import CORE, GENERIC, PLACE, STOP, WordClass
from vendorrisk.normalize.country import country_code
from vendorrisk.report import Evidence, MatchKind
from vendorrisk.scoring.align import Alignment, CoverageBounds, Word

NAME = "vendorrisk-tokens"
PLACE_VARIANT_SCORE = 85.0  # the same name, one side adding or dropping a place ("X (UK) Ltd" for "X")
GROUP_WORDS = frozenset({"group", "holding", "consortium", "concern", "conglomerate", "corp", "co"})
VERSION = "1"


@dataclass(frozen=True)
class ScorerConfig:
    """Tunable constants of the scorer, with their meaning.

    Attributes:
        distinctive_min_length: shortest word that can identify a listed party alone.
        coined_max_zipf: a word rarer than this in everyday language is a coined name.
        group_min_df / group_max_zipf: a word in at least this many list names that is
            rarer than `group_max_zipf` names a listed group ("huawei").
        distinctive_total_weight: a name whose words weigh this much together is
            specific as a whole, even if each word is common.
        single_word_typo_min_length: a match whose core words all carry typos stands
            without country agreement only for words this long.
        function_word_zipf: words this common ("its", "one") never identify a party.
        typo_support_words: exact words that make a typo'd core word credible on its own.
        acronym_min_df: a word of three letters or fewer identifies a party beside a place
            only when that many list names use it ("ZTE USA", not "MKS International").
        affiliate_score / branch_score: scores of a containment with distinctive
            extra words / with only generic extra words.
        place_conflict_penalty: points lost when the two names name different places.
        divergence_penalty: points lost when each name has substantive words of its own.
        truncation_penalty: points lost when the supplier lacks substantive listed words.
        weak_country_penalty: points a name that is not distinctive loses when the
            supplier's country conflicts with the entry's (the name alone proves little).
        acronym_max_length / everyday_min_zipf: an alias whose one core word is this short
            (and not a listed group's) or this common in everyday language is weak.
        country_bonus / country_penalty: points for a matching / conflicting country.
    """

    distinctive_min_length: int = 5
    coined_max_zipf: float = 2.5
    group_min_df: int = 20
    group_max_zipf: float = 4.0
    distinctive_total_weight: float = 16.0
    single_word_typo_min_length: int = 10
    function_word_zipf: float = 6.0
    typo_support_words: int = 2
    acronym_min_df: int = 4
    affiliate_score: float = 85.0
    branch_score: float = 90.0
    place_conflict_penalty: float = 20.0
    divergence_penalty: float = 12.0
    truncation_penalty: float = 8.0
    weak_country_penalty: float = 25.0
    acronym_max_length: int = 3
    everyday_min_zipf: float = 3.0
    country_bonus: float = 3.0
    country_penalty: float = 5.0


@dataclass(frozen=True)
class Scored:
    """A score with its kind and the evidence behind it."""

    kind: MatchKind
    score: float
    evidence: tuple[Evidence, ...]
    needs_country: bool = False
    weak_name: bool = False
    alignment: Alignment | None = None
    weak: str | None = None  # why the listed name cannot identify its party alone (`weak_name_reason`)
    weak_primary: str | None = None  # the same for a primary name (`weak_primary_reason`)
    generic: bool = False  # the listed name has no core word: places, generic words and legal forms only
    weak_alias: bool = False  # matched through a weak alias, so it stands only with corroboration

    def full_evidence(self) -> tuple[Evidence, ...]:
        """Word-by-word evidence followed by the scorer's own notes (built only when asked)."""
        words = _word_evidence(self.alignment) if self.alignment is not None else ()
        return words + self.evidence

    def replace(self, **changes: object) -> Scored:
        """A copy with `changes` (field name: value), as `dataclasses.replace` makes it.

        Without its per-call look at the fields, which cost more than the rest of judging a
        candidate name: every name that scores is copied three or four times.
        """
        unknown = changes.keys() - _SCORED_FIELDS
        if unknown:
            raise TypeError(f"Scored has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Scored)
        fields = copy.__dict__
        fields.update(self.__dict__)
        fields.update(changes)
        return copy



_SCORED_FIELDS = frozenset(field.name for field in dataclasses.fields(Scored))


def score_alignment(alignment: Alignment, *, related: bool, entity_type: str,
                    rarity: Callable[[str], tuple[int, float]],
                    config: ScorerConfig = ScorerConfig()) -> Scored | None:
    """Score one alignment; None when it is no kind of match at all (see `_score`)."""
    scored = _score(alignment, related=related, entity_type=entity_type, rarity=rarity, config=config)
    return None if scored is None else scored.replace(alignment=alignment)


def can_reach(bounds: CoverageBounds, minimum: float, config: ScorerConfig = ScorerConfig(),
              distinctive: Callable[[], bool] = lambda: True) -> bool:
    """Whether an alignment within `bounds` could score `minimum` or more; False only when no rule of
    `_score` can, so skipping its alignment changes no result.

    Every rule scores at most one of: 100 x the geometric mean of the coverages (exact,
    fuzzy, the floor of the others); 100 x the list coverage, for a place variant with
    extra places (every word of both names but places and stop words has the same word
    on the other side) or a containment (at most max(affiliate, branch) x it; every core
    word of a distinctive listed name is in the supplier name); or
    `PLACE_VARIANT_SCORE` for a place variant without extra words (every supplier word
    but stop words is in the listed name, and every listed word but places). Whether the
    listed name is distinctive (`is_distinctive`) is asked of `distinctive` only when it
    decides.
    """
    lowest = minimum - 0.05  # scores are rounded to one decimal before they are compared
    if 100.0 * math.sqrt(bounds.list_coverage * bounds.supplier_coverage) >= lowest:
        return True
    if bounds.supplier_all_same and bounds.listed_same_but_places and PLACE_VARIANT_SCORE >= lowest:
        return True
    if max(100.0, config.affiliate_score, config.branch_score) * bounds.list_coverage < lowest:
        return False
    return ((bounds.listed_same_but_places and bounds.supplier_same_but_places)
            or (bounds.core_same and (bounds.joined or distinctive())))


def with_name_standing(scored: Scored, rarity: Callable[[str], tuple[int, float]],
                       config: ScorerConfig = ScorerConfig()) -> Scored:
    """`scored` with what its listed name can prove alone: whether it is generic-only, and why it
    would be weak as an alias or as a primary name. Asked only of scores that can reach the
    threshold, since most candidates never do."""
    alignment = scored.alignment
    return scored.replace(generic=is_generic_only(alignment),
                               weak=weak_name_reason(alignment, rarity, config),
                               weak_primary=weak_primary_reason(alignment, rarity, config))


def _score(alignment: Alignment, *, related: bool, entity_type: str,
           rarity: Callable[[str], tuple[int, float]], config: ScorerConfig) -> Scored | None:
    """Score one alignment; None when it is no kind of match at all.

    `rarity` maps a listed word to (names containing it, everyday-English Zipf frequency).
    A listed name that is not distinctive (one everyday or short word, or only generic
    words) matches only exactly: "Alpha Telecom" is not the listed "ALPHA".
    """
    evidence: tuple[Evidence, ...] = ()
    if entity_type == "individual" and sum(1 for p in alignment.pairs
                                           if p.supplier is not None and p.listed.cls != STOP) < 2:
        return None  # one shared word ("Santos", "Fox"), even a whole one-word alias, does not name a person
    if alignment.is_exact:
        return Scored("affiliate" if related else "exact", 100.0, evidence,
                      weak_name=_is_one_weak_word(alignment, rarity, config))
    if _differs_only_in_places(alignment) and (
            is_distinctive(alignment, rarity, config) or _matched_words(alignment, places=False) >= 2
            or (_lacks_no_listed_word(alignment) and _has_uncommon_core(alignment, rarity, config))):
        return _place_variant(alignment, evidence, related)
    if not is_distinctive(alignment, rarity, config) and not _same_words_one_typo(alignment):
        return None
    if _rests_on_short_typo(alignment, config):
        scored = _fuzzy(alignment, evidence, related, config)
        return Scored(scored.kind, scored.score, scored.evidence, needs_country=True)
    same = 100.0 * math.sqrt(alignment.list_coverage * alignment.supplier_coverage)
    extra_classes = {w.cls for w in alignment.extras} - {STOP}
    if (extra_classes and alignment.contains_core_verbatim and _missing_only_group_words(alignment)
            and is_distinctive(alignment, rarity, config)):
        if entity_type in ("individual", "vessel", "aircraft"):
            return None
        return _containment(alignment, evidence, same, extra_classes, config)
    return _fuzzy(alignment, evidence, related, config)


def _missing_only_group_words(alignment: Alignment) -> bool:
    """The supplier has every word of the listed name except places and words for a group.

    "Inspur Electronic Information Industry" belongs to "Inspur Group"; it does not
    belong to "Inspur Shipping".
    """
    return all(p.supplier is not None or p.listed.cls in (PLACE, STOP) or p.listed.text in GROUP_WORDS
               for p in alignment.pairs)


def _fuzzy(alignment: Alignment, evidence: tuple[Evidence, ...], related: bool, config: ScorerConfig) -> Scored:
    same = 100.0 * math.sqrt(alignment.list_coverage * alignment.supplier_coverage)
    divergence = _divergence(alignment)
    if divergence is not None:
        same -= config.divergence_penalty
        evidence += (divergence,)
    elif all(w.cls == STOP for w in alignment.extras) and _missing_substantive(alignment):
        same -= config.truncation_penalty
        evidence += (Evidence(feature="listed_words_missing", score=-config.truncation_penalty, detail=
                              "the supplier name lacks words of the listed name: possibly another company "
                              "sharing its first words"),)
    conflict = _place_conflict(alignment)
    if conflict is not None:
        same -= config.place_conflict_penalty
        evidence += (conflict,)
    return Scored("affiliate" if related else "fuzzy", round(same, 1), evidence)


def _differs_only_in_places(alignment: Alignment) -> bool:
    """Same words letter for letter, but one side adds a place ("X (UK) Ltd", "Shanghai X")."""
    if any(p.similarity < 1.0 for p in alignment.pairs if p.supplier is not None):
        return False
    missing = {p.listed.cls for p in alignment.pairs if p.supplier is None} - {STOP}
    extra = {w.cls for w in alignment.extras} - {STOP}
    if not missing <= {PLACE} or not extra <= {PLACE} or (missing and extra):
        return False
    matched = [p.listed for p in alignment.pairs if p.supplier is not None and p.listed.cls not in (STOP, PLACE)]
    return any(w.cls == CORE for w in matched) or len(matched) >= 2


def _is_one_weak_word(alignment: Alignment, rarity: Callable[[str], tuple[int, float]],
                      config: ScorerConfig) -> bool:
    """The name is a single short or everyday word ("ERA", "Orbit"): many companies share it."""
    words = [p.listed for p in alignment.pairs if p.listed.cls != STOP]
    if len(words) != 1:
        return False
    return len(words[0].text) < config.distinctive_min_length or rarity(words[0].text)[1] >= config.coined_max_zipf


def is_generic_only(alignment: Alignment) -> bool:
    """The listed name has words of weight but no core word: generic words and places only ("NATIONAL BANK")."""
    return not any(p.listed.cls == CORE for p in alignment.pairs) and any(
        p.listed.cls != STOP for p in alignment.pairs)


def weak_name_reason(alignment: Alignment, rarity: Callable[[str], tuple[int, float]],
                     config: ScorerConfig = ScorerConfig()) -> str | None:
    """Why the listed name cannot identify its party on its own, or None when it can.

    An acronym of three letters ("MPS", "EPL"), one everyday word alone ("BASE",
    "COSMOS") or one generic word ("GROUP") is shared by many unrelated companies; as
    an alias such a name needs corroboration (`vendorrisk.scoring.weak`). An acronym in
    several list names ("DJI", "IFD": a group's or a much-listed party's short name) is
    not weak, and one of four letters that is no everyday word ("ASPC") is specific
    enough. Longer names of generic words have rules of their own (`scoring.generic`).
    """
    core = [p.listed.text for p in alignment.pairs if p.listed.cls == CORE]
    substantive = [p.listed.text for p in alignment.pairs if p.listed.cls != STOP]
    if not core and len(substantive) == 1:
        return f"'{substantive[0]}' is one generic word"
    if len(core) != 1 or not core[0].isascii() or is_distinctive(alignment, rarity, config):
        return None
    word = core[0]
    df, zipf = rarity(word)
    if len(word) <= config.acronym_max_length and df < config.acronym_min_df:
        return f"'{word.upper()}' is an acronym of {len(word)} letters"
    if zipf >= config.everyday_min_zipf and len(substantive) == 1:
        return f"'{word}' is a common word in everyday text"  # "THE BASE"; "Saffron Logistics" is a company's name
    return None


def weak_primary_reason(alignment: Alignment, rarity: Callable[[str], tuple[int, float]],
                        config: ScorerConfig = ScorerConfig()) -> str | None:
    """Why a list's primary name cannot identify its party alone, or None (it nearly always can).

    One generic word ("ENERGIES", "CENTER") never does, nor an acronym of three letters
    or fewer that few list names use ("DSK"): a listed group's acronym ("ZTE", in many
    names) does.
    """
    core = [p.listed.text for p in alignment.pairs if p.listed.cls == CORE]
    substantive = [p.listed.text for p in alignment.pairs if p.listed.cls != STOP]
    if not core and len(substantive) == 1:
        return f"'{substantive[0]}' is one generic word"
    if (len(substantive) == 1 and len(core) == 1 and core[0].isascii()
            and len(core[0]) <= config.acronym_max_length and rarity(core[0])[0] < config.acronym_min_df):
        return f"'{core[0].upper()}' is an acronym of {len(core[0])} letters that few listed names use"
    return None


def _has_uncommon_core(alignment: Alignment, rarity: Callable[[str], tuple[int, float]],
                       config: ScorerConfig) -> bool:
    """A matched core word that is not one of the most common words of a language ("its")."""
    return any(p.supplier is not None and rarity(p.listed.text)[1] < config.function_word_zipf
               and (len(p.listed.text) >= 4 or rarity(p.listed.text)[0] >= config.acronym_min_df)
               for p in alignment.pairs if p.listed.cls == CORE)


def _lacks_no_listed_word(alignment: Alignment) -> bool:
    """The supplier name has every listed word ("X (UK) Ltd" for "X"), rather than dropping one."""
    return all(p.supplier is not None or p.listed.cls == STOP for p in alignment.pairs)


def _matched_words(alignment: Alignment, *, places: bool) -> int:
    skip = (STOP,) if places else (STOP, PLACE)
    return sum(1 for p in alignment.pairs if p.supplier is not None and p.listed.cls not in skip)


def _place_variant(alignment: Alignment, evidence: tuple[Evidence, ...], related: bool) -> Scored:
    same = 100.0 * math.sqrt(alignment.list_coverage * alignment.supplier_coverage)
    if any(w.cls != STOP for w in alignment.extras):
        score = max(same, 100.0 * alignment.list_coverage - 10.0 * (1 - alignment.supplier_coverage))
        return Scored("affiliate", round(score, 1), evidence + (_extras_evidence(alignment, PLACE),))
    return Scored("affiliate" if related else "fuzzy", round(max(same, PLACE_VARIANT_SCORE), 1), evidence)


def _containment(alignment: Alignment, evidence: tuple[Evidence, ...], same: float, extra_classes: set[WordClass],
                 config: ScorerConfig) -> Scored:
    """The supplier name holds the whole listed name plus words of its own."""
    base = config.affiliate_score if CORE in extra_classes else config.branch_score
    score = max(same, base * alignment.list_coverage)
    evidence += (_extras_evidence(alignment, CORE if CORE in extra_classes else GENERIC),)
    conflict = _place_conflict(alignment)
    if conflict is not None:
        score -= config.place_conflict_penalty
        evidence += (conflict,)
    return Scored("affiliate", round(score, 1), evidence)


def is_distinctive(alignment: Alignment, rarity: Callable[[str], tuple[int, float]],
                   config: ScorerConfig = ScorerConfig()) -> bool:
    """Whether the listed name can identify its party without matching letter for letter
    (`words_are_distinctive` of its words as aligned)."""
    return words_are_distinctive([p.listed for p in alignment.pairs], rarity, config)


def words_are_distinctive(listed: list[Word], rarity: Callable[[str], tuple[int, float]],
                          config: ScorerConfig = ScorerConfig()) -> bool:
    """Whether a listed name of these words, heaviest first as `align` pairs them, can identify its party
    without matching letter for letter.

    True when one of its core words is a coined name ("hikvision": not an everyday
    word in any major language), or the name of a group listed many times
    ("huawei", "gazprom": famous, but not everyday); when it has two core words one
    of which is uncommon ("kuybyshev refinery"); or when it is long enough to be
    specific as a whole.
    """
    core = [w for w in listed if w.cls == CORE]
    # NOTE: two short syllables written apart ("Tian Yi") are not a coined word when joined.
    facts = [(len(w.text) if not w.joined or len(w.text) >= 8 else 0, *rarity(w.text)) for w in core]
    if any(length >= config.distinctive_min_length
           and (zipf < config.coined_max_zipf or (df >= config.group_min_df and zipf < config.group_max_zipf))
           for length, df, zipf in facts):
        return True
    if len(core) >= 2 and any(length >= 3 and zipf < config.group_max_zipf - 0.5 for length, _, zipf in facts):
        return True
    substantive = [w for w in listed if w.cls != STOP]
    return (bool(core) and len(substantive) >= 3
            and sum(w.weight for w in listed) >= config.distinctive_total_weight)


def _same_words_one_typo(alignment: Alignment) -> bool:
    """Every word on both sides matches, two or more of them, with a typo in one at most.

    "Lavneder General Trading" is "Lavender General Trading" even though neither
    "lavender" nor the name as a whole would identify a party inside a longer name.
    """
    if alignment.extras and any(w.cls != STOP for w in alignment.extras):
        return False
    matched = [p for p in alignment.pairs if p.listed.cls != STOP]
    if len(matched) < 2 or any(p.supplier is None for p in matched):
        return False
    return sum(1 for p in matched if p.similarity < 1.0) <= 1


def _rests_on_short_typo(alignment: Alignment, config: ScorerConfig) -> bool:
    """The match rests on one short word with a typo ("Fortum" ~ "Fortun").

    Such a match stands only when the supplier's country agrees with the entry's.
    """
    core = [p for p in alignment.pairs if p.supplier is not None and p.listed.cls == CORE]
    support = sum(1 for p in alignment.pairs if p.similarity == 1.0 and p.listed.cls != STOP)
    return (bool(core) and support < config.typo_support_words
            and all(0 < p.similarity < 1 and len(p.listed.text) < config.single_word_typo_min_length
                    for p in core))


def _missing_substantive(alignment: Alignment) -> bool:
    return any(p.supplier is None and p.listed.cls in (CORE, GENERIC) for p in alignment.pairs)


def _divergence(alignment: Alignment) -> Evidence | None:
    """Both names have words of their own: "Daewon Media" and "Daewon Industries" are siblings at most."""
    missing = [p.listed.text for p in alignment.pairs if p.supplier is None and p.listed.cls in (CORE, GENERIC)]
    extra = [w.text for w in alignment.extras if w.cls in (CORE, GENERIC)]
    if not (missing and extra):
        return None
    return Evidence(feature="names_diverge", score=0.0, supplier_value=" ".join(extra), list_value=" ".join(missing),
                    detail=f"each name has words of its own: supplier '{' '.join(extra)}', list '{' '.join(missing)}'")


def _place_conflict(alignment: Alignment) -> Evidence | None:
    missing = [p.listed.text for p in alignment.pairs if p.supplier is None and p.listed.cls == PLACE]
    extra = [w.text for w in alignment.extras if w.cls == PLACE]
    if not (missing and extra):
        return None
    return Evidence(feature="place_conflict", score=0.0, supplier_value=" ".join(extra),
                    list_value=" ".join(missing),
                    detail=f"names different places: supplier '{' '.join(extra)}', list '{' '.join(missing)}'")


def country_evidence(supplier_country: str | None, entry_countries: tuple[str, ...], kind: MatchKind,
                     config: ScorerConfig = ScorerConfig(), *, weak_name: bool = False) -> Evidence | None:
    """Evidence (and points) from comparing the supplier's country with the entry's.

    Both sides are read as countries (`country_code`: "China", "CHN" and "CN" are one
    country); a supplier country that names no known country is no evidence at all.
    """
    wanted = country_code(supplier_country)
    if wanted is None or not entry_countries:
        return None
    known = _entry_codes(entry_countries)
    given = supplier_country.strip() if supplier_country else wanted
    said = wanted if given.upper() == wanted else f"{given} ({wanted})"
    if wanted in known:
        return Evidence(feature="country_match", score=config.country_bonus, supplier_value=wanted,
                        list_value=", ".join(sorted(known)), detail=f"country {said} matches the entry")
    if kind == "affiliate":
        return None
    penalty = config.weak_country_penalty if weak_name else config.country_penalty
    return Evidence(feature="country_mismatch", score=-penalty, supplier_value=wanted,
                    list_value=", ".join(sorted(known)),
                    detail=f"country {said} differs from the entry's {', '.join(sorted(known))}")


@functools.lru_cache(maxsize=4096)
def _entry_codes(entry_countries: tuple[str, ...]) -> frozenset[str]:
    """An entry's countries as codes where known (lists print names a parser may not know), else as printed."""
    return frozenset(country_code(c) or c.strip().upper() for c in entry_countries)


def _word_evidence(alignment: Alignment) -> tuple[Evidence, ...]:
    total = sum(p.listed.weight for p in alignment.pairs) or 1.0
    out = []
    for pair in alignment.pairs:
        share = 100.0 * pair.listed.weight / total
        if pair.supplier is None:
            detail = f"'{pair.listed.text}' ({pair.listed.cls}) missing from the supplier name"
            out.append(Evidence(feature="word_missing", score=-round(share, 1), supplier_value=None,
                                list_value=pair.listed.text, detail=detail))
            continue
        how = "same word" if pair.similarity == 1.0 else f"typo, {pair.similarity:.0%} alike"
        detail = f"'{pair.supplier.text}' ~ '{pair.listed.text}' ({pair.listed.cls}, {how})"
        out.append(Evidence(feature="word_match", score=round(share * pair.similarity, 1),
                            supplier_value=pair.supplier.text, list_value=pair.listed.text, detail=detail))
    return tuple(out)


def _extras_evidence(alignment: Alignment, added: WordClass) -> Evidence:
    """Evidence for the supplier's extra words: places (PLACE), generic words (GENERIC) or its own (CORE)."""
    words = " ".join(w.text for w in alignment.extras)
    if added == PLACE:
        detail = f"supplier adds only places ({words}): a branch or local company of the listed party"
    elif added == GENERIC:
        detail = f"supplier adds only generic words ({words}) to the listed party's distinctive name"
    else:
        detail = f"supplier name contains the listed party's distinctive name plus '{words}': possible affiliate or brand user"
    return Evidence(feature="contains_listed_name", score=0.0, supplier_value=words, list_value=None, detail=detail)
