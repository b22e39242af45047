"""Full-text search over the site's entities, claims and quotes, indexed by Pagefind.

Pagefind (the ``pagefind`` Python package, whose ``pagefind[bin]`` extra ships the indexing
binary) reads the built pages and writes a static index and its search UI into ``pagefind/``
beside them. Only the pages whose ``<main>`` carries ``data-pagefind-body`` are indexed: the entity
pages (facts with their quotes), the document pages (quotes in document order) and the argument
pages (every claim). The search page loads Pagefind's script from the site itself; no server-side
code runs, but the browser fetches the index files, which browsers refuse over ``file://``: open
the site through any static file server (``python -m http.server``) to search it.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from cagraph.errors import OutputError

#: Where the index goes, relative to the site root.
BUNDLE = "pagefind"


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
