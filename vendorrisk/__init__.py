"""vendorrisk: screen suppliers against sanctions, export-control and procurement lists.

Public API (imported on first use, so `import vendorrisk` stays cheap):
    vendorrisk.screen(suppliers, settings=None) -> Report   one call for a batch of names or rows
    vendorrisk.Screener(settings)                         reusable: lists, index and policy loaded once
    vendorrisk.load_settings(flags)                        settings from pyproject, environment and flags
    vendorrisk.read_suppliers(path)                        stream rows from a CSV, TSV, XLSX or manifest
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "Screener": ("vendorrisk.screen", "Screener"),
    "screen": ("vendorrisk.screen", None),
    "load_settings": ("vendorrisk.config", "load_settings"),
    "read_suppliers": ("vendorrisk.inputs", "read_suppliers"),
}

__all__ = ["Screener", "__version__", "load_settings", "read_suppliers", "screen"]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'vendorrisk' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    loaded = importlib.import_module(module)
    return loaded if attribute is None else getattr(loaded, attribute)
