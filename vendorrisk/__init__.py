"""vendorrisk: screen suppliers against sanctions, export-control and procurement lists.

Public API (imported on first use, so `import vendorrisk` stays cheap):
    vendorrisk.screen(suppliers, settings=None) -> Report   one call for a batch of names or rows
    vendorrisk.Screener(settings)                         reusable: lists, index and policy loaded once
    vendorrisk.load_settings(flags)                        settings from pyproject, environment and flags
    vendorrisk.read_suppliers(path)                        stream rows from a CSV, TSV, XLSX or manifest
    vendorrisk.load_decisions(path)                        reviewed decisions, for screen(..., decisions=)
"""
from __future__ import annotations

from vendorrisk.lazy import module_getattr

__version__ = "0.1.0"

__all__ = ["Screener", "__version__", "load_decisions", "load_settings", "read_suppliers", "screen"]

__getattr__ = module_getattr(__name__, {
    "Screener": "vendorrisk.screening.screener:Screener",
    "screen": "vendorrisk.screening.screener:screen",
    "load_settings": "vendorrisk.config:load_settings",
    "read_suppliers": "vendorrisk.inputs:read_suppliers",
    "load_decisions": "vendorrisk.decisions:load_decisions",
})
