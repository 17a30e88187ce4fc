"""Read-only buffers in one private mapping that Linux may back with 2 MB pages.

A batch reads the preloaded index at random: a slice of posting ids here, a name
there, a typo variant's hash by binary search. At ten times today's lists those
buffers are 236 MB (28 MB today), and with 4 KB pages most such reads also miss the
processor's cache of page-table entries. Transparent huge pages cover the same bytes
with 512 times fewer entries; the kernel grants them to a private anonymous mapping
that asks (`madvise`), even where it grants none by default. A forked worker shares
the mapping's pages with its parent, copy-on-write, as it would share bytes objects.

Where the platform has no such request (macOS, Windows) the views are of the bytes
themselves: the same contents through the same interface.
"""
from __future__ import annotations

import mmap
from collections.abc import Mapping

ALIGNMENT = 64  # each buffer starts on a cache line, which also aligns every typed view ("d", "Q")


def resident(parts: Mapping[str, bytes]) -> dict[str, memoryview]:
    """Each of `parts` as a read-only view, all copied into one mapping advised to use huge pages."""
    offsets, size = {}, 0
    for key, data in parts.items():
        offsets[key] = size
        size += -(-len(data) // ALIGNMENT) * ALIGNMENT
    arena = _huge_page_mapping(size)
    if arena is None:
        return {key: memoryview(data).toreadonly() for key, data in parts.items()}
    views = {}
    whole = memoryview(arena)
    for key, data in parts.items():
        start = offsets[key]
        whole[start:start + len(data)] = data
        views[key] = whole[start:start + len(data)].toreadonly()
    return views


def _huge_page_mapping(size: int) -> mmap.mmap | None:
    """A private anonymous mapping of `size` bytes advised to use huge pages, or None where none can be asked for."""
    advice = getattr(mmap, "MADV_HUGEPAGE", None)
    if advice is None or not size:
        return None
    # NOTE: private, not shared: the kernel's huge pages for shared anonymous memory follow another
    # setting (shmem_enabled), which is off by default; and a private mapping is still shared after fork.
    arena = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        arena.madvise(advice)
    except OSError:  # a kernel built without transparent huge pages: ordinary pages, same contents
        pass
    return arena
