"""BoundedMemo: a dict that keeps at most `size` entries, forgetting the oldest first."""
from __future__ import annotations

from vendorrisk.memo import BoundedMemo


def test_a_bounded_memo_forgets_its_oldest_entries_beyond_its_size():
    memo: BoundedMemo[str, int] = BoundedMemo(3)
    assert [memo.remember(key, n) for n, key in enumerate("abcd")] == [0, 1, 2, 3]
    assert list(memo.items()) == [("b", 1), ("c", 2), ("d", 3)]
    assert memo.get("a") is None and memo.get("d") == 3
    memo.remember("b", 9)  # a key kept again keeps its place
    memo.remember("e", 4)
    assert list(memo) == ["c", "d", "e"]
