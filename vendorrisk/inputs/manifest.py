"""Vendor manifests kept in git: YAML, JSON and TOML lists of vendors, each with its line.

The documented shape (docs/pre-commit.md) is a list of vendors, either at the top
level or under a top-level `vendors:` (or `suppliers:`) key. Each vendor is a
mapping with `name` and optional `country`, `aliases`, `id` and `website` (other
scalar keys are kept as fields), or just a name string. Every vendor keeps the
line of its name (found by `vendorrisk.inputs.manifest_parse`) so that a finding
can point at `file:line`. CSV manifests use the CSV reader.

The name key is found per vendor the way the CSV reader finds a name column
(`company`, `vendor`, `supplier`, `legal_name`, ... see `columns.NAME_HEADERS`)
unless one is chosen; any other name-like key of the vendor is screened as an
alias too, so a second name cannot pass unseen. A vendor without one is skipped
(and the hook fails on it). When names come from a key other than `name`, the
stream's `warnings` say which.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vendorrisk.errors import InputError
from vendorrisk.inputs.columns import COUNTRY_HEADERS, NAME_HEADERS, detect_column, header_key
from vendorrisk.inputs.manifest_parse import LIST_KEYS, MAX_MANIFEST_BYTES, budget_error, kind_of, parse_manifest
from vendorrisk.inputs.rows import MAX_FIELD_CHARS, clean_name, shown
from vendorrisk.model import has_visible
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
        self.name_column = name_column
        self.country_column = country_column
        self.name_keys: dict[str, int] = {}
        text = _read_text(Path(path))
        items = parse_manifest(text, self.path, Path(path).suffix, self._name_key)
        self._rows = tuple(self._row(value, line) for value, line in items)
        used = {k: n for k, n in self.name_keys.items() if k != (name_column or "name")}
        self.warnings: tuple[str, ...] = () if not used else (
            "vendor names were read from " + ", ".join(f"`{k}` ({n} vendor(s))" for k, n in used.items())
            + (" (detected; choose the key with --name-key)" if name_column is None else ""),)

    def _name_key(self, vendor: dict) -> str | None:
        """The key holding this vendor's name: the chosen one, or detected like a CSV name column."""
        keys = tuple(str(k) for k in vendor)
        if self.name_column is not None:
            return next((k for k in keys if header_key(k) == header_key(self.name_column)), self.name_column)
        return detect_column(keys, NAME_HEADERS)

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
            value = {self.name_column or "name": value}
        if not isinstance(value, dict):
            return SkippedRow(line=line, path=self.path, reason=f"a vendor must be a mapping or a name, "
                              f"not {kind_of(value)}", fields={"(value)": shown(str(value))})
        fields = _fields(value)
        name_key = self._name_key(value)
        country_key = self._country_key(value, name_key)
        problem = _problem(value, name_key, country_key, self.name_column)
        if problem:
            return SkippedRow(line=line, path=self.path, reason=problem, fields=fields)
        self.name_keys[name_key] = self.name_keys.get(name_key, 0) + 1
        country = clean_name(value.get(country_key) or "")
        aliases = [*_aliases(value), *self._other_names(value, name_key)]
        return SupplierRow(name=clean_name(str(value[name_key])), line=line, path=self.path,
                           country=country or None,
                           aliases=tuple(dict.fromkeys(clean_name(a) for a in aliases if has_visible(a))),
                           fields=fields)

    def _country_key(self, vendor: dict, name_key: str | None) -> str:
        if self.country_column is not None:
            return self.country_column
        return detect_column(tuple(str(k) for k in vendor if k != name_key), COUNTRY_HEADERS) or "country"

    def _other_names(self, vendor: dict, name_key: str) -> list[str]:
        """Text under the vendor's other name-like keys, screened as aliases (none when the key was chosen)."""
        if self.name_column is not None:
            return []
        return [_SURROGATE.sub("\ufffd", v) for k, v in vendor.items()
                if k != name_key and isinstance(v, str) and header_key(str(k)) in NAME_HEADERS]


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise InputError("is a directory, not a manifest", path=str(path))
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", path=str(path)) from exc
    if len(data) > MAX_MANIFEST_BYTES:
        raise budget_error(f"larger than {MAX_MANIFEST_BYTES >> 20} MiB", str(path), None)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start})",
                         path=str(path)) from exc


def _aliases(value: dict) -> list[str]:
    aliases = value.get("aliases") or []
    return [_SURROGATE.sub("\ufffd", a) for a in ([aliases] if isinstance(aliases, str) else map(str, aliases))]


def _problem(value: dict, name_key: str | None, country_key: str, chosen: str | None) -> str | None:
    if name_key is None or name_key not in value:
        keys = ", ".join(f"`{k}`" for k in list(value)[:10]) or "none"
        wanted = f"a `{chosen}` key" if chosen else "a name key (`name`, `company`, `vendor`, `supplier`, `legal_name`, ...)"
        return f"no name: expected {wanted}; the vendor's keys are {keys}; choose the key with --name-key"
    name = value.get(name_key)
    if isinstance(name, (dict, list, bool)):
        return f"`{name_key}` must be text, not {kind_of(name)}"
    if name is None or not has_visible(str(name)):
        only = " (it holds only invisible characters)" if name is not None and clean_name(str(name)) else ""
        return f"empty `{name_key}`: every vendor needs a name{only}"
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
