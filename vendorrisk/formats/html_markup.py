"""The HTML report's text, link and badge functions: the only way untrusted text enters the page.

Every supplier and list string goes through `text` (`one_line`, then `html.escape`,
quotes included, so it is safe in an attribute too); only https URLs become links.
"""
from __future__ import annotations

from html import escape

from vendorrisk.formats.base import is_web_url, one_line


def text(value: object) -> str:
    """`one_line` (control, format and bidi characters as `?`), then escaped for text and attributes."""
    return escape(one_line("" if value is None else str(value)), quote=True)


def link(label: str, url: str | None) -> str:
    """`label` as a link to `url` when it is an https URL, else as plain text."""
    if not is_web_url(url):
        return text(label)
    return f'<a href="{text(url)}" rel="noopener noreferrer">{text(label)}</a>'


def badge(word: str, label: str | None = None) -> str:
    """A coloured label; `word` picks the colour (a verdict, severity or decision status)."""
    return f'<span class="badge {text(word)}">{text(label or word)}</span>'
