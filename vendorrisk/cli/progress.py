"""The download progress line of `vendorrisk lists update`, on a terminal only.

While a source downloads, one line on stderr says which file, from which host and
how far along it is; it is rewritten in place and erased before the source's
outcome line is printed. So a terminal shows what is happening during a long
download, and what stays on screen is exactly what a log file gets.
"""
from __future__ import annotations

import shutil
import time
from typing import TextIO
from urllib.parse import urlsplit

_ERASE = "\r\x1b[K"
_EVERY = 0.1  # seconds between redraws: a fast download reports every 256 KiB


class ProgressLine:
    """The self-erasing progress line for one source, written to `stream` (a terminal)."""

    def __init__(self, stream: TextIO, source_id: str) -> None:
        self.stream, self.source_id = stream, source_id
        self.label, self.shown, self.last = "", False, 0.0

    def start(self, name: str, url: str) -> "ProgressLine":
        """Show that `name` is being fetched from `url`'s host; returns self, the byte callback."""
        self.label = f"{self.source_id}: {name} from {urlsplit(url).hostname or url}"
        self._draw(f"{self.label} ...")
        return self

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < _EVERY and done != total:
            return
        self.last = now
        self._draw(f"{self.label} {_size(done)} of {_size(total)} ({done * 100 // total}%)" if total
                   else f"{self.label} {_size(done)}")

    def clear(self) -> None:
        """Erase the line, so the next output starts on a clean line."""
        if self.shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.shown = False

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        self.stream.write(_ERASE + (text if len(text) <= width else text[:width - 3] + "..."))
        self.stream.flush()
        self.shown = True


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count // 1000} kB"
