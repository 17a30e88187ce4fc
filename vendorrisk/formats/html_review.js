(function () {
  "use strict";
  // The review page's progressive enhancement: without this script every row and all evidence
  // is visible. Filter state lives in the URL fragment (#q=…&verdict=…&severity=…&list=…
  // &decision=…&sort=-verdict&expand) so that a filtered view can be shared as a link.
  var table = document.getElementById("suppliers");
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var body = table.tBodies[0];
  var FIELDS = ["q", "verdict", "severity", "list", "decision"];
  var SEVERITY = {info: 0, low: 1, medium: 2, high: 3, critical: 4};
  var VERDICT = {clear: 0, review: 1, restricted: 2, prohibited: 3};
  var sortKey = "", timer = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var rows = Array.prototype.map.call(body.rows, function (tr) {
    return {tr: tr, verdict: tr.getAttribute("data-v") || "", severity: SEVERITY[tr.getAttribute("data-sev")],
            lists: " " + (tr.getAttribute("data-lists") || "") + " ", decision: tr.getAttribute("data-dec") || "",
            text: null};
  });
  function searchText(r) {
    if (r.text === null) r.text = fold(r.tr.cells[1].textContent + " | " + (r.tr.getAttribute("data-q") || ""));
    return r.text;
  }

  function readHash() {
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("="), key = at < 0 ? pair : pair.slice(0, at), value = at < 0 ? "" : pair.slice(at + 1);
      try { state[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, " ")); } catch (e) { /* skip */ }
    });
    return state;
  }
  function isFilterState(state) {
    return FIELDS.concat(["sort", "expand"]).some(function (k) { return k in state; });
  }
  function writeHash() {
    var parts = [];
    FIELDS.forEach(function (k) {
      var value = form.elements[k].value.trim();
      if (value) parts.push(k + "=" + encodeURIComponent(value));
    });
    if (sortKey) parts.push("sort=" + sortKey);
    if ("expand" in readHash()) parts.push("expand");
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash === location.hash) return;
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      location.hash = hash;
    }
  }

  function apply() {
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var verdict = form.elements.verdict.value, list = form.elements.list.value;
    var decision = form.elements.decision.value, severity = form.elements.severity.value;
    var least = severity in SEVERITY ? SEVERITY[severity] : -1, needle = " " + list + " ", count = 0;
    rows.forEach(function (r) {
      var ok = (!verdict || r.verdict === verdict) && (least < 0 || r.severity >= least) &&
        (!list || r.lists.indexOf(needle) >= 0) && (!decision || r.decision === decision) &&
        words.every(function (w) { return searchText(r).indexOf(w) >= 0; });
      if (r.tr.hidden === ok) r.tr.hidden = !ok;
      count += ok ? 1 : 0;
    });
    shown.textContent = "showing " + count + " of " + rows.length + " supplier" + (rows.length === 1 ? "" : "s");
  }
  function changed(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(); writeHash(); }, delay);
  }

  function key(row, col, kind) {
    if (kind === "verdict") return VERDICT[row.getAttribute("data-v")];
    var text = row.cells[col].textContent.trim();
    if (kind === "num") return text === "" ? Infinity : Number(text);
    return text.toLowerCase();
  }
  function sortBy(th, descending) {
    var col = th.cellIndex, kind = th.getAttribute("data-sort");
    var keyed = Array.prototype.map.call(body.rows, function (r, i) { return [key(r, col, kind), i, r]; });
    keyed.sort(function (a, b) {
      return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) * (descending ? -1 : 1) || a[1] - b[1];
    });
    var sorted = document.createDocumentFragment();
    keyed.forEach(function (k) { sorted.appendChild(k[2]); });
    body.appendChild(sorted);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    sortKey = (descending ? "-" : "") + th.getAttribute("data-col");
  }
  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort] button"), function (b) {
    b.addEventListener("click", function () {
      var th = b.parentNode;
      sortBy(th, th.getAttribute("aria-sort") === "ascending");
      writeHash();
    });
  });

  function openAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = open; });
  }
  document.getElementById("expand-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { openAll(false); });
  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    openAll(true);
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (d) { d.open = false; });
  });

  // Links between a supplier row and its decisions move focus without touching the fragment,
  // which holds the filters; a row hidden by the filters is shown by clearing them.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#d-"], a[href^="#s-"]');
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    if (target.hidden) { form.reset(); apply(); writeHash(); }
    Array.prototype.forEach.call(document.querySelectorAll(".target"), function (t) { t.classList.remove("target"); });
    target.classList.add("target");
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
  });

  function load() {
    var state = readHash();
    if (!isFilterState(state)) return;
    FIELDS.forEach(function (k) {
      var control = form.elements[k];
      control.value = state[k] || "";
      if (control.selectedIndex === -1) control.selectedIndex = 0;  // a value the page does not offer: any
    });
    var m = /^(-?)(\w+)$/.exec(state.sort || "");
    var th = m && table.querySelector('th[data-col="' + m[2] + '"][data-sort]');
    if (th) sortBy(th, m[1] === "-");
    if ("expand" in state) openAll(true);
    apply();
  }
  form.addEventListener("input", function (e) { changed(e.target.name === "q" ? 150 : 0); });
  form.addEventListener("change", function () { changed(0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); changed(0); });
  form.addEventListener("reset", function () { changed(0); });
  window.addEventListener("hashchange", load);
  form.hidden = false;
  load();
  apply();
  document.documentElement.setAttribute("data-js", "ready");
})();
