"""The ontology reference page, made by pyLODE (a dependency of cagraph), with a plain list of
the terms as a fallback when pyLODE cannot run.

pyLODE writes a whole HTML page; we add the site's Content-Security-Policy and a link back to the
site, and read the fragment id pyLODE gave each term so the other pages can link to its entry.
"""
from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import sys
import tempfile
import types
from pathlib import Path
from typing import Optional

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from cagraph.site import CSP
from cagraph.site.model import slug

ONTOLOGY_IRI = URIRef("https://w3id.org/cagraph/ontology")


def _import_pylode():
    """Import pyLODE, working around two packaging problems of pyLODE 3.4:

    * ``pylode/version.py`` reads ``pyproject.toml`` from site-packages, which a wheel does not
      install (RDFLib/pyLODE issue #260, fixed after 3.4.1): we provide ``pylode.version`` first;
    * ``pylode.profiles.supermodel.loader`` calls ``logging.basicConfig(level=DEBUG)`` at import,
      which would make every later log record of the process print: we give the root logger a
      handler for the duration of the import (``basicConfig`` then does nothing) and take it away.
    """
    if "pylode.version" not in sys.modules:
        mod = types.ModuleType("pylode.version")
        try:
            from importlib.metadata import version

            mod.__version__ = version("pylode")
        except Exception:  # pragma: no cover
            mod.__version__ = "3"
        sys.modules["pylode.version"] = mod
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        from pylode import OntPub  # noqa: F401
    finally:
        if added:
            root.removeHandler(guard)
    return OntPub


def _pylode_cache_file(ontology_file: Path) -> Optional[Path]:
    """Where pyLODE's page for this exact ontology file (and pyLODE version) is cached."""
    try:
        from importlib.metadata import version

        from cagraph.build.store import cache_dir

        h = hashlib.sha256(Path(ontology_file).read_bytes())
        h.update(b"\0pylode " + version("pylode").encode() + b"\0" + CSP.encode() + b"\0v2")
        return cache_dir() / f"pylode-{h.hexdigest()[:24]}.html"
    except Exception:
        return None


def pylode_html(ontology_file: Path, g: Graph) -> tuple[str, str]:
    """pyLODE's HTML for the ontology (CSS inline, CSP added); ``("", "fallback")`` without pyLODE.

    pyLODE takes a second or two; its output for a given ontology file is cached beside the
    compiled store (the cache is only an optimization: any failure to read or write it is ignored).
    """
    cached = _pylode_cache_file(ontology_file)
    if cached is not None and cached.is_file():
        try:
            return cached.read_text(encoding="utf-8"), "pylode"
        except (OSError, UnicodeDecodeError):
            pass
    text, how = _run_pylode(ontology_file)
    if how == "pylode" and cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".pylode-", dir=cached.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, cached)
        except OSError:
            pass
    return text, how


def _run_pylode(ontology_file: Path) -> tuple[str, str]:
    try:
        OntPub = _import_pylode()
    except Exception:
        return "", "fallback"
    root = logging.getLogger()
    level = root.level
    try:
        root.setLevel(max(level, logging.WARNING))
        text = OntPub(ontology=Path(ontology_file), sort_subjects=True).make_html(include_css=True)
    except Exception:
        return "", "fallback"
    finally:
        root.setLevel(level)
    meta = (f'<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=True)}">\n'
            '    <meta name="referrer" content="no-referrer">\n')
    text = re.sub(r"<head>", "<head>\n    " + meta, text, count=1)
    back = ('<div style="position:absolute;top:4px;left:60px;font:14px sans-serif;z-index:10">'
            '<a href="../index.html">&larr; cagraph review site</a> &middot; <a href="diagram.html">ontology diagram</a></div>')
    text = re.sub(r"<body([^>]*)>", lambda mm: f"<body{mm.group(1)}>\n    " + back, text, count=1)
    # pyLODE links to remote stylesheets/scripts only when include_css is False; make sure.
    text = re.sub(r'<link[^>]+rel="stylesheet"[^>]+href="https?://[^"]*"[^>]*>', "", text)
    text = re.sub(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', "", text)
    if not text.endswith("\n"):
        text += "\n"
    return text, "pylode"


_PYLODE_ENTITY = re.compile(r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">.*?<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>', re.S)


def pylode_fragment_ids(text: str) -> dict[str, str]:
    """Map each term IRI to the fragment id pyLODE gave its entry."""
    out = {}
    for fid, iri in _PYLODE_ENTITY.findall(text):
        out.setdefault(html.unescape(iri).strip(), html.unescape(fid))
    return out



def fallback_fids(g: Graph) -> dict[str, str]:
    """Fragment ids of the fallback list: ``t-<slug>`` for every term of the ontology."""
    terms = sorted(set(s for s in g.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI) if isinstance(s, URIRef)))
    return {str(t): "t-" + slug(t) for t in terms}
