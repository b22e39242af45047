"""Full-text search over the site's entities, claims and quotes: two indexes of the same pages.

Only the pages whose ``<main>`` carries ``data-pagefind-body`` are indexed: the entity pages (facts
with their quotes), the document pages (quotes in document order) and the argument pages (every
claim). No server-side code runs for either index.

* **Pagefind** (the ``pagefind`` Python package, whose ``pagefind[bin]`` extra ships the indexing
  binary) reads the built pages and writes its index and search UI into ``pagefind/``. The search
  page uses it when the site is served (``http``/``https``). It loads its index with ``fetch()``
  and ``import()``, which browsers refuse for pages opened from files (``file://``).
* **lunr**, hence the second index: so that the search works from the files alone. The ``lunr``
  Python package (lunr.py, a port of lunr.js 2.3.9 that writes the same index format) builds it
  at build time from the same pages, split into passages (a fact, a quote, a claim, the top of a
  page), each linked to its anchor on its page. :func:`lunr_files` writes it, with a store of the
  pages and the passage texts, as ``assets/search-index.js``: a script that assigns one global
  (``CAGRAPH_SEARCH``). Opened from the files, the search page (``assets/search.js``) loads that
  script and lunr.js 2.3.9 (vendored in ``static/vendor/``, MIT) with plain ``<script>`` elements,
  which browsers allow from files, and lunr.js searches the index in the page.

The lunr index holds whole words, not stems: lunr.py's Porter stemmer and lunr.js's disagree on
some words (lunr.py says so for "lay" and "try"; here "railway" is ``railwai`` in Python and
``railway`` in lunr.js), and an index stemmed by one and searched by the other misses them. Both
sides split text the same way instead (:func:`words`: runs of Unicode letters and digits,
lower-cased, lunr's stop words dropped) and a query asks for passages that hold, for every word
typed, a word that starts with it (``railway`` finds "railways"). :func:`query` is that query in
Python; ``tests/test_site.py`` compares it with lunr.js in Chromium and with Pagefind.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from cagraph.errors import OutputError

#: Where the Pagefind index goes, relative to the site root.
BUNDLE = "pagefind"
#: The lunr index (a script), lunr.js and its licence, relative to the site root.
LUNR_INDEX = "assets/search-index.js"
LUNR_JS = {"assets/vendor/lunr.min.js": "static/vendor/lunr.min.js",
           "assets/vendor/LICENSE.lunr.txt": "static/vendor/LICENSE.lunr.txt"}
#: The global the index script assigns.
GLOBAL = "CAGRAPH_SEARCH"
#: A page's first passage (its heading, names and codes) weighs this much more than the others.
HEAD_BOOST = 2


def index_site(root: Path) -> int:
    """Index the HTML pages under ``root`` into ``root/pagefind``; returns the number of pages
    indexed. Raises :class:`OutputError` when Pagefind cannot run.

    Pagefind's command (``python -m pagefind``, the package's entry point to its binary) rather than
    its asyncio API: the API's service answered before every file was on disk in about one build in
    five here, so two builds differed; the command has written everything when it exits.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-subdir", BUNDLE, "--force-language", "en"]
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OutputError(f"search index: cannot run Pagefind ({exc})") from None
    out = res.stdout.decode("utf-8", "replace")
    found = re.search(r"Indexed (\d+) pages?", out)
    if res.returncode != 0 or found is None:
        last = (res.stderr.decode("utf-8", "replace").strip() or out.strip() or "no output").splitlines()[-1]
        raise OutputError(f"search index: Pagefind failed (exit {res.returncode}: {last})")
    return int(found.group(1))


# ---------------------------------------------------------------------------------------------
# The lunr index
# ---------------------------------------------------------------------------------------------
def words(text: str) -> list[str]:
    """The words lunr indexes and looks up: runs of letters and digits, lower-cased, without lunr's
    stop words (``assets/search.js`` splits a query the same way: ``/[^\\p{L}\\p{N}]+/u``).

    >>> words("The Tianlong-2022 exercise, in Kirghizstan's south")
    ['tianlong', '2022', 'exercise', 'kirghizstan', 's', 'south']
    """
    from lunr.stop_word_filter import stop_word_filter

    return [w for w in re.split(r"[\W_]+", text.lower()) if w and stop_word_filter(w)]


#: Elements inside a word's text; any other element's edges separate words (the badges and codes, spans,
#: stand side by side: "military exercise", "2022", "cgr:exercise-tianlong-2022").
_INLINE = {"a", "abbr", "b", "em", "i", "q", "small", "strong", "sub", "sup"}
_SKIPPED = {"form", "noscript", "script", "style", "svg", "template"}  # Pagefind skips forms and SVG too
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Passages(HTMLParser):
    """The text of a page's ``<main data-pagefind-body>``, cut into passages: a new passage starts
    at each ``article`` (a fact), ``blockquote`` (a quote), ``div.claim`` (a claim, outside a fact)
    and ``h2``/``h3``; headings join the passage that follows them. A passage links to the ``id`` of
    the element it starts at; one without (a fact under a quote of a document page) to the ``id``
    before it, since the last heading; else to the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.on = False
        self.skip = self.article = self.heading = 0
        self.title: list[str] = []
        self.title_done = False
        self.passages: list[dict] = []
        self.last_anchor = ""

    def _new(self, anchor: str) -> None:
        self.passages.append({"anchor": anchor, "text": [], "headings_only": True})

    def handle_starttag(self, tag, attrs):
        d = {k: v or "" for k, v in attrs}
        if tag == "main" and "data-pagefind-body" in d:
            self.on = True
            self._new("")
            return
        if not self.on or self.skip or tag in _SKIPPED:
            self.skip += self.on and tag in _SKIPPED
            return
        if not self.article and (tag in ("article", "blockquote", "h2", "h3")
                                 or (tag == "div" and "claim" in d.get("class", "").split())):
            heading, own = tag in _HEADINGS, d.get("id", "")
            if self.passages[-1]["headings_only"]:
                self.passages[-1]["anchor"] = own or self.passages[-1]["anchor"]
            else:
                self._new(own or ("" if heading else self.last_anchor))
            if own or heading:
                self.last_anchor = own
        self.article += tag == "article"
        self.heading += tag in _HEADINGS
        if tag not in _INLINE:
            self.passages[-1]["text"].append(" ")

    def handle_endtag(self, tag):
        if not self.on:
            return
        if self.skip:
            self.skip -= tag in _SKIPPED
            return
        if tag == "main":
            self.on = False
            return
        self.article -= tag == "article"
        self.heading -= tag in _HEADINGS
        self.title_done = self.title_done or (tag == "h1" and bool(self.title))
        if tag not in _INLINE:
            self.passages[-1]["text"].append(" ")

    def handle_data(self, data):
        if not self.on or self.skip:
            return
        self.passages[-1]["text"].append(data)
        if self.heading and not self.title_done:
            self.title.append(data)
        if data.strip() and not self.heading:
            self.passages[-1]["headings_only"] = False


def passages(files: dict[str, bytes]) -> tuple[list, list]:
    """The pages Pagefind indexes (``[path, title]``, by path) and their passages (``[page number,
    anchor, text]``, in page order) from the site's files."""
    pages, found = [], []
    for path in sorted(p for p in files if p.endswith(".html")):
        parser = _Passages()
        parser.feed(files[path].decode("utf-8"))
        parser.close()
        if not parser.passages:
            continue
        pages.append([path, " ".join("".join(parser.title).split()) or path])
        for p in parser.passages:
            text = " ".join("".join(p["text"]).split())
            if text:
                found.append([len(pages) - 1, p["anchor"], text])
    return pages, found


def lunr_index(pages: list, found: list) -> dict:
    """The serialized lunr index of the passages (refs: their numbers), as lunr.js loads it."""
    from lunr import lunr
    from lunr.builder import Builder
    from lunr.stop_word_filter import stop_word_filter
    from lunr.trimmer import trimmer

    builder = Builder()  # lunr's default pipelines without the stemmer (see the module docstring)
    builder.pipeline.add(trimmer, stop_word_filter)
    docs = [({"ref": str(i), "text": words(text)}, {"boost": HEAD_BOOST} if i == 0 or found[i - 1][0] != page else None)
            for i, (page, _, text) in enumerate(found)]
    return lunr(ref="ref", fields=["text"], documents=docs, builder=builder).serialize()


def lunr_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of the search from ``file://``: ``assets/search-index.js`` (the lunr index of the
    pages in ``files`` and its store) and lunr.js with its licence."""
    pages, found = passages(files)
    data = {"index": lunr_index(pages, found), "pages": pages, "passages": found}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out = {LUNR_INDEX: f"/* The lunr index of the search page (cagraph.site.search); generated. */\nwindow.{GLOBAL} = {text};\n"
           .encode("utf-8")}
    for target, source in LUNR_JS.items():
        out[target] = resources.files("cagraph.site").joinpath(source).read_bytes()
    return out


def read_index(site: Path) -> dict:
    """The data of a built site's ``assets/search-index.js`` (index, pages, passages)."""
    text = (Path(site) / LUNR_INDEX).read_text(encoding="utf-8")
    start = text.index(f"window.{GLOBAL} = ") + len(f"window.{GLOBAL} = ")
    return json.loads(text[start:].rstrip().removesuffix(";"))


def query(data: dict, text: str) -> list[str]:
    """The pages (paths, best first) with a passage that holds, for every word of ``text``, a word
    starting with it: lunr.py's answer from the index ``data`` (:func:`read_index`) to the query
    that ``assets/search.js`` asks lunr.js."""
    from lunr.index import Index
    from lunr.query import Query, QueryPresence

    terms = words(text)
    if not terms:
        return []
    index = Index.load(data["index"])
    q = index.create_query()
    for t in terms:
        q.term(t, presence=QueryPresence.REQUIRED, wildcard=Query.WILDCARD_TRAILING)
    pages: list[str] = []
    for hit in index.query(q):
        path = data["pages"][data["passages"][int(hit["ref"])][0]][0]
        if path not in pages:
            pages.append(path)
    return pages
