"""The validation report as ROBOT's ``report`` gives it: one row per problem, a table per rule.

Every finding of :func:`cagraph.check.validate.validate` (a SHACL result, a provenance problem, a
QC row) becomes a :class:`Row` with a level (``ERROR``, ``WARN``, ``INFO``), the check that found
it (``shacl``, ``provenance``, ``qc``), the rule (the SHACL shape, the provenance check, the QC
query), the focus node with the file and line where it is first written as a subject, the
property, the value and a message. :func:`summary` counts rows per rule, errors first, the way
ROBOT's report table does; :func:`row_lines` writes every row as ``file:line: LEVEL rule: ...``,
which editors and terminals turn into links.

Levels: a SHACL ``sh:Violation`` is an ERROR, ``sh:Warning`` a WARN, ``sh:Info`` an INFO; every
provenance problem is an ERROR; a QC row has the level of its query in ``queries/qc/profile.tsv``.
ERROR rows make ``cagraph validate`` exit 1.

>>> from cagraph.check.validate import ValidationReport, ShaclResult
>>> r = ValidationReport(shacl=[ShaclResult(focus="https://w3id.org/cagraph/id/x", path="", message="m",
...     severity="Violation", shape="https://w3id.org/cagraph/shapes#S", component="MinCount", value="",
...     file="a.ttl", line=3)])
>>> summary(r)
[('ERROR', 'shacl', 'cagsh:S', 1)]
>>> row_lines(r)
['a.ttl:3: ERROR cagsh:S: cgr:x: m']
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from cagraph.ns import PREFIXES

LEVEL_ORDER = {"ERROR": 0, "WARN": 1, "INFO": 2}
CHECK_ORDER = {"shacl": 0, "provenance": 1, "qc": 2}
SHACL_LEVELS = {"Violation": "ERROR", "Warning": "WARN", "Info": "INFO"}


@dataclass(frozen=True, order=True)
class Row:
    """One finding. ``file`` is the path as given ('' if unknown), ``line`` 0 if unknown."""

    level: str
    check: str
    rule: str
    file: str
    line: int
    focus: str
    property: str
    value: str
    message: str

    def sort_key(self) -> tuple:
        return (LEVEL_ORDER.get(self.level, 9), CHECK_ORDER.get(self.check, 9), self.rule, self.file,
                self.line, self.focus, self.property, self.value, self.message)


def compact(iri: str) -> str:
    """``cgr:china`` for ``https://w3id.org/cagraph/id/china``; other text unchanged."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _is_iri(s: str) -> bool:
    return s.startswith(("http://", "https://", "urn:", "file:"))


def rows(report) -> list[Row]:
    """Every finding of ``report`` (a :class:`~cagraph.check.validate.ValidationReport`), sorted:
    errors first, then by check, rule, file and line."""
    where = report.locations
    out = []
    for r in report.shacl:
        # a shape without an IRI (a blank node) is named by its constraint component
        rule = compact(r.shape) if _is_iri(r.shape) else r.component
        out.append(Row(SHACL_LEVELS.get(r.severity, "ERROR"), "shacl", rule, r.file, r.line,
                       r.focus, r.path, r.value, r.message))
    for p in report.provenance:
        file, line = where.get(p.focus, ("", 0))
        out.append(Row("ERROR", "provenance", p.check, file, line, p.focus, "", "", p.message))
    for q in report.qc:
        for entity, prop, value in q.rows:
            focus = "" if entity is None else str(entity)
            file, line = where.get(focus, ("", 0))
            out.append(Row(q.level, "qc", q.name, file, line, focus, "" if prop is None else str(prop),
                           "" if value is None else str(value), q.title))
    return sorted(out, key=Row.sort_key)


def summary(report) -> list[tuple[str, str, str, int]]:
    """(level, check, rule, count) for every rule with rows: errors first, then warnings, then
    information, each by check and rule name."""
    counts = Counter((r.level, r.check, r.rule) for r in rows(report))
    return sorted(((lv, ck, rule, n) for (lv, ck, rule), n in counts.items()),
                  key=lambda t: (LEVEL_ORDER.get(t[0], 9), CHECK_ORDER.get(t[1], 9), t[2]))


def summary_lines(report) -> list[str]:
    """The summary as an aligned text table with a header ([] when there is nothing to report)."""
    table = summary(report)
    if not table:
        return []
    body = [("level", "check", "rule", "count")] + [(lv, ck, rule, str(n)) for lv, ck, rule, n in table]
    widths = [max(len(r[i]) for r in body) for i in range(3)]
    return [f"{lv:<{widths[0]}}  {ck:<{widths[1]}}  {rule:<{widths[2]}}  {n:>5}".rstrip()
            for lv, ck, rule, n in body]


def display_path(path: str, *, cwd: Optional[str] = None) -> str:
    """``path`` relative to ``cwd`` (default: the current directory) when it lies under it."""
    if not path:
        return path
    try:
        rel = os.path.relpath(path, cwd or os.getcwd())
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


def row_lines(report, *, cwd: Optional[str] = None) -> list[str]:
    """Every row as ``file:line: LEVEL rule: focus property value: message`` (``?`` where the
    focus node is not written as a subject in any file)."""
    out = []
    for r in rows(report):
        where = display_path(r.file, cwd=cwd) or "?"
        if r.file and r.line:
            where = f"{where}:{r.line}"
        what = " ".join(compact(x) for x in (r.focus, r.property, r.value) if x)
        out.append(f"{where}: {r.level} {r.rule}: {what}: {r.message}" if what else
                   f"{where}: {r.level} {r.rule}: {r.message}")
    return out


def counts(report) -> dict[str, int]:
    """Rows per level: ``{"ERROR": n, "WARN": n, "INFO": n}``."""
    c = Counter(r.level for r in rows(report))
    return {lv: c.get(lv, 0) for lv in LEVEL_ORDER}
