"""The audit report's script: the filters, the search, the counts they change and the sortable tables.

Plain JavaScript in the page (nothing fetched). Every finding card carries its severity, code, agency and
fiscal year as data attributes; a filter hides the cards it leaves out, a document whose cards are all
hidden, and a series none of whose documents is left; then every count on the page (the tiles, the
summary tables, the headings) is counted again from what is shown. The page opens with everything
shown and its counts written in it, so the script does nothing until a filter is used. A row of a
summary table filters by its agency or code; a column heading sorts its table. Without the script the
page shows everything.
"""

from __future__ import annotations

from typing import Final

SCRIPT: Final = r"""
(function () {
  "use strict";
  var $ = function (s) { return document.querySelector(s); };
  var $$ = function (s) { return Array.prototype.slice.call(document.querySelectorAll(s)); };
  var data = JSON.parse($("#data").textContent);
  var SEP = data.sep;
  var cards = $$("article.finding"), docs = $$("section.docf"), series = $$("section.series");
  var cells = $$("[data-k]"), tocItems = $$("nav.toc li[data-for]");
  var text = null;  // each card's words, read at the first search (not while the page opens)
  function words() {
    return cards.map(function (c) {
      var d = c.closest("section.docf");
      return (c.textContent + " " + (d ? d.getAttribute("data-head") : "")).toLowerCase();
    });
  }
  var q = $("#q"), fAgency = $("#f-agency"), fFy = $("#f-fy"), fCode = $("#f-code");
  var sev = { error: $("#show-error"), warning: $("#show-warning"), info: $("#show-info") };

  function add(counts, key) { counts[key] = (counts[key] || 0) + 1; }

  function apply() {
    var query = q.value.trim().toLowerCase(), agency = fAgency.value, fy = fFy.value, code = fCode.value;
    var counts = {}, shown = 0, docsShown = {};
    if (query && text === null) { text = words(); }
    cards.forEach(function (c, i) {
      var s = c.getAttribute("data-severity"), a = c.getAttribute("data-agency");
      var ok = sev[s].checked && (!agency || a === agency) && (!fy || c.getAttribute("data-fy") === fy) &&
        (!code || c.getAttribute("data-code") === code) && (!query || text[i].indexOf(query) >= 0);
      c.hidden = !ok;
      if (ok) {
        shown++;
        add(counts, "s:" + s);
        add(counts, "a:" + a + ":" + s);
        add(counts, "c:" + c.getAttribute("data-code"));
        var d = c.closest("section.docf");
        if (d) { docsShown[d.id] = true; }
      }
    });
    var withFindings = {};
    docs.forEach(function (d) {
      d.hidden = !docsShown[d.id];
      if (!d.hidden) { withFindings[d.getAttribute("data-doc")] = true; }
    });
    var filtered = query || code || !sev.error.checked || !sev.warning.checked || !sev.info.checked;
    var nSeries = 0;
    series.forEach(function (s) {
      var ok = (!agency || s.getAttribute("data-agencies").split(SEP).indexOf(agency) >= 0) &&
        (!fy || s.getAttribute("data-fys").split(SEP).indexOf(fy) >= 0);
      if (ok && filtered) {
        var own = query && s.getAttribute("data-search").indexOf(query) >= 0 && !code;
        var found = s.getAttribute("data-docs").split(" ").some(function (id) { return withFindings[id]; });
        ok = own || found;
      }
      s.hidden = !ok;
      if (ok) { nSeries++; }
    });
    tocItems.forEach(function (li) {
      li.hidden = document.getElementById(li.getAttribute("data-for")).hidden;
    });
    var nDocs = 0;
    data.documents.forEach(function (d) {
      if ((!agency || d[0] === agency) && (!fy || d[1] === fy)) { add(counts, "d:" + d[0]); nDocs++; }
    });
    counts["d:*"] = nDocs;
    counts.series = nSeries;
    cells.forEach(function (c) {
      var v = counts[c.getAttribute("data-k")] || 0;
      c.textContent = v.toLocaleString("en-US");
      if (c.tagName === "TD") { c.classList.toggle("zero", !v); }
    });
    $$("#t-agency tbody tr").forEach(function (r) {
      r.hidden = !!agency && r.getAttribute("data-agency") !== agency;
      r.classList.toggle("picked", !!agency && r.getAttribute("data-agency") === agency);
    });
    $$("#t-code tbody tr").forEach(function (r) {
      r.classList.toggle("picked", !!code && r.getAttribute("data-code") === code);
    });
    $("#n-shown").textContent = shown.toLocaleString("en-US");
    $("#n-findings").textContent = shown.toLocaleString("en-US");
    $("#n-series").textContent = nSeries.toLocaleString("en-US");
    $("#nothing").hidden = shown > 0 || cards.length === 0;
  }

  function pick(select, value) {
    select.value = select.value === value ? "" : value;
    apply();
    document.getElementById("findings").scrollIntoView();
  }

  [q, fAgency, fFy, fCode].forEach(function (el) { el.addEventListener("input", apply); });
  Object.keys(sev).forEach(function (k) { sev[k].addEventListener("change", apply); });
  $("#reset").addEventListener("click", function () {
    q.value = ""; fAgency.value = ""; fFy.value = ""; fCode.value = "";
    Object.keys(sev).forEach(function (k) { sev[k].checked = true; });
    apply();
  });
  $$("tr.pick").forEach(function (r) {
    var go = function () {
      if (r.hasAttribute("data-agency")) { pick(fAgency, r.getAttribute("data-agency")); }
      else { pick(fCode, r.getAttribute("data-code")); }
    };
    r.addEventListener("click", go);
    r.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
  });
  $$("table.sortable th").forEach(function (th, ignored) {
    th.addEventListener("click", function () {
      var table = th.closest("table"), body = table.tBodies[0], col = th.cellIndex;
      var numeric = th.getAttribute("data-sort") === "n";
      var down = th.getAttribute("aria-sort") !== "descending";
      $$("#" + table.id + " th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.cells[col].textContent, b = y.cells[col].textContent;
        var r = numeric
          ? parseFloat(a.replace(/,/g, "")) - parseFloat(b.replace(/,/g, ""))
          : a.localeCompare(b, "th");
        return down ? -r : r;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  // the page opens with everything shown and counted: the script waits for the first filter
})();
"""
