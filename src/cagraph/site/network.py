"""Networks drawn by Graphviz: the ontology diagram (class hierarchy, object properties) and the
economic corridors with the places they cover.

Each picture is a DOT text made here and laid out by Graphviz's ``dot`` (or ``neato``) into SVG;
:func:`run_dot` strips the prolog, prefixes the element ids (two pictures share a page) and
returns None when Graphviz is missing, so the pages fall back to plain lists.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cagraph.site.charts import annotate, quote_lines
from cagraph.site.model import CAG, curie, slug

# Clusters, tried in order: a class goes to the first whose root is among its superclasses.
CLUSTERS = (
    ("facts", "Facts (n-ary statements with quotes)", CAG.Fact, "#fdf1e4", "#f7d9b5"),
    ("events", "Events", CAG.Event, "#f3ecfa", "#ddccee"),
    ("places", "Places", CAG.Place, "#e9f4ea", "#c4e3c7"),
    ("agents", "Agents", CAG.Agent, "#e8f0fb", "#c3d6f2"),
    ("plans", "Plans, agreements and infrastructure", None, "#fbf8e6", "#eee6b0"),
    ("other", "Documents, quotes, periods and concepts", None, "#f2f2f2", "#dddddd"),
)
_PLAN_ROOTS = ("Initiative", "Policy", "Proposal", "Agreement", "InfrastructureProject", "PolicyDocument")


def _dot_str(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def ontology_dot(m, fids: dict, classes: list, props: list) -> tuple[str, str, list, list]:
    """Two DOT graphs: the class hierarchy (clusters, subclass edges) and the object properties
    (domain -> range, one edge per pair of classes with every property name on it). One picture
    with both had every property edge crossing the clusters: unreadable."""
    g = m.g
    cls_set = set(classes)
    ids = {c: f"c{i}" for i, c in enumerate(classes)}

    def cluster_of(c) -> str:
        sups = m.superclasses(c)
        for key, _, root, _, _ in CLUSTERS:
            if root is not None and root in sups:
                return key
        if any(CAG[r] in sups for r in _PLAN_ROOTS):
            return "plans"
        return "other"

    fill = {c: next(f for k, _, _, _, f in CLUSTERS if k == cluster_of(c)) for c in classes}

    def node(c, indent: str = "    ") -> str:
        fid = fids.get(str(c))
        url = f", URL={_dot_str('index.html#' + fid)}, target=\"_top\"" if fid else ""
        return f'{indent}{ids[c]} [label={_dot_str(m.label(c))}, tooltip={_dot_str(curie(c))}, fillcolor="{fill[c]}"{url}];'

    head = ['  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, height=0.32, margin="0.1,0.05"];',
            '  edge [fontname="Helvetica", fontsize=10, color="#555555", arrowsize=0.7];']
    # 1. hierarchy
    members: dict = defaultdict(list)
    for c in classes:
        members[cluster_of(c)].append(c)
    h = ["digraph hierarchy {",
         '  graph [rankdir=RL, fontname="Helvetica", fontsize=14, nodesep=0.12, ranksep=0.45, pad=0.2, bgcolor="white"];'] + head
    for key, title, _, bg, _ in CLUSTERS:
        if not members.get(key):
            continue
        h.append(f"  subgraph cluster_{key} {{")
        h.append(f'    label={_dot_str(title)}; style="rounded,filled"; color="#aaaaaa"; fillcolor="{bg}"; fontsize=15;')
        h.extend(node(c) for c in members[key])
        h.append("  }")
    for c in classes:
        for sup in sorted(o for o in g.objects(c, RDFS.subClassOf) if o in cls_set):
            h.append(f'  {ids[c]} -> {ids[sup]} [arrowhead=empty, color="#333333", '
                     f'tooltip={_dot_str(m.label(c) + " is a kind of " + m.label(sup))}];')
    h.append("}")
    # 2. object properties
    drawn, listed = [], []
    inverse_of_drawn = set()
    for p in props:
        inv = g.value(p, OWL.inverseOf)
        if inv is not None and inv in props:
            inverse_of_drawn.add(p)  # the property that declares owl:inverseOf is drawn by its inverse
    pairs: dict = defaultdict(list)
    for p in props:
        d, r = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        if d in cls_set and r in cls_set and p not in inverse_of_drawn:
            drawn.append((p, d, r))
            pairs[(d, r)].append(p)
        else:
            listed.append((p, d if isinstance(d, URIRef) else None, r if isinstance(r, URIRef) else None))
    used = sorted({c for pair in pairs for c in pair})
    pg = ["digraph properties {",
          '  graph [rankdir=LR, fontname="Helvetica", fontsize=14, nodesep=0.35, ranksep=1.1, pad=0.2, bgcolor="white"];'] + head
    pg.extend(node(c, "  ") for c in used)
    for (d, r), ps in sorted(pairs.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        names = sorted(m.label(p) for p in ps)
        label = _dot_str("\x00".join(names)).replace("\x00", "\\n")  # one property name per line
        pg.append(f'  {ids[d]} -> {ids[r]} [label={label}, color="#2b6cb0", '
                  f'fontcolor="#1b4f8a", tooltip={_dot_str(", ".join(curie(p) for p in sorted(ps)))}];')
    pg.append("}")
    return "\n".join(h) + "\n", "\n".join(pg) + "\n", drawn, listed


def run_dot(dot_text: str, dot: str = "dot", *, id_prefix: str = "") -> Optional[str]:
    """Graphviz's SVG for a DOT text (prolog and comments stripped, element ids prefixed so two
    pictures can share a page, scaled to the page width), or None if dot is missing or fails."""
    exe = shutil.which(dot) if dot else None
    if exe is None:
        return None
    try:
        res = subprocess.run([exe, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if res.returncode != 0:
        return None
    svg = res.stdout.decode("utf-8", "replace")
    i = svg.find("<svg")
    if i < 0:
        return None
    svg = svg[i:]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"\n\s*\n", "\n", svg)
    if id_prefix:
        svg = re.sub(r'\bid="', f'id="{id_prefix}', svg)
    # natural size, but never wider than the page (the viewBox keeps the proportions)
    svg = re.sub(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"',
                 lambda mm: f'<svg width="{mm.group(1)}pt" height="{mm.group(2)}pt" style="max-width:100%;height:auto"',
                 svg, count=1)
    return svg.strip()




# =============================================================================================
# Economic corridors
# =============================================================================================
CORRIDOR_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")


@dataclass
class Corridor:
    """One corridor of the picture: its members (``cag:covers``, as ``cagraph query
    corridor-members`` lists them), its colour, and the claims that state each membership."""

    iri: URIRef
    colour: str
    members: list
    stated: dict  # member -> [FactView]

    @property
    def quotes(self) -> list:
        seen = {qv.iri: qv for fvs in self.stated.values() for fv in fvs for qv in fv.quotes}
        return sorted(seen.values(), key=lambda q: q.sort_key)

    @property
    def unstated(self) -> list:
        return [o for o in self.members if not self.stated.get(o)]


def corridors(m) -> list[Corridor]:
    """The economic corridors and the places each covers (``cag:covers`` only: ``cag:connects``
    names the regions a corridor links, such as "Asia" and "Europe", which are not its members)."""
    g = m.g
    order = lambda n: (m.label(n).lower(), str(n))  # noqa: E731
    nodes = sorted({s for s in g.subjects(RDF.type, CAG.EconomicCorridor) if isinstance(s, URIRef)}, key=order)
    stated: dict = defaultdict(list)
    for fv in m.fact_list:
        if g.value(fv.iri, CAG.assertedPredicate) == CAG.covers:
            stated[(g.value(fv.iri, CAG.assertedSubject), g.value(fv.iri, CAG.assertedObject))].append(fv)
    out = []
    for c in nodes:
        members = sorted({o for o in g.objects(c, CAG.covers) if isinstance(o, URIRef)}, key=order)
        if members:
            colour = CORRIDOR_COLOURS[len(out) % len(CORRIDOR_COLOURS)]
            out.append(Corridor(c, colour, members, {o: stated.get((c, o), []) for o in members}))
    return out


def _edge_title(m, c: Corridor, place) -> str:
    lines = [f"{m.label(c.iri)} covers {m.label(place)}"]
    for fv in c.stated[place]:
        lines += quote_lines(m, fv).split("\n")[1:]
    return "\n".join(lines)


def corridor_dot(m, items: list[Corridor], href) -> str:
    """The DOT text of the corridor network: corridors as coloured boxes, places as ellipses, one
    edge per membership; ``href(node)`` gives a node's link (or None)."""
    places = sorted({p for c in items for p in c.members}, key=lambda n: (m.label(n).lower(), str(n)))
    count = {p: sum(p in c.members for c in items) for p in places}
    out = ["graph corridors {",
           '  graph [layout=neato, overlap=false, splines=true, sep="+12", pad=0.3, bgcolor="white", fontname="Helvetica"];',
           '  node [fontname="Helvetica", fontsize=12, style=filled];',
           '  edge [penwidth=2];']
    for c in items:
        url = href(c.iri)
        out.append(f"  {_dot_str('c-' + slug(c.iri))} [id={_dot_str('corridor--' + slug(c.iri))}, shape=box, "
                   f'style="rounded,filled", fillcolor="{c.colour}", fontcolor="white", '
                   f"label={_dot_str(m.label(c.iri))}, tooltip={_dot_str(m.label(c.iri) + ' covers ' + ', '.join(m.label(p) for p in c.members))}"
                   + (f", URL={_dot_str(url)}, target=\"_top\"" if url else "") + "];")
    for p in places:
        url = href(p)
        out.append(f"  {_dot_str('p-' + slug(p))} [id={_dot_str('place--' + slug(p))}, shape=ellipse, fillcolor=white, "
                   f"penwidth={2 if count[p] > 1 else 1}, label={_dot_str(m.label(p))}, "
                   f"tooltip={_dot_str(m.label(p) + ' is in ' + str(count[p]) + ' corridor(s)')}"
                   + (f", URL={_dot_str(url)}, target=\"_top\"" if url else "") + "];")
    for c in items:
        for p in c.members:
            out.append(f"  {_dot_str('c-' + slug(c.iri))} -- {_dot_str('p-' + slug(p))} "
                       f"[id={_dot_str('edge--' + slug(c.iri) + '--' + slug(p))}, color=\"{c.colour}99\", "
                       f"tooltip={_dot_str(_edge_title(m, c, p))}];")
    out.append("}")
    return "\n".join(out) + "\n"


def corridor_network(m, items: list[Corridor], href, dot: Optional[str] = "dot") -> Optional[str]:
    """The corridor network as SVG (Graphviz), with ``class``/``data-corridor``/``data-place`` on
    each corridor, place and edge so tests and readers can find them; None without Graphviz."""
    svg = run_dot(corridor_dot(m, items, href), dot or "", id_prefix="") if dot else None
    if svg is None:
        return None
    marks = {}
    for c in items:
        marks[f"corridor--{slug(c.iri)}"] = {"class": "corridor", "data-corridor": slug(c.iri)}
        for p in c.members:
            marks[f"place--{slug(p)}"] = {"class": "place", "data-place": slug(p)}
            marks[f"edge--{slug(c.iri)}--{slug(p)}"] = {"class": "edge", "data-corridor": slug(c.iri), "data-place": slug(p)}
    return annotate(svg, marks, prefix="")
