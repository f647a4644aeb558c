/* lianzheng site: filters, sortable tables and search, all offline (works from file://). */
(function () {
  "use strict";

  /* The query string as an object; URLSearchParams decodes "+" and never throws on a
     malformed "%" (decodeURIComponent does, and that would stop every script below). */
  function params() {
    var out = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) { out[key] = value; });
    return out;
  }

  function norm(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  /* Filters: every control of a form.filters narrows the rows of its target. */
  function setupFilters(form) {
    var target = document.getElementById(form.getAttribute("data-filter-target"));
    if (!target) { return; }
    var rows = Array.prototype.slice.call(target.querySelectorAll("tbody tr"));
    var groups = Array.prototype.slice.call(target.querySelectorAll(".filter-group"));
    var controls = Array.prototype.slice.call(form.querySelectorAll("select, input"));
    var counter = form.querySelector(".filter-count");
    var given = params();
    controls.forEach(function (c) {
      if (given[c.name] !== undefined) { c.value = given[c.name]; }
    });
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = controls.every(function (c) {
          var want = norm(c.value).trim();
          if (!want) { return true; }
          var have = row.getAttribute("data-" + c.name) || "";
          if (c.tagName === "INPUT") { return norm(have).indexOf(want) !== -1; }
          return (" " + have + " ").indexOf(" " + c.value + " ") !== -1;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("tbody tr:not([hidden])");
      });
      if (counter) { counter.textContent = "显示 " + shown + " / " + rows.length + " 项"; }
    }
    controls.forEach(function (c) {
      c.addEventListener(c.tagName === "INPUT" ? "input" : "change", apply);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    apply();
  }

  /* Sortable tables: a button in each header cell with data-sort. */
  function setupSort(table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort]"));
    table.classList.add("sort-ready");
    heads.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute("data-sort") === "number";
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var vx = x.getAttribute("data-value") || x.textContent.trim();
          var vy = y.getAttribute("data-value") || y.textContent.trim();
          var r = numeric ? (parseFloat(vx) || 0) - (parseFloat(vy) || 0) : vx.localeCompare(vy, "zh-CN");
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* Search: substring matching works for Chinese without word segmentation, so 食品
     finds 食品经营许可 and a two-character word inside a long text. */
  function setupSearch() {
    var list = document.getElementById("search-results");
    if (!list) { return; }
    var status = document.getElementById("search-status");
    var input = document.getElementById("q");
    var query = params().q || "";
    input.value = query;
    var index = window.LZ_SEARCH || [];
    var terms = norm(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = "请输入关键词。"; return; }
    var hits = [];
    index.forEach(function (entry) {
      var title = norm(entry.t), text = norm(entry.t + " " + entry.s + " " + entry.k);
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        if (text.indexOf(terms[i]) === -1) { return; }
        score += title.indexOf(terms[i]) !== -1 ? 10 : 1;
      }
      hits.push({ entry: entry, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.entry.t.localeCompare(b.entry.t, "zh-CN"); });
    status.textContent = "“" + query + "”共找到 " + hits.length + " 条结果。";
    hits.slice(0, 200).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.entry.u;
      a.textContent = hit.entry.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.entry.k;
      var snippet = document.createElement("div");
      snippet.className = "snippet";
      snippet.textContent = hit.entry.s;
      li.appendChild(a);
      li.appendChild(kind);
      li.appendChild(snippet);
      list.appendChild(li);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.filters"), setupFilters);
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setupSort);
    setupSearch();
  });
}());
