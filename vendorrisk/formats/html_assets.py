"""The inline stylesheet and script of the HTML report, and the CSP that allows only them.

Kept apart from `html.py` so the page structure reads on its own. The Content-Security-
Policy pins the exact style and script by SHA-256, so nothing else can run or load,
even if some text escaped escaping.
"""
from __future__ import annotations

import base64
import hashlib

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:78rem;padding:0 1rem;color:#1d2430;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #d9dee7;padding-bottom:.2rem}
.meta{color:#5a6475;margin:.2rem 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:0;padding:0;list-style:none}
.cards li{border:1px solid #d9dee7;border-radius:6px;padding:.45rem .8rem;min-width:5.5rem}
.cards b{display:block;font-size:1.35rem}
.warn{background:#fff6db;border:1px solid #e8c35a;border-radius:6px;padding:.5rem .8rem;margin:.8rem 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #e6e9ef}
th{white-space:nowrap}td{overflow-wrap:break-word}td.name{min-width:14rem;overflow-wrap:anywhere}code.sha{word-break:break-all}.nowrap{white-space:nowrap}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
td.num,th.num{text-align:right}
.badge{display:inline-block;white-space:nowrap;border-radius:4px;padding:0 .45rem;font-weight:600;font-size:.85em}
.prohibited,.critical{background:#8b0d18;color:#fff}.restricted,.high{background:#d9382e;color:#fff}
.review,.medium{background:#f2b53b;color:#1d2430}.clear{background:#1f7a3f;color:#fff}
.low{background:#cfe3f7;color:#1d2430}.info{background:#e6e9ef;color:#1d2430}.stale{background:#f2b53b;color:#1d2430}
details{margin:.1rem 0}summary{cursor:pointer}
.finding{border-left:3px solid #d9dee7;margin:.5rem 0 .5rem .3rem;padding:.1rem .7rem}
.finding dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}
.finding dt{color:#5a6475}.finding dd{margin:0}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
.controls button{font:inherit;margin-right:.4rem}
"""

JS = """
(function () {
  var table = document.getElementById("suppliers");
  var rank = {clear: 0, review: 1, restricted: 2, prohibited: 3};
  function key(row, col, kind) {
    var text = row.cells[col].getAttribute("data-key") || row.cells[col].textContent.trim();
    if (kind === "verdict") return rank[text] === undefined ? -1 : rank[text];
    if (kind === "num") return text === "" ? Infinity : Number(text);
    return text.toLowerCase();
  }
  function sortBy(th, descending) {
    var col = th.cellIndex, kind = th.getAttribute("data-sort");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, kind), y = key(b, col, kind);
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort] button"), function (b) {
    b.addEventListener("click", function () {
      var th = b.parentNode;
      sortBy(th, th.getAttribute("aria-sort") === "ascending");
    });
  });
  function openAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = open; });
  }
  document.getElementById("expand-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { openAll(false); });
  var m = /[#&]sort=(-?)(\\w+)/.exec(location.hash);
  var th = m && table.querySelector("th[data-col=" + m[2] + "]");
  if (th) sortBy(th, m[1] === "-");
  if (/[#&]expand\\b/.test(location.hash)) openAll(true);
  document.documentElement.setAttribute("data-js", "ready");
})();
"""


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy() -> str:
    """A CSP that allows exactly `CSS` and `JS`, no other resource, form or base URL."""
    return (f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(JS)}; "
            "base-uri 'none'; form-action 'none'")
