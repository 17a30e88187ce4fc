"""The inline stylesheet and script of the HTML report, and the CSP that allows only them.

The style (`html_report.css`) and the review script (`html_review.js`) are package
files beside this module, read once, so each reads as what it is. The Content-Security-
Policy pins their exact text by SHA-256, so nothing else can run or load, even if some
text escaped escaping.
"""
from __future__ import annotations

import base64
import hashlib
from importlib.resources import files

_HERE = files("vendorrisk.formats")
CSS = _HERE.joinpath("html_report.css").read_text(encoding="utf-8")
JS = _HERE.joinpath("html_review.js").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy() -> str:
    """A CSP that allows exactly `CSS` and `JS`, no other resource, form or base URL."""
    return (f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(JS)}; "
            "base-uri 'none'; form-action 'none'")
