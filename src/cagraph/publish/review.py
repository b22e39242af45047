"""The review sheet: every fact as one CSV row for a domain expert, and the way back.

``review_sheet(path)`` writes one row per fact (every ``cag:Fact``: trade figures, memberships,
exercises, relation assertions...) with the fact's IRI, its class, a plain-English statement (the
sentence of the review site), its figure, unit and period, its verbatim quote(s), document and
section, any editorial note, and two empty columns for the reviewer: ``reviewer verdict`` (one of
the words of :data:`VERDICTS`, which its header cell lists) and ``reviewer comment`` (free text).
Rows are sorted by document, then by where the quote stands in it.

The file is UTF-8 (no byte-order mark), RFC 4180 (every field quoted, CRLF line ends). Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return)
get a leading ``'``, as OWASP's CSV-injection advice says; the quote text is otherwise verbatim.

There is one row per claim: a world node stated by two quotes has two rows. The ``factuality``
column holds the claim's FactBank code and its words ("PS+ possibly"); a reviewer corrects it by
writing another code (CT+, PR+, PS+, CT-, PR-, PS-, CTu, Uu; case-insensitive).

``import_verdicts(path)`` reads a reviewed sheet back and returns an rdflib Graph with, for each
row that has a verdict or comment, ``<fact> skos:editorialNote "Reviewer verdict: ..."@en`` and
``<fact> skos:note "..."@en``, and for each row whose factuality differs from the graph's,
``<claim> cag:reviewedFactuality <value>`` (see docs/review.md for the round trip). A verdict
outside :data:`VERDICTS` is an error naming its row. Rows are numbered as a spreadsheet numbers
them: the header is row 1, and a cell with a line break in it does not start a new row.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sheet.csv"
>>> n = review_sheet(p)
>>> n > 100, p.read_text(encoding="utf-8").startswith('"fact","class","statement"')
(True, True)
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from cagraph.errors import InputError

CGR_NS = "https://w3id.org/cagraph/id/"

#: The reviewer's verdicts (case does not matter) and what each means; docs/review.md says the same.
VERDICTS = {
    "correct": "the row says what its quote says",
    "incorrect": "the row says something its quote does not say (the comment says what)",
    "unsure": "the quote does not settle it (the comment says why)",
}
VERDICT, COMMENT, FACTUALITY, CLAIM = "reviewer verdict", "reviewer comment", "factuality", "claim"
#: The header of the verdict column names the vocabulary, so the sheet carries its own help.
VERDICT_HEADER = f"{VERDICT} ({', '.join(VERDICTS)})"

COLUMNS = [
    "fact", "class", "statement", "value", "unit", "year or period", "quote", "document", "section",
    "editorial note", "claim", "claimant", "claim kind", "factuality", VERDICT_HEADER, "reviewer comment",
]

#: FactBank factuality codes (skos:notation of the cag:factualityScale concepts) and their IRIs.
FACTUALITY_CODES = {
    "CT+": "CTpos", "PR+": "PRpos", "PS+": "PSpos", "CT-": "CTneg", "PR-": "PRneg", "PS-": "PSneg",
    "CTU": "CTunknown", "UU": "Underspecified",
}
CAG_NS = "https://w3id.org/cagraph/ontology#"


def factuality_cell(code: str, words: str) -> str:
    """What the factuality column shows: the FactBank code, then the words ("PS+ possibly")."""
    return f"{code} {words}".strip()


def parse_factuality(cell: str, where: str) -> Optional[URIRef]:
    """The factuality IRI of a cell ("PS+", "ps+ possibly", "CT−" with a typographic minus), or
    None for an empty cell; anything else is an error naming the row.

    >>> str(parse_factuality("ps+ possibly", "x"))
    'https://w3id.org/cagraph/ontology#PSpos'
    """
    v = cell.strip().lstrip("'").replace("\u2212", "-").replace("\u2013", "-")
    if not v:
        return None
    code = v.split()[0].upper()
    if code not in FACTUALITY_CODES:
        raise InputError(f"{where}: factuality {cell.strip()!r} is not one of "
                         "CT+, PR+, PS+, CT-, PR-, PS-, CTu, Uu")
    return URIRef(CAG_NS + FACTUALITY_CODES[code])
VERDICT_PREFIX = "Reviewer verdict: "


def parse_verdict(cell: str, where: str) -> Optional[str]:
    """The verdict of a cell, in lower case (``None`` for an empty cell); a word outside
    :data:`VERDICTS` is an error naming ``where``.

    >>> parse_verdict(" Correct ", "x"), parse_verdict("", "x")
    ('correct', None)
    """
    v = cell.strip().lstrip("'").strip()
    if not v:
        return None
    if v.lower() not in VERDICTS:
        raise InputError(f"{where}: verdict {v!r} is not one of {', '.join(VERDICTS)}")
    return v.lower()

#: First characters that make a spreadsheet evaluate a cell (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """Prefix a cell a spreadsheet would evaluate with ``'``.

    >>> neutralize('=HYPERLINK("http://x","y")'), neutralize("-1"), neutralize("12.389")
    ('\\'=HYPERLINK("http://x","y")', "'-1", '12.389')
    """
    s = "" if cell is None else str(cell)
    return "'" + s if s.startswith(FORMULA_START) else s


def sheet_rows(graph: Optional[Graph] = None) -> list[list[str]]:
    """The rows of the review sheet (header first), cells not yet neutralized."""
    from cagraph.site.model import Model
    from cagraph.site.sentences import sentence_text

    if graph is None:
        from cagraph.io.load import load_graph

        graph = load_graph()
    m = Model(graph)
    rows = [list(COLUMNS)]
    for fv in m.fact_list:
        statement = sentence_text(m, fv.parts)
        for q in fv.quotes or [None]:
            rows.append([
                str(fv.iri),
                fv.cls_label,
                statement,
                fv.value,
                fv.unit,
                fv.time_label,
                q.text if q else "",
                m.label(q.document) if q and q.document is not None else "",
                q.section if q else "",
                "\n".join(fv.notes),
                str(q.claim) if q and q.claim is not None else "",
                m.label(q.claimant) if q and q.claimant is not None else "",
                q.kind if q else "",
                factuality_cell(q.factuality, q.factuality_words) if q else "",
                "",
                "",
            ])
    return rows


def write_rows(fh, rows: list[list[str]]) -> None:
    w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for i, row in enumerate(rows):
        w.writerow(row if i == 0 else [neutralize(c) for c in row])


def review_sheet(output: Optional[Path], *, graph: Optional[Graph] = None) -> int:
    """Write the review sheet to ``output`` (``None`` or ``-``: stdout), atomically; return the
    number of fact rows."""
    from cagraph.io.write import atomic_output

    rows = sheet_rows(graph)
    with atomic_output(output) as fh:
        write_rows(fh, rows)
    return len(rows) - 1


def _fact_iri(raw: str, where: str) -> URIRef:
    from cagraph.terms import check_iri
    from cagraph.errors import ParameterError

    v = raw.strip()
    if v.startswith("'"):
        v = v[1:]
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if v.startswith("cgr:"):
        v = CGR_NS + v[4:]
    try:
        check_iri(v, what="fact")
    except ParameterError as exc:
        raise InputError(f"{where}: {exc}") from None
    return URIRef(v)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a spreadsheet may have added a byte-order mark
    except UnicodeDecodeError:
        pass
    # the row of the first byte that is not UTF-8, as a spreadsheet counts rows
    text = data.decode("utf-8-sig", errors="surrogateescape")
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
                raise InputError(f"{path}: row {number}: not valid UTF-8 (save the sheet as CSV UTF-8)")
    except csv.Error:
        pass
    raise InputError(f"{path}: not valid UTF-8 (save the sheet as CSV UTF-8)")


def read_sheet(csv_path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower case, without the help in parentheses) and the rows of a sheet, each
    with its number as a spreadsheet shows it: the header is row 1, an empty line is a row, a
    quoted cell with line breaks stays in its row."""
    path = Path(csv_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    reader = csv.reader(io.StringIO(_decode(path, data), newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, row))
    except csv.Error as exc:
        raise InputError(f"{path}: row {len(rows) + 1}: malformed CSV ({exc})") from None
    if not rows:
        raise InputError(f"{path}: empty file, expected a review sheet")
    header = [re.sub(r"\s*\(.*\)$", "", h.strip()).lower() for h in rows[0][1]]
    return header, rows[1:]


def import_verdicts(csv_path: Path, *, graph: Optional[Graph] = None) -> Graph:
    """Read a reviewed sheet; return the verdicts and comments as triples on the facts.

    Rows with neither a verdict nor a comment are skipped. With ``graph``, every fact IRI must be
    a fact of that graph (a typo in the sheet is an error naming its row, not a new node).
    """
    path = Path(csv_path)
    names, rows = read_sheet(path)
    missing = [c for c in ("fact", VERDICT, COMMENT) if c not in names]
    if missing:
        raise InputError(f"{path}: row 1: not a review sheet: missing column(s) {', '.join(repr(c) for c in missing)}")
    col = {c: names.index(c) for c in ("fact", VERDICT, COMMENT, CLAIM, FACTUALITY) if c in names}
    facts = current = None
    if graph is not None:
        from cagraph.site.model import Model

        facts = set(Model(graph).facts)
        current = {c: f for c, f in graph.subject_objects(URIRef(CAG_NS + "factuality"))}
    out = Graph()
    out.bind("skos", str(SKOS))
    out.bind("cgr", CGR_NS)
    for number, row in rows:
        if any(c.strip() for c in row):
            for t in _row_triples(row, col, f"{path}: row {number}", facts=facts, current=current):
                out.add(t)
    return out


def _row_triples(row: list[str], col: dict, where: str, *, facts: Optional[set], current: Optional[dict]) -> list:
    """The triples one row of a reviewed sheet gives (see :func:`import_verdicts`)."""
    def cell(name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    out = []
    factuality = parse_factuality(cell(FACTUALITY), where)
    claim = _fact_iri(cell(CLAIM), where) if cell(CLAIM) else None
    if current is not None and claim is not None and claim not in current:
        raise InputError(f"{where}: {claim} is not a claim of the graph")
    if factuality is not None and claim is not None and (current is None or current.get(claim) != factuality):
        out.append((claim, URIRef(CAG_NS + "reviewedFactuality"), factuality))
    verdict, comment = parse_verdict(cell(VERDICT), where), cell(COMMENT)
    if not verdict and not comment:
        return out
    fact = _fact_iri(cell("fact"), where)
    if facts is not None and fact not in facts:
        raise InputError(f"{where}: {fact} is not a fact of the graph")
    if verdict:
        out.append((fact, SKOS.editorialNote, Literal(VERDICT_PREFIX + verdict, lang="en")))
    if comment:
        out.append((fact, SKOS.note, Literal(comment, lang="en")))
    return out


HEADER = """# Reviewers' verdicts and comments on facts, imported from a review sheet by
# `cagraph review-import` (see docs/review.md). Do not edit by hand: re-import the sheet.
"""


def write_verdicts(g: Graph, output: Optional[Path]) -> None:
    """Serialize imported verdicts as Turtle (stable order), atomically."""
    from cagraph.io.write import atomic_output

    body = g.serialize(format="longturtle") if len(g) else ""
    with atomic_output(output) as fh:
        fh.write(HEADER)
        if body:
            fh.write(body if body.endswith("\n") else body + "\n")


__all__ = ["COLUMNS", "VERDICTS", "review_sheet", "sheet_rows", "read_sheet", "import_verdicts", "parse_verdict",
           "write_verdicts", "neutralize"]
