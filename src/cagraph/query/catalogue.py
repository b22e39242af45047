"""Saved SPARQL queries: the catalogue, their headers, and parameter binding.

Parameters are bound the same way on every engine (rdflib, Oxigraph, a remote server): each
given parameter becomes a ``VALUES`` block inserted as the first element of the query's top-level
``WHERE`` group, the values written as escaped SPARQL terms (:meth:`cagraph.terms.Term.sparql`).
Nothing a user types is ever pasted into query text any other way. (rdflib's ``initBindings`` and
pyoxigraph's ``substitutions`` behave differently from each other and from a server, see rdflib
issue #1772, so neither is used.)

>>> q = bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Term.literal('a"} DROP ALL #')})
>>> q
'SELECT ?x WHERE { VALUES ?o { "a\\\\"} DROP ALL #" } ?x ?p ?o }'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from cagraph import paths
from cagraph.errors import ParameterError, QueryError
from cagraph.ns import PREFIXES
from cagraph.query.guard import QUERY_FORMS, query_form, significant_tokens
from cagraph.terms import XSD, Term, check_iri


@dataclass(frozen=True)
class YearRange:
    """A range of years given for a ``year`` parameter (``2019..2024``, ``2019..``, ``from``/``to``);
    an open end is None. Bound as one ``VALUES`` row of its two ends (``UNDEF`` for an open end)
    and a fixed ``FILTER`` that compares the parameter's variable with them."""

    start: Optional[int] = None
    end: Optional[int] = None

    def values(self, name: str) -> str:
        def end(v: Optional[int]) -> str:
            return "UNDEF" if v is None else Term.literal(str(v), datatype=XSD + "integer").sparql()

        lo, hi = f"?_{name}_from", f"?_{name}_to"
        return (f"VALUES ({lo} {hi}) {{ ({end(self.start)} {end(self.end)}) }} "
                f"FILTER ((!BOUND({lo}) || ?{name} >= {lo}) && (!BOUND({hi}) || ?{name} <= {hi}))")

    def __str__(self) -> str:
        return f"{self.start or ''}..{self.end or ''}"


def bind_values(text: str, bindings: dict[str, "Term | YearRange"]) -> str:
    """Insert ``VALUES`` blocks for ``bindings`` at the start of the top-level WHERE group.

    >>> bind_values("SELECT ?e WHERE { ?e <http://x/year> ?year }", {"year": YearRange(2019, None)})
    'SELECT ?e WHERE { VALUES (?_year_from ?_year_to) { ("2019"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) } FILTER ((!BOUND(?_year_from) || ?year >= ?_year_from) && (!BOUND(?_year_to) || ?year <= ?_year_to)) ?e <http://x/year> ?year }'
    """
    if not bindings:
        return text
    toks = significant_tokens(text)
    insert_at = None
    depth = 0
    seen_where = False
    form = None
    for kind, tok, off in toks:
        up = tok.upper()
        if kind == "word" and up in QUERY_FORMS and form is None:
            form = up
        if kind == "word" and up == "WHERE" and depth == 0:
            seen_where = True
        if tok == "{":
            if depth == 0 and (seen_where or form in ("SELECT", "ASK", "DESCRIBE")):
                insert_at = off + 1
                break
            depth += 1
        elif tok == "}":
            depth -= 1
    if insert_at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    block = " ".join(term.values(name) if isinstance(term, YearRange) else f"VALUES ?{name} {{ {term.sparql()} }}"
                     for name, term in bindings.items())
    return text[:insert_at] + " " + block + text[insert_at:]


# ---------------------------------------------------------------------------------------------
# Saved queries
# ---------------------------------------------------------------------------------------------
PARAM_TYPES = ("iri", "string", "integer", "decimal", "year", "langstring")
_PARAM_LINE = re.compile(
    r"^#\s*[-*]\s*`\??(?P<name>[A-Za-z_][A-Za-z0-9_]*)`\s*\((?P<spec>[^)]*)\)\s*(?:[—–:-]+\s*)?(?P<doc>.*)$"
)
_NAME_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")


_EXAMPLE = re.compile(r"e\.g\. `([^`]+)`")


@dataclass
class Parameter:
    name: str
    type: str
    required: bool = False
    default: Optional[str] = None
    doc: str = ""

    @property
    def example(self) -> Optional[str]:
        """The first example of the header line (``e.g. `china```), if any."""
        m = _EXAMPLE.search(self.doc or "")
        return m.group(1) if m else None

    @property
    def metavar(self) -> str:
        """What ``-p NAME=...`` shows for the value: ``ENTITY``, ``YEAR[..YEAR]``..."""
        return "YEAR[..YEAR]" if self.type == "year" else self.name.upper()


@dataclass
class SavedQuery:
    name: str
    path: Path
    title: str
    question: str
    text: str
    parameters: list[Parameter] = field(default_factory=list)
    form: str = "select"

    @property
    def is_qc(self) -> bool:
        return self.name.endswith("-violation")


def parse_header(name: str, path: Path, text: str) -> SavedQuery:
    title, question, params = "", "", []
    in_params = False
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        if line.startswith("# #") and not title:
            title = line[3:].strip()
            continue
        if body.startswith("**Question:**"):
            question = body[len("**Question:**"):].strip()
            in_params = False
            continue
        if body.startswith("**Parameters:**"):
            in_params = True
            rest = body[len("**Parameters:**"):].strip()
            if rest and rest.lower() not in ("none", "none.", "-"):
                raise QueryError(f"{path}: parameters must be listed one per line as '# - `name` (type, optional) — what'")
            continue
        if in_params:
            m = _PARAM_LINE.match(line)
            if m:
                spec = [s.strip() for s in m.group("spec").split(",")]
                ptype = spec[0].lower()
                if ptype not in PARAM_TYPES:
                    raise QueryError(f"{path}: parameter {m.group('name')}: unknown type {ptype!r} (one of {', '.join(PARAM_TYPES)})")
                required = "required" in spec
                default = None
                for s in spec[1:]:
                    if s.lower().startswith("default:"):
                        default = s.split(":", 1)[1].strip()
                if required and default is not None:
                    raise QueryError(f"{path}: parameter {m.group('name')}: a required parameter has no default "
                                     "(leaving it out is a usage error); give the value as an example: e.g. `VALUE`")
                params.append(Parameter(m.group("name"), ptype, required, default, m.group("doc").strip()))
            elif body.startswith("**"):
                in_params = False
    if not title:
        raise QueryError(f"{path}:1: saved query has no '# # Title' header line")
    try:
        form = query_form(text)
    except QueryError as exc:
        raise QueryError(f"{path}: {exc}") from None
    return SavedQuery(name, path, title, question, text, params, form)


def catalogue(*, queries_dir: Optional[Path] = None, include_qc: bool = False) -> dict[str, SavedQuery]:
    """All saved queries by name (file stem), sorted by name."""
    base = Path(queries_dir) if queries_dir else paths.QUERIES_DIR
    found = {}
    dirs = [base, base / "qc"] if include_qc else [base]
    for d in dirs:
        for p in sorted(d.glob("*.rq")):
            try:
                text = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise QueryError(f"{p}: cannot read saved query ({exc})") from None
            found[p.stem] = parse_header(p.stem, p, text)
    return dict(sorted(found.items()))


def get(name: str, *, queries_dir: Optional[Path] = None) -> SavedQuery:
    # Fast path (a cold `cagraph query` pays ~20 ms to parse every header): read only the named
    # file, looking in the same places as the catalogue, qc/ last wins as it does there.
    base = Path(queries_dir) if queries_dir else paths.QUERIES_DIR
    if _NAME_OK.match(name):
        for p in (base / "qc" / f"{name}.rq", base / f"{name}.rq"):
            if p.is_file():
                try:
                    return parse_header(name, p, p.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    break  # the catalogue reports it
    cat = catalogue(queries_dir=queries_dir, include_qc=True)
    if name in cat:
        return cat[name]
    import difflib  # only for the "did you mean" of an unknown name: not on every call

    near = difflib.get_close_matches(name, list(cat), n=1, cutoff=0.5)
    hint = f"; did you mean '{near[0]}'?" if near else "; 'cagraph queries' lists them"
    raise QueryError(f"unknown query {name[:80]!r}{hint}")


# ---------------------------------------------------------------------------------------------
# Parameter values
# ---------------------------------------------------------------------------------------------
_INT = re.compile(r"^[+-]?\d{1,18}$")
# at most what every engine compares exactly: Oxigraph's xsd:decimal has 18 digits after the point
# and about 20 before it (a longer value is an error there and a number in rdflib: other rows)
_DEC = re.compile(r"^[+-]?(?:\d{1,20}(?:\.\d{0,18})?|\.\d{1,18})$")
_YEAR = re.compile(r"^\d{4}$")
# a range of years: 2019..2024, 2019-2024 (or an en dash), 2019.., ..2024
_YEAR_RANGE = re.compile(r"^(?P<start>\d{4})?\s*(?:\.\.|-|\u2013)\s*(?P<end>\d{4})?$")
#: the names a range of years is also given by: ``-p from=2019 -p to=2024``
RANGE_PARAMS = ("from", "to")
#: the prefixed names an IRI parameter may use
KNOWN_PREFIXES = {p: PREFIXES[p] for p in ("cgr", "cag")}


def parse_value(param: Parameter, raw: str) -> "Term | YearRange":
    """Turn the text a user typed into a typed term, or raise ParameterError naming the parameter."""
    where = f"parameter {param.name} ({param.type})"
    if "\x00" in raw:
        raise ParameterError(f"{where}: value contains a NUL character")
    if param.type == "iri":
        v = raw.strip()
        if v.startswith("<") and v.endswith(">"):
            v = v[1:-1]
        pfx, _, local = v.partition(":")
        if pfx in KNOWN_PREFIXES and not local.startswith("//"):
            v = KNOWN_PREFIXES[pfx] + local
        elif _NAME_OK.match(v):
            v = KNOWN_PREFIXES["cgr"] + v
        check_iri(v, what=where)
        return Term.iri(v)
    if param.type == "integer":
        if not _INT.match(raw.strip()):
            raise ParameterError(f"{where}: {raw[:40]!r} is not an integer")
        return Term.literal(str(int(raw)), datatype=XSD + "integer")
    if param.type == "decimal":
        if not _DEC.match(raw.strip()):
            raise ParameterError(f"{where}: {raw[:40]!r} is not a decimal number "
                                 "(at most 20 digits before the point and 18 after it)")
        return Term.literal(raw.strip(), datatype=XSD + "decimal")
    if param.type == "year":
        return parse_year(raw, where=where)
    if param.type == "langstring":
        return Term.literal(raw, lang="en")
    return Term.literal(raw)


def parse_year(raw: str, *, where: str = "parameter year (year)") -> "Term | YearRange":
    """One year (a term), or a range of years (``2019..2024``, ``2019-2024``, ``2019..``, ``..2024``).

    >>> parse_year("2023").value, parse_year("2019-2024"), parse_year("2019..")
    ('2023', YearRange(start=2019, end=2024), YearRange(start=2019, end=None))
    """
    v = raw.strip()
    if _YEAR.match(v):
        # years are xsd:integer in the graph (OWL 2 reasoners reject xsd:gYear)
        return Term.literal(str(int(v)), datatype=XSD + "integer")
    m = _YEAR_RANGE.match(v)
    if not m or not (m.group("start") or m.group("end")):
        raise ParameterError(f"{where}: {raw[:40]!r} is not a four-digit year or a range of years "
                             "(2023, 2019..2024, 2019.., ..2024)")
    return year_range(m.group("start"), m.group("end"), where=where)


def year_range(start: Optional[str], end: Optional[str], *, where: str) -> YearRange:
    bounds = []
    for v in (start, end):
        if v is not None and not _YEAR.match(v.strip()):
            raise ParameterError(f"{where}: {v[:40]!r} is not a four-digit year")
        bounds.append(None if v is None else int(v.strip()))
    r = YearRange(*bounds)
    if r.start is not None and r.end is not None and r.end < r.start:
        raise ParameterError(f"{where}: the range {r} ends before it starts")
    return r


def usage(query: SavedQuery) -> str:
    """The one-line usage of a saved query: its required parameters, then its optional ones.

    >>> usage(get("is-member"))
    'cagraph query is-member -p entity=ENTITY -p organization=ORGANIZATION (e.g. -p entity=india -p organization=sco)'
    """
    req = [p for p in query.parameters if p.required]
    opt = [p for p in query.parameters if not p.required]
    words = [f"cagraph query {query.name}"] + [f"-p {p.name}={p.metavar}" for p in req] \
        + [f"[-p {p.name}={p.metavar}]" for p in opt]
    examples = [f"-p {p.name}={p.example}" for p in req if p.example]
    return " ".join(words) + (f" (e.g. {' '.join(examples)})" if examples else "")


def example_params(query: SavedQuery) -> dict[str, str]:
    """The header's example value of every required parameter: what the golden files
    (``tests/expected/queries``) and the review site run a query with."""
    return {p.name: p.example for p in query.parameters if p.required and p.example}


def _year_param(query: SavedQuery, given: dict[str, str]) -> dict[str, str]:
    """``from``/``to`` folded into the query's ``year`` parameter as a range."""
    if not any(k in given for k in RANGE_PARAMS):
        return given
    years = [p for p in query.parameters if p.type == "year"]
    if not years or any(p.name in RANGE_PARAMS for p in query.parameters):
        return given  # reported as unknown parameters (or the query declares them itself)
    target = next((p for p in years if p.name == "year"), years[0])
    if target.name in given:
        raise ParameterError(f"query {query.name}: give {target.name}=FROM..TO or from/to, not both")
    for k in RANGE_PARAMS:
        if k in given and not _YEAR.match(given[k].strip()):
            raise ParameterError(f"parameter {k} (year): {given[k][:40]!r} is not a four-digit year")
    out = {k: v for k, v in given.items() if k not in RANGE_PARAMS}
    out[target.name] = f"{given.get('from', '').strip()}..{given.get('to', '').strip()}"
    return out


def resolve_params(query: SavedQuery, given: dict[str, str], *, resolver=None) -> dict[str, "Term | YearRange"]:
    """Check the user's NAME=VALUE pairs against the query header; apply defaults (an optional
    parameter's only: a required one left out is a ParameterError giving the query's usage).

    With ``resolver`` (a callable from :mod:`cagraph.query.names`), an IRI parameter may also be given by
    an entity's name: a label, a document's spelling, an acronym, an ISO 3166 code. A ``year``
    parameter takes a range too (``2019..2024``), also given as ``from`` and ``to``.
    """
    given = _year_param(query, given)
    by_name = {p.name: p for p in query.parameters}
    for name in given:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            raise ParameterError(f"query {query.name} has no parameter {name[:60]!r} (parameters: {known})")
    out: dict[str, Term | YearRange] = {}
    for p in query.parameters:
        if p.name in given:
            raw = given[p.name]
            if resolver is not None and p.type == "iri" and "\x00" not in raw:
                raw = resolver(raw, what=f"parameter {p.name}")
            out[p.name] = parse_value(p, raw)
        elif p.required:
            raise ParameterError(f"query {query.name}: parameter {p.name} is required; usage: {usage(query)}")
        elif p.default not in (None, "", "none", "None"):
            out[p.name] = parse_value(p, p.default)
    return out


def resolve_with_examples(query: SavedQuery, given: dict[str, str], *, resolver=None) -> dict[str, "Term | YearRange"]:
    """:func:`resolve_params` with each required parameter not in ``given`` set to its header
    example: how a page that shows a query's result runs it (the review site)."""
    return resolve_params(query, {**example_params(query), **given}, resolver=resolver)


def parse_param_args(pairs: list[str]) -> dict[str, str]:
    """``["country=kazakhstan", "year=2023"]`` -> dict; ParameterError for a malformed pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param {pair[:60]!r}: expected NAME=VALUE")
        if name.strip() in out:
            raise ParameterError(f"--param {name.strip()!r} given twice")
        out[name.strip()] = value
    return out


def prepare(name: str, given: Optional[dict[str, str]] = None, *, queries_dir: Optional[Path] = None,
            resolver=None) -> tuple[SavedQuery, str]:
    """Look up a saved query and return it with its final text, parameters bound (IRI parameters
    given by name through ``resolver``, see :func:`cagraph.query.names.resolver_for`)."""
    q = get(name, queries_dir=queries_dir)
    bindings = resolve_params(q, given or {}, resolver=resolver)
    return q, bind_values(q.text, bindings)


def describe(name: str, *, queries_dir: Optional[Path] = None, cq_file: Optional[Path] = None) -> str:
    """What ``cagraph queries NAME`` prints: the query's title and question, its parameters with
    type, whether required, default and example, and the competency question it answers (its
    number in docs/competency-questions.md)."""
    q = get(name, queries_dir=queries_dir)
    lines = [f"{q.name}: {q.title}", "", f"Question: {q.question}" if q.question else "Question: (none stated)", "",
             f"Usage: {usage(q)}", ""]
    if q.parameters:
        lines.append("Parameters:")
        for p in q.parameters:
            flags = ["required" if p.required else "optional"]
            if p.default not in (None, "", "none", "None"):
                flags.append(f"default {p.default}")
            lines.append(f"  {p.name} ({p.type}, {', '.join(flags)}){' — ' + p.doc if p.doc else ''}")
            if p.example:
                lines.append(f"      example: cagraph query {q.name} -p {p.name}={p.example}")
    else:
        lines.append("Parameters: none")
    cq = cq_file or (paths.ROOT / "docs" / "competency-questions.md")
    try:
        for row in cq.read_text(encoding="utf-8").splitlines():
            if f"[`{q.name}`]" in row:
                cells = [c.strip() for c in row.strip("|").split("|")]
                lines += ["", f"Competency question {cells[0]}: {cells[1]}"]
                break
    except OSError:
        pass
    return "\n".join(lines)
