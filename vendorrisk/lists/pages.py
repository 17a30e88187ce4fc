"""Finding a list file's link on its publisher's landing page.

Some publishers give no stable file URL: BIS's Denied Persons List page offers an
"Export as CSV" link whose target may change. `find_link` reads the page (already
capped in size by the downloader) with the standard library's HTML parser and
returns the absolute URL of the one link whose text is the one a source declares.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

from vendorrisk.errors import SourceError


class _Links(HTMLParser):
    """Collects (href, text) of every ``<a>`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def find_link(page: str, page_url: str, text: str) -> str:
    """The absolute URL of the link on `page` whose text is `text` (case and spacing ignored).

    Raises:
        SourceError: no such link, or several that point to different places.
    """
    parser = _Links()
    parser.feed(page)
    parser.close()
    wanted = " ".join(text.split()).lower()
    found = {urljoin(page_url, href) for href, label in parser.links if label.lower() == wanted and href}
    if len(found) != 1:
        what = "no link" if not found else f"{len(found)} different links"
        raise SourceError(f"{page_url}: the page has {what} called {text!r}; the publisher may have changed it: "
                          "download the file by hand and use `vendorrisk lists import`")
    return found.pop()
