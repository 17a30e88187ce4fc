"""Buffers copied where the kernel may back them with huge pages (`index.resident`)."""
from __future__ import annotations

import ctypes
import mmap
import sys
from array import array
from pathlib import Path

import pytest

from vendorrisk.index.resident import ALIGNMENT, resident

PARTS = {"ids": array("I", range(1000)).tobytes(), "text": "Hikvision\0Dahua\0ZTE".encode(), "empty": b"",
         "weights": array("d", [0.5, 1.25, 3.0]).tobytes(), "odd": b"\x01\x02\x03"}


def test_views_hold_exactly_the_parts_and_cannot_be_written() -> None:
    views = resident(PARTS)
    assert {key: bytes(view) for key, view in views.items()} == PARTS
    assert list(views["ids"].cast("I")) == list(range(1000))
    assert list(views["weights"].cast("d")) == [0.5, 1.25, 3.0]
    assert str(views["text"][10:15], "utf-8") == "Dahua"
    with pytest.raises(TypeError):
        views["ids"][0] = 7


def test_nothing_to_hold_maps_nothing() -> None:
    assert resident({}) == {}
    assert bytes(resident({"empty": b""})["empty"]) == b""


@pytest.mark.skipif(not hasattr(mmap, "MADV_HUGEPAGE"), reason="the platform cannot ask for huge pages")
def test_on_linux_the_parts_share_one_mapping_advised_to_use_huge_pages() -> None:
    views = resident(PARTS)
    arena = views["ids"].obj
    assert isinstance(arena, mmap.mmap) and all(view.obj is arena for view in views.values())
    start = ctypes.addressof(ctypes.c_char.from_buffer(arena))
    assert start % ALIGNMENT == 0
    flags = _vm_flags(start)
    if flags is None:
        pytest.skip("/proc/self/smaps does not say how mappings are advised")
    assert "hg" in flags  # MADV_HUGEPAGE, whether or not the kernel has granted huge pages yet
    assert "sh" not in flags  # private: shared anonymous memory gets huge pages by another setting, off by default


def test_where_huge_pages_cannot_be_asked_for_the_views_are_of_the_bytes(monkeypatch) -> None:
    monkeypatch.delattr(mmap, "MADV_HUGEPAGE", raising=False)
    views = resident(PARTS)
    assert all(view.obj is PARTS[key] for key, view in views.items())
    assert {key: bytes(view) for key, view in views.items()} == PARTS


def _vm_flags(address: int) -> list[str] | None:
    """The VmFlags of the mapping holding `address` in /proc/self/smaps, or None where it is not shown."""
    smaps = Path("/proc/self/smaps")
    if not sys.platform.startswith("linux") or not smaps.exists():
        return None
    inside = False
    for line in smaps.read_text().splitlines():
        head = line.split()[0]
        if "-" in head and not head.endswith(":"):
            low, high = (int(part, 16) for part in head.split("-"))
            inside = low <= address < high
        elif inside and head == "VmFlags:":
            return line.split()[1:]
    return None
