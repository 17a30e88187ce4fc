"""Scoring: aligning supplier names with list names and turning alignments into matches."""
from vendorrisk.scoring.matcher import Matcher
from vendorrisk.scoring.scorer import NAME, VERSION, ScorerConfig

__all__ = ["NAME", "VERSION", "Matcher", "ScorerConfig"]
