"""Progress lines on a terminal: downloads, index builds and screenings.

While long work runs, one line on stderr says what is happening and how far along
it is; it is rewritten in place and erased before anything else is printed. So a
terminal shows what is happening, and what stays on screen is exactly what a log
file gets. Nothing here writes when stderr is not a terminal: the callers create a
line only for a terminal (`on_terminal`).
"""
from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO
from urllib.parse import urlsplit

_ERASE = "\r\x1b[K"
_EVERY = 0.1  # seconds between redraws: a fast download reports every 256 KiB


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether `stream` (default stderr) is a terminal, where progress lines belong."""
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream is no terminal
        return False


class _Line:
    """One self-erasing line on `stream`, redrawn at most every `_EVERY` seconds."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.shown, self.last = stream, False, 0.0

    def clear(self) -> None:
        """Erase the line, so the next output starts on a clean line."""
        if self.shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.shown = False

    def _due(self, final: bool = False) -> bool:
        now = time.monotonic()
        if now - self.last < _EVERY and not final:
            return False
        self.last = now
        return True

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        self.stream.write(_ERASE + (text if len(text) <= width else text[:width - 3] + "..."))
        self.stream.flush()
        self.shown = True


class ProgressLine(_Line):
    """The download line for one source of `lists update`."""

    def __init__(self, stream: TextIO, source_id: str) -> None:
        super().__init__(stream)
        self.source_id, self.label = source_id, ""

    def start(self, name: str, url: str) -> ProgressLine:
        """Show that `name` is being fetched from `url`'s host; returns self, the byte callback."""
        self.label = f"{self.source_id}: {name} from {urlsplit(url).hostname or url}"
        self._draw(f"{self.label} ...")
        return self

    def __call__(self, done: int, total: int | None) -> None:
        if not self._due(final=done == total):
            return
        self._draw(f"{self.label} {_size(done)} of {_size(total)} ({done * 100 // total}%)" if total
                   else f"{self.label} {_size(done)}")


class CountLine(_Line):
    """A running count with a label: suppliers screened, or list entries indexed.

    `say` shows a step (e.g. "loading the lists") until counting starts.
    """

    def __init__(self, stream: TextIO, label: str) -> None:
        super().__init__(stream)
        self.label, self.done, self.started = label, 0, time.monotonic()

    def say(self, step: str) -> None:
        """Show `step` now, e.g. what is being waited for before the first count."""
        self._draw(f"{self.label}: {step} ...")

    def __call__(self, count: int) -> None:
        """Add `count` finished suppliers (the `screen_file` progress callback)."""
        self.done += count
        if self._due():
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self._draw(f"{self.label}: {self.done:,} suppliers screened ({rate:,.0f}/s)")

    def entries(self, done: int, total: int) -> None:
        """Show an index build: `done` of `total` list entries read (`ListCatalog.open_index`)."""
        if done >= total:
            self._draw(f"{self.label}: building the candidate index, {done:,} list entries read; writing it ...")
        elif self._due():
            self._draw(f"{self.label}: building the candidate index, {done:,} of {total:,} list entries"
                       f" ({done * 100 // max(total, 1)}%)")


class ClearsFirst:
    """A text stream that erases `line` before its first write, so a report starts on a clean line."""

    def __init__(self, stream: TextIO, line: _Line) -> None:
        self.stream, self.line = stream, line

    def write(self, text: str) -> int:
        """See `io.TextIOBase.write`."""
        self.line.clear()
        return self.stream.write(text)

    def flush(self) -> None:
        """See `io.TextIOBase.flush`."""
        self.stream.flush()


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count // 1000} kB"
