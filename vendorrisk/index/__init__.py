"""The candidate index over every list name: built once per store snapshot, read lazily, queried for candidates.

`build` writes it, `reader` opens it (`storage` holds its rows), `query` retrieves
the candidate names for a supplier (`ranking` orders them), and `words` states the
rules about words that building and querying share.
"""
from vendorrisk.index.build import build_index
from vendorrisk.index.reader import CandidateIndex
from vendorrisk.index.storage import IndexedName, PostingList

__all__ = ["CandidateIndex", "IndexedName", "PostingList", "build_index"]
