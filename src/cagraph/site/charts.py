"""Bar charts and the exercise timeline of the review site, drawn by matplotlib as static SVG.

The SVG is deterministic (``svg.hashsalt`` fixed, no date in the metadata, text kept as text with
``svg.fonttype: none``), so two builds of the same graph give the same bytes. Matplotlib knows
nothing of facts and quotes: each bar, label and dot gets a ``gid``, and :func:`annotate` turns the
groups into what the pages need (a ``class``, ``data-*`` attributes naming the fact, and a
``<title>`` with the quote, shown on hover), and prefixes the element ids so several charts can
share one page.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from rdflib import URIRef
from rdflib.namespace import RDF

from cagraph.site.model import CAG, FactView, curie, slug
from cagraph.site.sentences import decimal_of, fmt_number, sentence_text, year_of

EXPORT_COLOUR = "#c0392b"
IMPORT_COLOUR = "#2471a3"
EXERCISE_COLOUR = "#8e44ad"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
RC = {"svg.hashsalt": "cagraph", "svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 11,
      "axes.spines.top": False, "axes.spines.right": False}


def quote_lines(m, fv: FactView) -> str:
    """Plain text for an SVG ``<title>``: the fact, each quote, its document and section."""
    out = [sentence_text(m, fv.parts)]
    for qv in fv.quotes:
        where = ", ".join(x for x in (m.label(qv.document) if qv.document is not None else "", qv.section) if x)
        out.append(f"“{qv.text}” — {where}")
    out.extend(f"Editorial note: {n}" for n in fv.notes)
    return "\n".join(out)


# =============================================================================================
# SVG from matplotlib, and what the pages add to it
# =============================================================================================
def render_svg(fig) -> str:
    """The figure as an SVG element (no XML prolog), scaled to the page width."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r'<svg ([^>]*?)width="([0-9.]+)pt" height="([0-9.]+)pt"',
                  lambda mm: f'<svg {mm.group(1)}width="{mm.group(2)}pt" height="{mm.group(3)}pt" style="max-width:100%;height:auto"',
                  svg, count=1)


def annotate(svg: str, marks: dict, *, prefix: str, titles: Optional[dict] = None, absorb: Optional[dict] = None) -> str:
    """Set attributes on the elements of ``svg`` with the given ids (``marks``: id -> attributes),
    give them a ``<title>`` (``titles``: id -> text), move the children of other groups into them
    (``absorb``: id -> [ids], e.g. a bar's labels into the bar) and prefix every id with ``prefix``."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    parent = {c: p for p in root.iter() for c in p}
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for gid, others in (absorb or {}).items():
        for o in others:
            el = by_id.get(o)
            if el is not None and gid in by_id:
                by_id[gid].extend(list(el))
                parent[el].remove(el)
    for gid, text in (titles or {}).items():
        if gid in by_id:
            t = ET.Element(f"{{{SVG_NS}}}title")
            t.text = text
            by_id[gid].insert(0, t)
    for gid, attrs in marks.items():
        if gid in by_id:  # the page's attributes first, then matplotlib's id
            el = by_id[gid]
            rest = {k: v for k, v in el.attrib.items() if k not in attrs}
            el.attrib.clear()
            el.attrib.update({**attrs, **rest})
    if prefix:
        for el in root.iter():
            for k, v in list(el.attrib.items()):
                if k == "id":
                    el.set(k, prefix + v)
                elif "url(#" in v:
                    el.set(k, v.replace("url(#", "url(#" + prefix))
                elif k == f"{{{XLINK_NS}}}href" and v.startswith("#"):
                    el.set(k, "#" + prefix + v[1:])
    return ET.tostring(root, encoding="unicode")


# =============================================================================================
# Trade
# =============================================================================================
@dataclass
class Bar:
    """One bar: a trade flow between China and a state, with a value in US dollars."""

    number: int
    state: URIRef
    direction: str  # "exports" (China's exports to the state) or "imports"
    period: Optional[URIRef]
    fact: FactView
    usd: Decimal

    @property
    def anchor(self) -> str:
        return f"trade-{slug(self.state)}-{self.number}"


def usd(m, f: URIRef) -> Optional[Decimal]:
    """The amount of a fact in US dollars (amount times its scale's multiplier)."""
    amount = decimal_of(m.g.value(f, CAG.amount))
    if amount is None:
        return None
    scale = m.g.value(f, CAG.scale)
    mult = decimal_of(m.g.value(scale, CAG.multiplier)) if scale is not None else Decimal(1)
    return amount * (mult if mult is not None else Decimal(1))


def short_amount(m, f: URIRef) -> str:
    """``12.389 bn``: the figure as the document gives it, with a short scale."""
    scale = m.g.value(f, CAG.scale)
    short = {"billion": "bn", "million": "m", "trillion": "tn"}.get(m.label(scale) if scale is not None else "", "")
    return f"{fmt_number(m.g.value(f, CAG.amount))}{' ' + short if short else ''}"


def period_key(m, p) -> tuple:
    if p is None:
        return (9999, 99, 9999, 99, "")
    g = m.g
    sy = year_of(g.value(p, CAG.startYear)) or 0
    ey = year_of(g.value(p, CAG.endYear)) or sy
    month = lambda v, d: int(str(v)) if v is not None and str(v).isdigit() else d  # noqa: E731
    return (sy, month(g.value(p, CAG.startMonth), 1), ey, month(g.value(p, CAG.endMonth), 12), str(p))


def usd_label(v: float) -> str:
    """An axis label: ``12 bn``, ``250 m``.

    >>> usd_label(12.5e9), usd_label(2.5e8), usd_label(0)
    ('12.5 bn', '250 m', '0')
    """
    if v >= 1e9:
        return f"{v / 1e9:.2f}".rstrip("0").rstrip(".") + " bn"
    if v >= 1e6:
        return f"{v / 1e6:.1f}".rstrip("0").rstrip(".") + " m"
    return f"{v:,.0f}"


def trade_bars(m, china: URIRef, state: URIRef) -> list[Bar]:
    """China's exports to ``state`` and its imports from it, by period (flows of one commodity and
    flows without an amount are no bars)."""
    g = m.g
    found = []
    for fv in m.fact_list:
        f = fv.iri
        if fv.cls != CAG.TradeFlow and (f, RDF.type, CAG.TradeFlow) not in g:
            continue
        value = usd(m, f)
        if (f, CAG.commodity, None) in g or value is None:
            continue
        ends = (g.value(f, CAG.exporter), g.value(f, CAG.importer))
        direction = {(china, state): "exports", (state, china): "imports"}.get(ends)
        if direction is not None:
            p = g.value(f, CAG.period)
            found.append((period_key(m, p), 0 if direction == "exports" else 1, str(f), p, direction, fv, value))
    found.sort(key=lambda b: b[:3])
    return [Bar(n, state, d, p, fv, v) for n, (_, _, _, p, d, fv, v) in enumerate(found, 1)]


def _bar_marks(m, bars: list[Bar], ids: list[str]) -> tuple[dict, dict, dict]:
    marks, titles, absorb = {}, {}, {}
    for b, gid in zip(bars, ids):
        g, f = m.g, b.fact.iri
        scale = g.value(f, CAG.scale)
        marks[gid] = {"class": "bar", "data-fact": curie(f), "data-direction": b.direction,
                      "data-exporter": slug(g.value(f, CAG.exporter)), "data-importer": slug(g.value(f, CAG.importer)),
                      "data-period": m.label(b.period) if b.period is not None else "",
                      "data-amount": fmt_number(g.value(f, CAG.amount)),
                      "data-scale": m.label(scale) if scale is not None else "",
                      "data-usd": format(b.usd.normalize(), "f")}
        titles[gid] = f"[{b.number}] " + quote_lines(m, b.fact)
        absorb[gid] = [gid + "-amount", gid + "-number"]
    return marks, titles, absorb


def _draw_bars(ax, m, bars: list[Bar], xs: list[float], ids: list[str], width: float, *, numbers: bool) -> None:
    for b, x, gid in zip(bars, xs, ids):
        v = float(b.usd)
        rect = ax.bar([x], [v], width=width, color=EXPORT_COLOUR if b.direction == "exports" else IMPORT_COLOUR)[0]
        rect.set_gid(gid)
        ax.annotate(short_amount(m, b.fact.iri), (x, v), xytext=(0, 3), textcoords="offset points", ha="center",
                    va="bottom", fontsize=9.5, fontweight="bold", gid=gid + "-amount")
        if numbers:
            ax.annotate(f"[{b.number}]", (x, v), xytext=(0, 15), textcoords="offset points", ha="center",
                        va="bottom", fontsize=8.5, color="#5b6773", gid=gid + "-number")


def _axes(width: float, height: float):
    """A figure and its axes, without pyplot (no global state, no GUI backend)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(width, height))
    ax = fig.subplots()
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: usd_label(v)))
    ax.set_ylabel("US dollars")
    ax.grid(axis="y", color="#e3e7eb")
    ax.set_axisbelow(True)
    return fig, ax


def _legend(ax, st: str) -> None:
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=EXPORT_COLOUR, label=f"China’s exports to {st}"),
                       Patch(color=IMPORT_COLOUR, label=f"China’s imports from {st}")],
              loc="upper left", frameon=False, fontsize=9.5)


def trade_chart(m, bars: list[Bar], state: URIRef) -> str:
    """Grouped bars, one group per period, each state on its own scale."""
    import matplotlib

    st = m.label(state)
    periods = []
    for b in bars:
        if b.period not in periods:
            periods.append(b.period)
    xs, ticks = [], []
    for i, p in enumerate(periods):
        group = [b for b in bars if b.period == p]
        for j, b in enumerate(group):
            xs.append(i + (j - (len(group) - 1) / 2) * 0.38)
        ticks.append(m.label(p) if p is not None else "undated")
    ids = [f"bar-{b.number}" for b in bars]
    with matplotlib.rc_context(RC):
        fig, ax = _axes(max(6.0, 1.5 * len(periods) + 2), 4.2)
        _draw_bars(ax, m, bars, xs, ids, 0.36, numbers=True)
        ax.set_xticks(range(len(periods)), ["\n".join(_wrap(t, 16)[:2]) for t in ticks])
        ax.set_xlim(-0.7, len(periods) - 0.3)
        ax.margins(y=0.25)
        ax.set_title(f"China’s trade with {st} (USD)", loc="left", fontsize=12)
        _legend(ax, st)
        fig.tight_layout()
        svg = render_svg(fig)
    marks, titles, absorb = _bar_marks(m, bars, ids)
    svg = annotate(svg, marks, prefix=f"t-{slug(state)}-", titles=titles, absorb=absorb)
    return svg.replace("<svg ", f'<svg class="trade-chart" data-state="{slug(state)}" role="img" ', 1)


def common_trade_chart(m, by_state: list[tuple[URIRef, list[Bar]]]) -> Optional[str]:
    """Every bar of every state in one chart on one axis: the five states side by side, each
    with its periods, so a bar of one state can be compared with a bar of another."""
    import matplotlib

    if not any(bars for _, bars in by_state):
        return None
    xs, ids, flat, ticks, tick_x, x = [], [], [], [], [], 0.0
    for s, bars in by_state:
        start = x
        for b in bars:
            xs.append(x)
            ids.append(f"cbar-{slug(s)}-{b.number}")
            flat.append(b)
            x += 1
        ticks.append(m.label(s) if bars else f"{m.label(s)}\n(no figure)")
        tick_x.append((start + max(x, start + 1) - 1) / 2)
        x = max(x, start + 1) + 1.2
    with matplotlib.rc_context(RC):
        fig, ax = _axes(max(8.0, 0.42 * len(flat) + 2.5), 4.6)
        _draw_bars(ax, m, flat, xs, ids, 0.8, numbers=False)
        ax.set_xticks(tick_x, ticks)
        ax.margins(y=0.12, x=0.01)
        ax.set_title("China’s trade with the five Central Asian states, on one scale (USD)", loc="left", fontsize=12)
        _legend(ax, "each state")
        fig.tight_layout()
        svg = render_svg(fig)
    marks, titles, absorb = _bar_marks(m, flat, ids)
    for gid, b in zip(ids, flat):
        marks[gid].update({"class": "common-bar", "data-state": slug(b.state)})
    svg = annotate(svg, marks, prefix="common-", titles=titles, absorb=absorb)
    states = " ".join(slug(s) for s, _ in by_state)
    return svg.replace("<svg ", f'<svg class="trade-chart-common" data-states="{states}" role="img" ', 1)


# =============================================================================================
# Military exercises
# =============================================================================================
@dataclass
class Exercise:
    number: int
    year: int
    fact: FactView
    name: str
    hosts: list
    participants: list


def exercises(m) -> list[Exercise]:
    """Every military exercise with a year, sorted by year and name."""
    g = m.g
    items = []
    for fv in m.fact_list:
        if (fv.iri, RDF.type, CAG.MilitaryExercise) not in g:
            continue
        y = year_of(g.value(fv.iri, CAG.year))
        if y is None and fv.time_key is not None:
            y = fv.time_key[0]
        if y is not None:
            items.append((y, m.label(fv.iri).lower(), str(fv.iri), fv))
    items.sort(key=lambda it: it[:3])
    out = []
    for n, (y, _, _, fv) in enumerate(items, 1):
        name = m.label(fv.iri) if str(y) in m.label(fv.iri) else f"{m.label(fv.iri)} ({y})"
        out.append(Exercise(n, y, fv, name, sorted(m.label(h) for h in g.objects(fv.iri, CAG.host)),
                            sorted(m.label(p) for p in g.objects(fv.iri, CAG.participant))))
    return out


def exercise_timeline(m, items: list[Exercise]) -> Optional[str]:
    """One row per exercise; x is the year, the text stands beside the dot on the side with room."""
    import matplotlib

    if not items:
        return None
    lo, hi = min(it.year for it in items) - 1, max(it.year for it in items) + 1
    mid = (lo + hi) / 2
    with matplotlib.rc_context(RC):
        fig, ax = _axes(11.5, 0.62 * len(items) + 1.0)
        ax.yaxis.set_major_formatter(matplotlib.ticker.NullFormatter())
        ax.set_ylabel("")
        ax.grid(axis="x", color="#dfe4e9")
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        for row, it in enumerate(items):
            y = len(items) - row
            dot = ax.scatter([it.year], [y], s=70, color=EXERCISE_COLOUR, edgecolors="#1d2630", zorder=3)
            dot.set_gid(f"exercise-{it.number}")
            right = it.year <= mid
            text = (f"[{it.number}] {it.name}\nHost: {', '.join(it.hosts) or 'not stated'} · "
                    f"Participants: {', '.join(it.participants) or 'not stated'}")
            ax.annotate(text, (it.year, y), xytext=(9 if right else -9, 0), textcoords="offset points",
                        ha="left" if right else "right", va="center", fontsize=8.5, gid=f"exercise-{it.number}-text")
        ax.set_xlim(lo - 0.5, hi + 0.5)
        ax.set_ylim(0.3, len(items) + 0.7)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.tick_params(axis="x", labeltop=True)
        fig.tight_layout()
        svg = render_svg(fig)
    marks = {f"exercise-{it.number}": {"class": "exercise", "data-fact": curie(it.fact.iri), "data-year": str(it.year)}
             for it in items}
    titles = {f"exercise-{it.number}": f"[{it.number}] " + quote_lines(m, it.fact) for it in items}
    absorb = {f"exercise-{it.number}": [f"exercise-{it.number}-text"] for it in items}
    svg = annotate(svg, marks, prefix="x-", titles=titles, absorb=absorb)
    return svg.replace("<svg ", '<svg class="exercise-timeline" role="img" ', 1)


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` on lines of at most ``width`` characters (a longer word has its own line).

    >>> _wrap("January to September 2024", 12)
    ['January to', 'September', '2024']
    """
    import textwrap

    return textwrap.wrap(str(text), width, break_long_words=False) or [""]
