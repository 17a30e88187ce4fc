"""Finds and scores the list entries a supplier name may be: candidates, alignment, matches.

Candidates come from the index's rarest shared words (and their one-edit typo
neighbours), so the cost per supplier stays flat as lists grow; each candidate name
is then aligned and scored, and the best name of each entry becomes a `Match`.
"""
from __future__ import annotations

import dataclasses
import functools

from vendorrisk.index.reader import CandidateIndex, IndexedName
from vendorrisk.normalize import CLASS_WEIGHT, NormalName, normalize_name
from vendorrisk.report import Match
from vendorrisk.scoring.accumulate import Lookup, rank_with_arrays, rank_with_dicts
from vendorrisk.scoring.align import Alignment, align, similarity, words
from vendorrisk.scoring.scorer import Scored, ScorerConfig, country_evidence, score_alignment

POSTINGS_BUDGET = 1500
MIN_SHARED_FRACTION = 0.45
ARRAYS_FROM_POSTINGS = 300  # below this many ids, numpy's fixed cost per call exceeds the dictionaries'
MAX_CANDIDATES = 40
MAX_MATCHES = 25  # the strongest matches per supplier; a big group can match hundreds of entries
TYPO_DISCOUNT = 0.5
NOT_ORGANISATIONS = frozenset({"individual", "vessel", "aircraft"})


class Matcher:
    """Matches supplier names against one candidate index."""

    def __init__(self, index: CandidateIndex, threshold: float = 80.0,
                 config: ScorerConfig = ScorerConfig()) -> None:
        self.index = index
        self.threshold = threshold
        self.config = config
        self._list_words = functools.lru_cache(maxsize=65536)(self._words_of_listed)

    def match(self, name: str, country: str | None = None, aliases: tuple[str, ...] = ()) -> list[Match]:
        """Every entry matching `name` (or one of `aliases`) at or above the threshold, best first."""
        best: dict[int, tuple[Scored, IndexedName]] = {}
        for text in (name, *aliases):
            norm = normalize_name(text)
            for indexed, scored in self._score_candidates(norm, country):
                current = best.get(indexed.entry)
                if current is None or (scored.score, -indexed.id) > (current[0].score, -current[1].id):
                    best[indexed.entry] = (scored, indexed)
        matches = [self._to_match(scored, indexed) for scored, indexed in best.values()
                   if scored.score >= self.threshold]
        matches.sort(key=lambda m: (-m.score, m.entry.id))
        return matches[:MAX_MATCHES]

    def _score_candidates(self, norm: NormalName, country: str | None):
        supplier_words = words(norm.tokens, norm.classes, self._supplier_idf)
        if not supplier_words:
            return
        is_organisation = "legal" in norm.classes
        alignments: dict[tuple, Alignment] = {}
        scores: dict[tuple, Scored | None] = {}
        for name_id in self._candidates(norm):
            indexed = self.index.name(name_id)
            entry_type = self.index.entry_type(indexed.entry)
            if is_organisation and entry_type in NOT_ORGANISATIONS:
                continue  # "Orion Corporation" is not the person or the vessel called Orion
            key = (indexed.tokens, indexed.classes)
            score_key = (key, indexed.relation is not None, entry_type)
            if score_key not in scores:  # many entries share a name ("Hikvision"): score it once
                if key not in alignments:
                    alignments[key] = align(self._list_words(*key), supplier_words)
                scores[score_key] = self._score(alignments[key], *score_key[1:])
            scored = scores[score_key]
            if scored is not None:
                scored = self._with_country(scored, country, indexed.entry)
            if scored is not None:
                yield indexed, scored

    def _score(self, alignment: Alignment, related: bool, entity_type: str) -> Scored | None:
        """The alignment's score, or None when it cannot reach the threshold even with country evidence."""
        if alignment.list_coverage == 0.0:
            return None
        scored = score_alignment(alignment, related=related, entity_type=entity_type, rarity=self._rarity,
                                 config=self.config)
        return None if scored is None or scored.score < self.threshold - self.config.country_bonus else scored

    def _with_country(self, scored: Scored, country: str | None, entry_no: int) -> Scored | None:
        evidence = country_evidence(country, self.index.entry_countries(entry_no), scored.kind, self.config,
                                    weak_name=scored.weak_name)
        if scored.needs_country and (evidence is None or evidence.score <= 0):
            return None
        if evidence is None:
            return scored
        score = min(100.0, max(0.0, scored.score + evidence.score))
        return dataclasses.replace(scored, score=round(score, 1), evidence=scored.evidence + (evidence,))

    def _candidates(self, norm: NormalName) -> list[int]:
        """Names sharing enough of the supplier's weighted words, best first.

        Postings are read rarest first; once `POSTINGS_BUDGET` ids have been read,
        common words only add weight to names already found. A name whose shared
        weight is under `MIN_SHARED_FRACTION` of its own weight cannot score and is
        dropped before alignment. A preloaded index (a batch) sums long posting lists with numpy.
        """
        postings = []
        for token, class_weight in self._lookup_tokens(norm):
            df, ids, _ = self.index.postings(token)
            if df:
                postings.append((class_weight < 1.0, df, token, class_weight, 1.0))
                continue
            if token not in norm.tokens:
                continue  # a joined pair ("hik vision") is looked up as written, not for typos
            for neighbour in self.index.neighbours(token):
                if similarity(token, neighbour):
                    ndf = self.index.df(neighbour)
                    postings.append((class_weight < 1.0, ndf, neighbour, class_weight, TYPO_DISCOUNT))
        # A listed name can match only if it shares a core word with a supplier that has one,
        # so core words (rarest first) bring in candidates and weaker words only add weight.
        has_core = any(not weak for weak, *_ in postings)
        postings.sort()
        adders: list[Lookup] = []
        checks: list[Lookup] = []
        spent = 0
        for weak, df, token, class_weight, discount in postings:
            weight = self.index.idf(df) * class_weight
            if not (weak and has_core) and (not spent or spent + df <= POSTINGS_BUDGET):
                spent += df
                adders.append(Lookup(token, weight * discount, weight))
            else:
                checks.append(Lookup(token, weight * discount, weight))
        rank = rank_with_arrays if self.index.preloaded and spent >= ARRAYS_FROM_POSTINGS else rank_with_dicts
        return self._distinct_names_first(rank(self.index, adders, checks, MIN_SHARED_FRACTION))

    def _distinct_names_first(self, ranked) -> list[int]:
        """The best-ranked names, up to `MAX_CANDIDATES` distinct spellings, with every entry sharing one."""
        chosen: list[int] = []
        spellings: set[tuple] = set()
        for name_id in ranked:
            indexed = self.index.name(name_id)
            key = (indexed.tokens, indexed.classes)
            if key not in spellings:
                if len(spellings) == MAX_CANDIDATES:
                    break
                spellings.add(key)
            chosen.append(name_id)
        return chosen

    @staticmethod
    def _lookup_tokens(norm: NormalName) -> list[tuple[str, float]]:
        """Words worth looking up, with their class weight; adjacent pairs joined ("hik vision")."""
        useful = [(t, CLASS_WEIGHT[c]) for t, c in zip(norm.tokens, norm.classes) if CLASS_WEIGHT[c] >= 0.3]
        joined = [(a + b, min(wa, wb)) for (a, wa), (b, wb) in zip(useful, useful[1:])]
        return sorted(set(useful) | set(joined))

    def _rarity(self, token: str) -> tuple[int, float]:
        df, _, zipf = self.index.postings(token)
        return df, zipf

    def _words_of_listed(self, tokens: tuple[str, ...], classes: tuple[str, ...]):
        return words(tokens, classes, lambda token: self.index.idf(self.index.df(token)))

    def _supplier_idf(self, token: str) -> float:
        df = self.index.df(token)
        if not df:
            known = [self.index.df(n) for n in self.index.neighbours(token)]
            df = min(known) if known else 0
        return self.index.idf(df)

    def _to_match(self, scored: Scored, indexed: IndexedName) -> Match:
        # NOTE: an affiliate found by the supplier's name, not a curated relation, is reported
        # as relation "affiliate" so that the finding says how the listing reaches it.
        relation = indexed.relation or ("affiliate" if scored.kind == "affiliate" else None)
        return Match(entry=self.index.entry(indexed.entry), kind=scored.kind, score=scored.score,
                     matched_name=indexed.text, relation=relation,  # type: ignore[arg-type]
                     evidence=scored.full_evidence())
