"""Vendor manifests kept in git: YAML, JSON and TOML lists of vendors, each with its line.

The documented shape (docs/pre-commit.md) is a list of vendors, either at the top
level or under a top-level `vendors:` (or `suppliers:`) key. Each vendor is a
mapping with `name` and optional `country`, `aliases`, `id` and `website` (other
scalar keys are kept as fields), or just a name string. Every vendor keeps the
line of its name (found by `vendorrisk.inputs.manifest_parse`) so that a finding
can point at `file:line`. CSV manifests use the CSV reader.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vendorrisk.errors import InputError
from vendorrisk.inputs.manifest_parse import LIST_KEYS, kind_of, parse_manifest
from vendorrisk.inputs.rows import MAX_FIELD_CHARS, clean_name, shown
from vendorrisk.model import SkippedRow, SupplierRow

# NOTE: JSON and YAML can spell a lone surrogate ("\ud800"); it is not text and cannot be
# written out as UTF-8, so a name or country holding one is skipped and other fields show U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ManifestStream:
    """The vendors of one YAML, JSON or TOML manifest, parsed at once and iterated in file order.

    Args:
        path: the manifest; its suffix chooses the parser (.yaml/.yml, .json, .toml).
        name_column: key holding the vendor name instead of `name`.
        country_column: key holding the country instead of `country`.

    Raises:
        InputError: the file cannot be read or parsed, or its top level is not a list of vendors.
    """

    encoding = "utf-8"

    def __init__(self, path: str | Path, *, name_column: str | None = None,
                 country_column: str | None = None) -> None:
        self.path = str(path)
        self.name_column = name_column or "name"
        self.country_column = country_column or "country"
        text = _read_text(Path(path))
        items = parse_manifest(text, self.path, Path(path).suffix, self.name_column)
        self._rows = tuple(self._row(value, line) for value, line in items)

    def __iter__(self) -> Iterator[SupplierRow | SkippedRow]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def close(self) -> None:
        """Nothing to release: the file was read whole when the stream was opened."""

    def __enter__(self) -> ManifestStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _row(self, value: object, line: int | None) -> SupplierRow | SkippedRow:
        if isinstance(value, str):
            value = {self.name_column: value}
        if not isinstance(value, dict):
            return SkippedRow(line=line, path=self.path, reason=f"a vendor must be a mapping or a name, "
                              f"not {kind_of(value)}", fields={"(value)": shown(str(value))})
        fields = _fields(value)
        problem = _problem(value, self.name_column, self.country_column)
        if problem:
            return SkippedRow(line=line, path=self.path, reason=problem, fields=fields)
        country = clean_name(value.get(self.country_column) or "")
        return SupplierRow(name=clean_name(str(value[self.name_column])), line=line, path=self.path,
                           country=country or None,
                           aliases=tuple(clean_name(a) for a in _aliases(value) if clean_name(a)),
                           fields=fields)


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise InputError("is a directory, not a manifest", path=str(path))
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start})",
                         path=str(path)) from exc


def _aliases(value: dict) -> list[str]:
    aliases = value.get("aliases") or []
    return [_SURROGATE.sub("\ufffd", a) for a in ([aliases] if isinstance(aliases, str) else map(str, aliases))]


def _problem(value: dict, name_key: str, country_key: str) -> str | None:
    name = value.get(name_key)
    if isinstance(name, (dict, list, bool)):
        return f"`{name_key}` must be text, not {kind_of(name)}"
    if name is None or not clean_name(str(name)):
        return f"no `{name_key}`: every vendor needs a name"
    for key in (name_key, country_key):
        if isinstance(value.get(key), str) and _SURROGATE.search(value[key]):
            return f"`{key}` holds an escaped lone surrogate (such as \\ud800), which is not text"
    if any(len(str(v)) > MAX_FIELD_CHARS for v in value.values() if not isinstance(v, (dict, list))):
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters"
    if value.get(country_key) is not None and not isinstance(value.get(country_key), str):
        return f"`{country_key}` must be text, not {kind_of(value[country_key])}"
    aliases = value.get("aliases")
    if aliases is not None and not isinstance(aliases, str) and (
            not isinstance(aliases, list) or any(isinstance(a, (dict, list)) for a in aliases)):
        return "`aliases` must be a list of names"
    return None


def _fields(value: dict) -> dict[str, str]:
    fields = {}
    for key, item in value.items():
        if isinstance(item, list) and not any(isinstance(i, (dict, list)) for i in item):
            fields[str(key)] = shown(_SURROGATE.sub("\ufffd", "; ".join(str(i) for i in item)))
        elif item is not None and not isinstance(item, (dict, list)):
            fields[str(key)] = shown(_SURROGATE.sub("\ufffd", str(item)))
    return fields


__all__ = ["LIST_KEYS", "ManifestStream"]
