/* The search page's script: a file of its own, not an inline script (the page's Content-Security-Policy
   allows scripts from the site only). Served over http(s), Pagefind's UI searches. Opened from the files
   (file://), where browsers refuse Pagefind's fetch() and import(), lunr.js searches instead: it and the
   index that cagraph.site.search wrote (assets/search-index.js) come in as plain <script> elements, which
   browsers load from files. Results are built with DOM calls (textContent), never as HTML. */
(function () {
  "use strict";
  var SHOWN = 100, PER_PAGE = 3, AROUND = 110;

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function load(src, then) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = then;
    s.onerror = function () {
      document.getElementById("search-file-status").textContent = "The search index (" + src + ") could not be loaded.";
    };
    document.head.appendChild(s);
  }

  /* As cagraph.site.search.words: runs of letters and digits, lower-cased, without lunr's stop words. */
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w && lunr.stopWordFilter(w); });
  }

  /* The passages that hold, for every word, a word starting with it, grouped by page: [[page, [passage, ...]], ...],
     best first. The same query as cagraph.site.search.query (lunr.py). */
  function find(data, index, terms) {
    if (!terms.length) return [];
    var pages = new Map();
    index.query(function (q) {
      terms.forEach(function (t) { q.term(t, {presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.TRAILING}); });
    }).forEach(function (hit) {
      var p = data.passages[Number(hit.ref)];
      if (!pages.has(p[0])) pages.set(p[0], []);
      pages.get(p[0]).push(p);
    });
    return Array.from(pages.entries());
  }

  /* Some words of a passage around the first place a query word starts (its start if none does). */
  function excerpt(text, terms) {
    if (text.length <= 2 * AROUND) return text;
    var low = text.toLowerCase(), at = text.length;
    terms.forEach(function (t) { var i = low.indexOf(t); if (i >= 0 && i < at) at = i; });
    var start = at === text.length ? 0 : Math.max(0, text.lastIndexOf(" ", Math.max(0, at - AROUND)) + 1);
    var end = text.indexOf(" ", Math.min(text.length, start + 2 * AROUND));
    end = end < 0 ? text.length : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function show(data, index, query) {
    var list = document.getElementById("search-file-results"), status = document.getElementById("search-file-status");
    var terms = words(query), found = find(data, index, terms);
    list.replaceChildren();
    status.textContent = !terms.length ? "" : found.length + (found.length === 1 ? " page" : " pages") +
      (found.length > SHOWN ? " (the first " + SHOWN + " shown)" : "");
    found.slice(0, SHOWN).forEach(function (entry) {
      var page = data.pages[entry[0]], li = el("li"), title = el("a", page[1]);
      title.href = page[0];
      li.appendChild(el("strong")).appendChild(title);
      entry[1].slice(0, PER_PAGE).forEach(function (p) {
        var a = el("a", excerpt(p[2], terms));
        a.href = page[0] + (p[1] ? "#" + p[1] : "");
        li.appendChild(el("p")).appendChild(a);
      });
      list.appendChild(li);
    });
  }

  function fromFiles() {
    var form = document.getElementById("search-file"), input = document.getElementById("search-file-input");
    form.hidden = false;
    load("assets/vendor/lunr.min.js", function () {
      load("assets/search-index.js", function () {
        var data = window.CAGRAPH_SEARCH, index = lunr.Index.load(data.index);
        var run = function () { show(data, index, input.value); };
        /* The page paths lunr finds for a query, all of them, best first (tests compare them with lunr.py and Pagefind). */
        data.pagesFor = function (query) {
          return find(data, index, words(query)).map(function (entry) { return data.pages[entry[0]][0]; });
        };
        input.addEventListener("input", run);
        form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
        input.disabled = false;
        input.focus();
        run();
      });
    });
  }

  window.addEventListener("DOMContentLoaded", function () {
    if (window.location.protocol === "file:" || typeof PagefindUI !== "function") {
      fromFiles();
      return;
    }
    new PagefindUI({
      element: "#search",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      baseUrl: window.location.pathname.replace(/[^/]*$/, "")
    });
  });
})();
