"""Scores the list entries a supplier name may be: alignment, score, matches.

The index hands over the candidate names (`vendorrisk.index.query`); each is aligned
with the supplier name and scored, and the best name of each entry becomes a `Match`.
"""
from __future__ import annotations

import functools
from collections.abc import Hashable

from vendorrisk.index.query import candidates_by_spelling, supplier_idf
from vendorrisk.index.reader import CandidateIndex
from vendorrisk.index.standing import PRIMARY_NAME
from vendorrisk.index.storage import IndexedName
from vendorrisk.index.words import compared_spelling
from vendorrisk.memo import BoundedMemo
from vendorrisk.model import DerivedName, Identifier, ListEntry
from vendorrisk.normalize import NormalName, normalize_name
from vendorrisk.normalize.acronyms import acronym_forms
from vendorrisk.normalize.classes import GENERIC, LEGAL, WordClass
from vendorrisk.normalize.clean import ScreenedName, screened_names
from vendorrisk.report import Evidence, Match
from vendorrisk.scoring.align import (
    Alignment, SupplierBounds, Word, align, align_as_written, heaviest_first, weighed_words, words,
)
from vendorrisk.scoring.generic import is_short_generic, is_whole_generic_match
from vendorrisk.scoring.identifiers import confirmed, identifier_evidence
from vendorrisk.scoring.scorer import (
    Scored, ScorerConfig, can_reach, country_evidence, score_alignment, with_name_standing, words_are_distinctive,
)
from vendorrisk.scoring.weak import (
    entity_type_evidence, generic_name_evidence, weak_alias_evidence, weak_reason,
)

MAX_MATCHES = 25  # the strongest matches per supplier; a big group can match hundreds of entries
SPELLINGS_REMEMBERED = 65_536  # listed spellings whose words are kept (`Matcher._listed_words`)
NOT_ORGANISATIONS = frozenset({"individual", "vessel", "aircraft"})


class Matcher:
    """Matches supplier names against one candidate index."""

    def __init__(self, index: CandidateIndex, threshold: float = 80.0,
                 config: ScorerConfig = ScorerConfig()) -> None:
        self.index = index
        self.threshold = threshold
        self.config = config
        self._spelling_words: BoundedMemo[Hashable, tuple[Word, ...]] = BoundedMemo(SPELLINGS_REMEMBERED)
        self._spelling_distinctive: BoundedMemo[Hashable, bool] = BoundedMemo(SPELLINGS_REMEMBERED)
        self._supplier_idf = functools.partial(supplier_idf, index)

    def match(self, name: str, country: str | None = None, aliases: tuple[str, ...] = (),
              names: tuple[tuple[str, str], ...] = (), identifiers: tuple[Identifier, ...] = ()) -> list[Match]:
        """Every entry matching `name` (or one of `aliases` or `names`) at or above the threshold, best first.

        `names` are further names with where each came from (``("Trading Name", "Acme")``).
        Each value is screened as `screened_names` cleans it: codes, markers and address
        taken off, trading and former names on their own, Cyrillic in every common system.
        `country` is a code or a name ("CN", "CHN", "China"); one naming no known country
        counts as none, and a country never removes a match (`_with_country`).
        `identifiers` (the supplier's LEI, SWIFT/BIC...) are compared with those of each entry
        that matches by name (`vendorrisk.scoring.identifiers`): one that is the entry's also
        stands in for country agreement where a weak alias needs it.
        """
        best: dict[int, tuple[Scored, IndexedName, str]] = {}
        standing: dict[int, float] = {}  # each entry's best score as if no country were given
        for origin, value in (("", name), *(("alias", a) for a in aliases), *names):
            for screened in screened_names(value):
                norm = normalize_name(screened.text)
                for indexed, scored, alone in self._score_candidates(norm, country, identifiers):
                    current = best.get(indexed.entry)
                    if current is None or (scored.score, -indexed.id) > (current[0].score, -current[1].id):
                        best[indexed.entry] = (scored, indexed, _screened_note(origin, value, screened))
                    if alone is not None and alone > standing.get(indexed.entry, -1.0):
                        standing[indexed.entry] = alone
        found = [(scored, indexed, note) for scored, indexed, note in best.values() if scored.score >= self.threshold]
        # A country never removes a match: the cut to MAX_MATCHES keeps first the entries that
        # stand on the name alone, strongest name first, so a country can only add to them.
        found.sort(key=lambda f: (-(standing.get(f[1].entry, -1.0) >= self.threshold),
                                  -standing.get(f[1].entry, -1.0), -f[0].score, f[1].entry))
        matches = [self._to_match(scored, indexed, note) for scored, indexed, note in found[:MAX_MATCHES]]
        matches.sort(key=lambda m: (-m.score, m.entry.id))
        return matches

    def _score_candidates(self, norm: NormalName, country: str | None, identifiers: tuple[Identifier, ...] = ()):
        supplier_words = words(norm.tokens, norm.classes, self._supplier_idf)
        if not supplier_words:
            return
        is_organisation = LEGAL in norm.classes
        bounds = SupplierBounds(supplier_words)
        for spelling, name_ids in candidates_by_spelling(self.index, norm).items():
            # Many names share a spelling ("Hikvision", "Technopole Ltd"/"Technopole LLC"): each
            # spelling is aligned once, and names whose spelling cannot match are never parsed.
            listed = self._listed_words(spelling, name_ids[0])
            alignment = self._align(spelling, listed, bounds)
            if alignment is None:
                continue
            scores: dict[tuple[bool, str], Scored | None] = {}  # by relatedness and entity type
            for name_id in name_ids:
                entry_no, _, related = self.index.name_key(name_id)
                entry_type = self.index.entry_type(entry_no)
                if is_organisation and entry_type in NOT_ORGANISATIONS:
                    continue  # "Orion Corporation" is not the person or the vessel called Orion
                score_key = (related, entry_type)
                if score_key not in scores:
                    scores[score_key] = self._score(alignment, related, entry_type)
                alone = scores[score_key]
                if alone is not None:
                    indexed = self.index.name(name_id)
                    alone = self._judge_name(alone, indexed, listed, supplier_words)
                if alone is None:
                    continue
                scored = self._with_country(alone, country, indexed.entry, identifiers)
                if scored is not None:
                    if entry_type == "individual" and GENERIC in norm.classes:
                        scored = scored.replace(evidence=scored.evidence + (entity_type_evidence(norm),))
                    yield indexed, scored, (None if alone.needs_country else alone.score)

    def _listed_words(self, spelling: Hashable, name_id: int) -> tuple[Word, ...]:
        """The weighted words of a spelling (`IndexRows.name_key`), from the name numbered `name_id`, which has it.

        Remembered by spelling, so that a name whose spelling was met before is not read
        again: a large list prints the same spellings for supplier after supplier.
        """
        listed = self._spelling_words.get(spelling)
        if listed is None:
            listed = self._spelling_words.remember(spelling, weighed_words(*self.index.compared_words(name_id)))
        return listed

    def listed_words(self, tokens: tuple[str, ...], classes: tuple[WordClass, ...]) -> tuple[Word, ...]:
        """The weighted words of a listed name that scoring compares (all but legal forms)."""
        return words(*compared_spelling(tokens, classes), self.index.token_idf)

    def _align(self, spelling: Hashable, listed: tuple[Word, ...], supplier: SupplierBounds) -> Alignment | None:
        """The listed words aligned with the supplier's; None when their bounds show that no alignment
        could reach a score (most candidates of a large list cannot)."""
        bounds = supplier.bounds(listed)
        if not can_reach(bounds, self.threshold - self.config.country_bonus, self.config,
                         lambda: self._distinctive(spelling, listed)):
            return None
        return align(listed, supplier.supplier) if bounds.joined else align_as_written(listed, supplier.supplier)

    def _distinctive(self, spelling: Hashable, listed: tuple[Word, ...]) -> bool:
        """Whether a spelling's words are distinctive (`words_are_distinctive`), remembered by spelling."""
        found = self._spelling_distinctive.get(spelling)
        if found is None:
            found = self._spelling_distinctive.remember(
                spelling, words_are_distinctive(heaviest_first(listed), self._rarity, self.config))
        return found

    def _judge_name(self, scored: Scored, indexed: IndexedName, listed: tuple, supplier: tuple) -> Scored | None:
        """The score once the listed name's own standing is known: a weak alias matches only whole and
        with corroboration (`weak`), a generic name only whole and in order (`generic`)."""
        if indexed.relation is not None:
            alias = False  # a curated subsidiary or brand is a name its list chose to reach
        else:
            alias = not indexed.standing & PRIMARY_NAME
            reason = weak_reason(indexed.standing, scored.weak, scored.weak_primary)
            if reason is not None:
                if not scored.alignment.is_exact:
                    return None
                scored = scored.replace(needs_country=True, weak=reason, weak_alias=True)
        if scored.generic and not is_whole_generic_match(scored.alignment, listed, supplier, alias=alias):
            return None
        return scored

    def _score(self, alignment: Alignment, related: bool, entity_type: str) -> Scored | None:
        """The alignment's score, or None when it cannot reach the threshold even with country evidence."""
        if alignment.list_coverage == 0.0:
            return None
        scored = score_alignment(alignment, related=related, entity_type=entity_type, rarity=self._rarity,
                                 config=self.config)
        if scored is None or scored.score < self.threshold - self.config.country_bonus:
            return None
        return with_name_standing(scored, self._rarity, self.config)

    def _with_country(self, scored: Scored, country: str | None, entry_no: int,
                      identifiers: tuple[Identifier, ...] = ()) -> Scored | None:
        """The score with the country's evidence: a little for or against, never enough to remove a match.

        A match that reaches the threshold on its name alone stays at or above it whatever the
        country; one that needs country agreement (`Scored.needs_country`) stands only with it,
        or with an identifier that is the entry's.
        """
        evidence = country_evidence(country, self.index.entry_countries(entry_no), scored.kind, self.config,
                                    weak_name=scored.weak_name)
        # Only a supplier with identifiers pays for reading the entry, and only for names that scored.
        ids = identifier_evidence(identifiers, self.index.entry(entry_no), country) if identifiers else ()
        agrees = _agrees(evidence)
        if scored.needs_country and not agrees and not confirmed(ids):
            return None
        if ids:
            scored = scored.replace(evidence=scored.evidence + ids)
        if scored.weak_alias:
            by = "the supplier's country" if agrees else "the supplier's identifier"
            scored = scored.replace(evidence=scored.evidence + (weak_alias_evidence(scored.weak, by),))
        elif scored.generic and is_short_generic(scored.alignment) and not _agrees(evidence):
            scored = scored.replace(evidence=scored.evidence + (generic_name_evidence(),))
        if evidence is None:
            return scored
        score = min(100.0, max(0.0, scored.score + evidence.score))
        if not scored.needs_country and scored.score >= self.threshold:
            score = max(score, self.threshold)
        return scored.replace(score=round(score, 1), evidence=scored.evidence + (evidence,))

    def _rarity(self, token: str) -> tuple[int, float]:
        posting = self.index.postings(token)
        return posting.df, posting.zipf

    def _to_match(self, scored: Scored, indexed: IndexedName, note: Evidence | None) -> Match:
        # NOTE: an affiliate found by the supplier's name, not a curated relation, is reported
        # as relation "affiliate" so that the finding says how the listing reaches it.
        relation = indexed.relation or ("affiliate" if scored.kind == "affiliate" else None)
        entry = self.index.entry(indexed.entry)
        derived = (entry.printed_name(indexed.text) or _acronym_form(entry, indexed.text)
                   if indexed.relation is None else None)
        party_id, party_name = self.index.entry_party(indexed.entry)
        evidence = scored.full_evidence()
        return Match(entry=entry, kind=scored.kind, score=scored.score,
                     matched_name=derived.printed if derived else indexed.text,
                     compared_as=derived.name if derived else None, derivation=derived.how if derived else None,
                     relation=relation,  # type: ignore[arg-type]
                     evidence=evidence if note is None else (note, *evidence), party_id=party_id,
                     party_name=party_name)


def _agrees(evidence: Evidence | None) -> bool:
    """Whether the country evidence is an agreeing country."""
    return evidence is not None and evidence.score > 0


def _acronym_form(entry: ListEntry, name: str) -> DerivedName | None:
    """How `name` was derived from one of the entry's names by the index (`index.build.index_names`):
    a bracketed acronym taken off ("X (XYZ)" -> "X"), the acronym alone, or a group's name
    written as its acronym ("CETC 14th Research Institute")."""
    if name in entry.all_names():
        return None
    for full in entry.all_names():
        forms = acronym_forms(full)
        head = forms[0] if forms else full
        if forms is not None and name in forms:
            how = "acronym in brackets taken off" if name == forms[0] else "acronym in brackets"
        elif len(name.split()) > 1 and " " + name.split(" ", 1)[1].upper() in head.upper():
            how = f"group name written as its acronym '{name.split()[0]}'"
        else:
            continue
        printed = entry.printed_name(full)
        return DerivedName(name=name, printed=printed.printed if printed else full,
                           how=f"{printed.how}; {how}" if printed else how)
    return None


def _screened_note(origin: str, value: str, screened: ScreenedName) -> Evidence | None:
    """Evidence saying which name was screened, when it is not the supplier name as given."""
    said = [] if origin == "" else [f"alias {value!r}"] if origin == "alias" else [f"column {origin!r}: {value!r}"]
    if screened.how:
        said.append(f"screened as {screened.text!r}: {screened.how}")
    if not said:
        return None
    return Evidence(feature="screened_name", score=0.0, supplier_value=screened.text, list_value=None,
                    detail="; ".join(said))
