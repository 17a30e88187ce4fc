"""The candidate index over every list name: built once per store snapshot, read lazily."""
from vendorrisk.index.build import build_index
from vendorrisk.index.reader import CandidateIndex, IndexedName

__all__ = ["CandidateIndex", "IndexedName", "build_index"]
