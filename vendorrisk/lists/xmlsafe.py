"""Safe XML reading for official list files: defusedxml, no DTDs, clear errors.

Official XML lists arrive over the network, so a hostile or broken file must not
expand entities (billion laughs), fetch external entities or crash the caller.
`parse_xml` refuses any document type declaration outright (no official list uses
one), checks the root element, and turns every failure into a `SourceError` that
names the file and, when the parser knows it, the line and column.
"""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from vendorrisk.errors import SourceError


def local_name(tag: str) -> str:
    """The tag without its ``{namespace}`` prefix."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str | None:
    """The namespace URI of a ``{namespace}tag``, or None."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else None


def parse_xml(path: Path, root: str | tuple[str, ...]) -> Element:
    """Parse `path` safely and check that its root element is `root` (local name).

    Args:
        path: the XML file.
        root: the expected local name of the root element, or several accepted ones.

    Returns:
        The root element.

    Raises:
        SourceError: the file is unreadable, not well-formed, truncated, declares a
            DTD or entities, or has another root element (e.g. an HTML error page).
    """
    accepted = (root,) if isinstance(root, str) else root
    try:
        tree = safe_et.parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceError(f"{path}: refused unsafe XML ({type(exc).__name__}: {exc})") from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise SourceError(f"{path}:{line}:{column}: malformed or truncated XML: {exc}") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (LookupError, ValueError) as exc:
        raise SourceError(f"{path}: unreadable XML declaration or encoding: {exc}") from exc
    found = local_name(tree.getroot().tag)
    if found not in accepted:
        want = " or ".join(f"<{name}>" for name in accepted)
        raise SourceError(f"{path}: expected root element {want}, found <{found}>; wrong file or format?")
    return tree.getroot()


def child_text(element: Element, name: str) -> str:
    """Stripped text of the first child with local name `name` (any namespace), or ''."""
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def children(element: Element, name: str) -> list[Element]:
    """Every child with local name `name` (any namespace)."""
    return [child for child in element if local_name(child.tag) == name]


def descendants(element: Element, name: str) -> list[Element]:
    """Every descendant with local name `name` (any namespace)."""
    return [node for node in element.iter() if local_name(node.tag) == name]
