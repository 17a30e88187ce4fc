"""The exceptions vendorrisk raises: one base class, one subclass per kind of failure.

The CLI catches `VendorRiskError` once, at the edge, and prints its message as a
single line; library callers can catch the specific subclass they care about.
"""
from __future__ import annotations


class VendorRiskError(Exception):
    """Base class of every error vendorrisk raises on purpose."""


class InputError(VendorRiskError):
    """A supplier file or manifest cannot be read; names file, line and column when known."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.line, self.column = path, line, column
        where = ":".join(str(p) for p in (path, line, column) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


class SourceError(VendorRiskError):
    """An official list file is missing, malformed, truncated or fails its sanity checks."""


class StoreError(VendorRiskError):
    """The local list store cannot be read or written."""


class RuleError(VendorRiskError):
    """A policy rule or profile is invalid; names file, line and reason."""


class ConfigError(VendorRiskError):
    """Settings from pyproject.toml, a config file, the environment or flags are invalid."""
