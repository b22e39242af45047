"""Fuzz targets for cagraph's inputs: query parameters, ad-hoc SPARQL, Turtle files.

Each target is a plain function ``run_<target>(max_examples)`` that runs a hypothesis property
with that many examples and returns how many cases it ran. ``tests/fuzz/test_*.py`` call them with
a small budget (``CAGRAPH_FUZZ_BUDGET``, default ``small``: the whole fuzz test set in well under a
minute); ``tests/fuzz/run.py --budget N`` splits N cases over all targets (``WEIGHTS``).

Oracles (what every case must satisfy):

* ``params``: ``cagraph query NAME -p P=VALUE -f json`` exits 0 or 2, never a traceback; exit 2
  is one ``cagraph: error:`` line on stderr; exit 0 gives exactly the rows rdflib gives for the
  same bound query, and, for a value that names nothing in the graph, exactly the rows of a
  sentinel value that certainly matches nothing; the store is unchanged.
* ``sparql``: token-level mutants of the saved queries through ``cagraph sparql -`` (oxigraph and
  rdflib, every result format) exit 0 or 2, never a traceback; a listener that SERVICE clauses
  and LOADs point at receives no connection; the store is unchanged.
* ``updates``: every SPARQL Update form, with prologues, comments, odd case and whitespace, is
  refused with exit 2, locally and with ``--endpoint`` at a listener that receives no connection.
* ``service``: SERVICE clauses written every way the grammar allows (escapes, comments, prefixed
  names with ``\\#``) are refused by default on both engines; no connection reaches the listener.
* ``equivalent``: a saved query with its keywords in random case and random whitespace/comments
  between its tokens gives the same rows as the original (the refusal checks have no false alarms).
* ``turtle_validate``: byte- and token-level mutants of data files through
  ``cagraph validate --data FILE`` exit 0, 1 or 2, never a traceback; a file rdflib cannot parse
  gives exit 2 and ``FILE:LINE:`` in the one-line message.
* ``turtle_build``: the same mutants through ``cagraph.build.store.build(files=[ontology, mutant])`` in a
  cache of its own: a StoreInfo or a CagraphError naming file and line; after a failed build the
  store of the last good build is still there and answers exactly as before; no temp dirs left.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import random
import re
import select
import signal
import socket
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Optional

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Budget
# ---------------------------------------------------------------------------------------------
#: share of a full run's budget per target
WEIGHTS = {
    "params": 0.34,
    "sparql": 0.24,
    "updates": 0.10,
    "service": 0.06,
    "equivalent": 0.06,
    "turtle_validate": 0.10,
    "turtle_build": 0.10,
}
#: examples per target for the pytest runs (CAGRAPH_FUZZ_BUDGET unset or "small")
SMALL = {"params": 60, "sparql": 60, "updates": 40, "service": 30, "equivalent": 15,
         "turtle_validate": 8, "turtle_build": 20}


def budget(target: str) -> int:
    """Examples for ``target``: ``CAGRAPH_FUZZ_BUDGET`` is ``small`` (default), ``full`` (10,000
    cases over all targets) or a total number of cases split by ``WEIGHTS``."""
    raw = os.environ.get("CAGRAPH_FUZZ_BUDGET", "small").strip().lower()
    if raw in ("", "small"):
        return SMALL[target]
    total = 10_000 if raw == "full" else int(raw)
    return max(1, round(total * WEIGHTS[target]))


def hypothesis_settings(max_examples: int, *, derandomize: Optional[bool] = None) -> settings:
    if derandomize is None:  # reproducible in pytest (small budget), random in full runs
        derandomize = os.environ.get("CAGRAPH_FUZZ_BUDGET", "small").strip().lower() in ("", "small")
    return settings(max_examples=max_examples, deadline=None, database=None, derandomize=derandomize,
                    print_blob=True, report_multiple_bugs=False,
                    phases=[Phase.explicit, Phase.generate, Phase.shrink],
                    suppress_health_check=list(HealthCheck))


# ---------------------------------------------------------------------------------------------
# Helpers shared by the targets
# ---------------------------------------------------------------------------------------------
class CaseTimeout(BaseException):
    """A case ran longer than its time limit (BaseException: no ``except Exception`` hides it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CaseTimeout in the main thread after ``seconds`` (no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):  # noqa: ANN001
        raise CaseTimeout(f"case took longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (and closes them at once)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        while not self._stop.is_set():
            r, _, _ = select.select([self.sock], [], [], 0.05)
            if r:
                with self._lock:  # accept and count at once: settle() sees both or neither
                    try:
                        conn, _ = self.sock.accept()
                    except OSError:
                        continue
                    self.connections += 1
                conn.close()

    def settle(self) -> int:
        """The number of connections so far, counting any still waiting to be accepted.

        A client's connect() returns once the connection is in the listen queue, so when the
        command under test has returned, every attempt it made is either counted or queued."""
        deadline = time.monotonic() + 2
        while True:
            with self._lock:
                pending, _, _ = select.select([self.sock], [], [], 0)
                if not pending or time.monotonic() > deadline:
                    return self.connections + (1 if pending else 0)
            time.sleep(0.002)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()

    def __enter__(self) -> "Listener":
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.close()


def runner():
    from typer.testing import CliRunner

    return CliRunner()


def cli(args: list[str], *, input: Optional[str] = None):
    from cagraph.cli.main import app

    return runner().invoke(app, args, input=input)


def assert_clean(res, allowed=(0, 2), *, what: str = "") -> None:
    """Exit code allowed, no traceback, exit 2 is one 'cagraph: error:' line on stderr."""
    exc = res.exception
    assert exc is None or isinstance(exc, SystemExit), f"{what}: uncaught {type(exc).__name__}: {exc!r}"
    out = (res.stdout or "") + (res.stderr or "")
    assert "Traceback (most recent call last)" not in out, f"{what}: traceback in output:\n{out[-2000:]}"
    assert res.exit_code in allowed, f"{what}: exit {res.exit_code}, stderr {res.stderr[-500:]!r}"
    if res.exit_code == 2:
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        errors = [ln for ln in lines if ln.startswith("cagraph: error:")]
        assert len(errors) == 1, f"{what}: exit 2 needs one 'cagraph: error:' line, got {lines!r}"


def store_fingerprint() -> tuple[int, str]:
    """(number of quads, SHA-256 of the sorted quads) of the compiled store, opened read-only."""
    from cagraph.build.store import open_store

    store, _ = open_store(quiet=True)
    lines = sorted(str(q) for q in store)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def store_count() -> int:
    from cagraph.build.store import open_store

    store, _ = open_store(quiet=True)
    return len(store)


# ---------------------------------------------------------------------------------------------
# Hostile text
# ---------------------------------------------------------------------------------------------
SPECIALS = [
    '"', "'", "\\", "}", "{", "#", ">", "<", "\n", "\r", "\r\n", "\t", "\x00", "\x0b", "\x7f", " ",
    "\U0001F600", "\U00010348", "\U000E0001", "\u2028", "\u0085", "\ufeff", "\u202e", "\ud800", "\udfff",
    '"""', "'''", "^^", "@en", "\\u0022", "\\U0001F600", "\\n", "%00", "%20", "&amp;", "]]>",
    "cgr:", "cag:", "rdf:type", "http://", "https://", "file:///etc/passwd", "urn:x", "mailto:a@b",
    "https://w3id.org/cagraph/id/", "<https://w3id.org/cagraph/id/china>", "china", "kazakhstan", "sco",
    "2023", "-1", "+1", "1e9", "0x1F", "NaN", "INF", "1.", ".5", "00002023", "?x", "$x", "_:b0", ";", ".", ",",
    "} UNION { ?s ?p ?o }", "DROP ALL", "INSERT DATA { <http://x/a> <http://x/b> 1 }", "SERVICE <http://127.0.0.1:9/>",
    "#", ") . } #", "\\\"} ; DROP ALL #", "Kirghizstan", "Kirghiz", "silk", "SCO",
]


def hostile_text() -> st.SearchStrategy[str]:
    frag = st.one_of(st.sampled_from(SPECIALS), st.text(max_size=12),
                     st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=6))
    joined = st.lists(frag, max_size=8).map("".join)
    huge = st.tuples(st.sampled_from(SPECIALS + ["x", "a b", "é"]), st.integers(1, 10_240)).map(
        lambda t: (t[0] * t[1])[:10_240])
    iri_spaces = st.builds(lambda a, b: f"{a}{b}", st.sampled_from(
        ["http://x/", "https://w3id.org/cagraph/id/", "<https://w3id.org/cagraph/id/", "cgr:", " "]),
        st.text(alphabet=" abc<>\"{}|^`\\\t\n", max_size=10))
    numbers = st.one_of(st.integers(-10**30, 10**30).map(str), st.decimals(allow_nan=True).map(str),
                        st.floats().map(repr))
    return st.one_of(joined, joined, huge, iri_spaces, numbers, st.text(), entity_forms())


@lru_cache(maxsize=None)
def _entity_samples() -> tuple[str, ...]:
    g = reference_graph()
    from rdflib import URIRef

    cgr = "https://w3id.org/cagraph/id/"
    names = sorted({str(s)[len(cgr):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(cgr)})
    rng = random.Random(7)
    return tuple(rng.sample(names, min(40, len(names))) + ["china", "uzbekistan", "sco", "india", "kyrgyzstan",
                                                          "doc-eurasia-center-2024", "silk-road-economic-belt"])


def entity_forms() -> st.SearchStrategy[str]:
    """Legitimate spellings of existing entities: bare name, prefixed, full, in <>, padded."""
    cgr = "https://w3id.org/cagraph/id/"
    return st.builds(lambda n, form: form.format(n=n, cgr=cgr), st.sampled_from(_entity_samples()),
                     st.sampled_from(["{n}", "cgr:{n}", "{cgr}{n}", "<{cgr}{n}>", " {n} ", "\t{n}\n", "{n} ",
                                      "{n}x", "{n}/", "{n}#", "cgr:{n}>", "<{cgr}{n}"]))


# ---------------------------------------------------------------------------------------------
# Reference data (parsed once per process)
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def reference_graph():
    from cagraph.io.load import load_graph

    return load_graph()


@lru_cache(maxsize=None)
def _known():
    from rdflib import Literal, URIRef

    g = reference_graph()
    iris, years, texts = set(), set(), []
    for t in g:
        for x in t:
            if isinstance(x, URIRef):
                iris.add(str(x))
            elif isinstance(x, Literal):
                texts.append(str(x))
                if x.datatype is not None and str(x.datatype).endswith("#gYear"):
                    years.add(str(x))
    blob = "\n".join(sorted(set(texts)))
    return frozenset(iris), frozenset(years), blob, blob.lower()


@lru_cache(maxsize=None)
def _rdflib_rows(text: str):
    from cagraph.query.canon import canonical_rows
    from cagraph.query.engines import RdflibEngine

    return canonical_rows(RdflibEngine(reference_graph()).query(text))


@lru_cache(maxsize=None)
def _sentinel_rows(name: str, pname: str, ptype: str):
    from cagraph.query.canon import canonical_rows
    from cagraph.query.catalogue import get, resolve_params, bind_values
    from cagraph.query.engines import oxigraph_engine

    sentinel = {"iri": "https://w3id.org/cagraph/id/no-such-entity-zz9", "year": "1066",
                "string": "no such text \u2603 zz9", "langstring": "no such text \u2603 zz9"}[ptype]
    q = get(name)
    text = bind_values(q.text, resolve_params(q, {pname: sentinel}))
    rows = canonical_rows(oxigraph_engine(quiet=True).query(text))
    assert rows == _rdflib_rows(text), f"query {name} -p {pname}=<sentinel>: oxigraph and rdflib disagree"
    return rows


def _cli_rows(name: str, stdout: str):
    """Canonical rows of ``cagraph query ... -f json`` output (Turtle for CONSTRUCT queries)."""
    from cagraph.query.canon import canonical_rows
    from cagraph.query.catalogue import get
    from cagraph.query.results import QueryResult
    from cagraph.terms import Term

    if get(name).form == "construct":
        import pyoxigraph as ox

        triples = sorted({(Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object))
                          for t in ox.parse(stdout.encode("utf-8"), format=ox.RdfFormat.TURTLE)})
        return canonical_rows(QueryResult("construct", triples=triples))
    doc = json.loads(stdout)
    if "boolean" in doc:
        return canonical_rows(QueryResult("ask", boolean=doc["boolean"]))
    variables = doc["head"]["vars"]
    rows = [tuple(Term.from_json(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]]
    return canonical_rows(QueryResult("select", variables=variables, rows=rows))


@lru_cache(maxsize=None)
def param_slots() -> tuple[tuple[str, str, str], ...]:
    from cagraph.query.catalogue import catalogue

    return tuple((name, p.name, p.type) for name, q in catalogue(include_qc=True).items() for p in q.parameters)


# ---------------------------------------------------------------------------------------------
# Target: parameters of saved queries
# ---------------------------------------------------------------------------------------------
COUNTER: dict[str, int] = {}


def _count(target: str) -> None:
    COUNTER[target] = COUNTER.get(target, 0) + 1


def check_param_case(name: str, pname: str, ptype: str, value: str, *, count_before: Optional[int] = None) -> None:
    from cagraph.errors import CagraphError
    from cagraph.query.catalogue import get, parse_value, resolve_params, bind_values

    with time_limit(60):
        res = cli(["query", name, "-p", f"{pname}={value}", "-f", "json"])
    what = f"query {name} -p {pname}={value[:80]!r}"
    assert_clean(res, (0, 2), what=what)
    if res.exit_code == 0:
        q = get(name)
        try:
            text = bind_values(q.text, resolve_params(q, {pname: value}))
        except CagraphError as exc:  # the CLI accepted what the library refuses?
            raise AssertionError(f"{what}: CLI exit 0 but prepare() refuses: {exc}") from None
        got = _cli_rows(name, res.stdout)
        iris, years, blob, blob_lower = _known()
        param = next(p for p in q.parameters if p.name == pname)
        term = parse_value(param, value)
        unknown = False
        if ptype == "iri":
            unknown = term.value not in iris
        elif ptype == "year":  # a range of years (2019..2024) is compared with rdflib, not the sentinel
            unknown = hasattr(term, "value") and term.value not in years
        elif ptype in ("string", "langstring"):
            unknown = bool(value) and value not in blob and value.lower() not in blob_lower
        if unknown:  # the sentinel's rows are checked against rdflib once
            assert got == _sentinel_rows(name, pname, ptype), f"{what}: a value naming nothing matched something"
        else:  # a value naming something: oxigraph through the CLI and rdflib agree
            assert got == _rdflib_rows(text), f"{what}: oxigraph (CLI) and rdflib disagree"
    if count_before is not None:
        assert store_count() == count_before, f"{what}: the store changed"


def run_params(max_examples: int) -> int:
    start = COUNTER.get("params", 0)
    before = store_fingerprint()

    @hypothesis_settings(max_examples)
    @given(slot=st.sampled_from(param_slots()), value=hostile_text())
    def prop(slot, value):
        _count("params")
        name, pname, ptype = slot
        check_param_case(name, pname, ptype, value, count_before=before[0])

    prop()
    assert store_fingerprint() == before, "the store changed during the params target"
    return COUNTER.get("params", 0) - start


# ---------------------------------------------------------------------------------------------
# A small graph for ad-hoc queries (bounded cost for mutants that join everything with everything)
# ---------------------------------------------------------------------------------------------
SLICE_FACTS = ("flow-cn-uz-2023-exports", "a-aiib-alternative-world-bank")


@contextlib.contextmanager
def small_graph() -> Iterator[Path]:
    """Point cagraph at a slice of the bundled graph (~300 triples) in a cache dir of its own.

    The slice is every triple about a few facts, their quotes, periods and documents, and the
    entities they name (with their types and labels); enough for most saved queries to answer.
    """
    from rdflib import Graph, URIRef

    import cagraph.paths as paths

    g = reference_graph()
    cgr = "https://w3id.org/cagraph/id/"
    seeds = {URIRef(cgr + f) for f in SLICE_FACTS}
    seeds |= set(list(g.subjects(URIRef("https://w3id.org/cagraph/ontology#memberOf"), None))[:3])
    keep: set = set()
    frontier = set(seeds)
    for _ in range(2):
        nxt = set()
        for s in frontier:
            for t in g.triples((s, None, None)):
                keep.add(t)
                if isinstance(t[2], URIRef) and t[2].startswith(cgr):
                    nxt.add(t[2])
        frontier = nxt - {t[0] for t in keep}
    out = Graph()
    for t in keep:
        out.add(t)
    tmp = Path(tempfile.mkdtemp(prefix="cagraph-fuzz-small-"))
    f = tmp / "slice.ttl"
    out.serialize(f, format="turtle")
    old_files, old_cache = paths.graph_files, os.environ.get("CAGRAPH_CACHE")
    paths.graph_files = lambda: [f]  # type: ignore[assignment]
    os.environ["CAGRAPH_CACHE"] = str(tmp / "cache")
    try:
        yield f
    finally:
        paths.graph_files = old_files  # type: ignore[assignment]
        if old_cache is None:
            os.environ.pop("CAGRAPH_CACHE", None)
        else:
            os.environ["CAGRAPH_CACHE"] = old_cache


# ---------------------------------------------------------------------------------------------
# Target: token-level mutants of the saved queries through ``cagraph sparql -``
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def saved_texts() -> tuple[tuple[str, str], ...]:
    """Every saved query's text, a required parameter bound to its header example (such a query
    is not run unbound: entity-graph would then describe every entity, for minutes)."""
    from cagraph.query.catalogue import bind_values, catalogue, example_params, resolve_params

    return tuple((n, bind_values(q.text, resolve_params(q, example_params(q))) if example_params(q) else q.text)
                 for n, q in catalogue(include_qc=True).items())


def token_pool(listener_url: str) -> list[str]:
    return [
        "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "VALUES",
        "BIND", "AS", "GROUP", "BY", "ORDER", "LIMIT", "OFFSET", "DISTINCT", "REDUCED", "HAVING", "EXISTS", "NOT",
        "IN", "a", "UNDEF", "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
        "WITH", "SILENT", "ALL", "DEFAULT", "NAMED", "SERVICE", f"SERVICE <{listener_url}/sparql>",
        f"SERVICE SILENT <{listener_url}/x>", f"<{listener_url}/sparql>", f"LOAD <{listener_url}/x.ttl>",
        "{", "}", "(", ")", "[", "]", ".", ";", ",", "*", "?x", "$y", "?", "+", "/", "|", "^", "!", "=", "!=", "<",
        ">", "&&", "||", '"x"', "'y'", '"""', "'''", '"a"@en', '"1"^^xsd:integer', "1", "-2.5e3", "true",
        "<http://x/a>", "<>", "cgr:china", "cag:", ":", "_:b", "[]", "()", "# comment\n", "#\r", "\r", "\n",
        "\\u0053ERVICE", "\\", "cgr:x\\#", "COUNT(*)", "STR(", "REGEX(?x, \"(a+)+$\")", "\x00", "\U0001F600",
        "(" * 300, ")" * 300, "{" * 300, "}" * 300,
    ]


@st.composite
def sparql_mutant(draw, listener_url: str) -> str:
    from cagraph.query.guard import tokens

    _, text = draw(st.sampled_from(saved_texts()))
    toks = [t for _, t, _ in tokens(text)]
    pool = token_pool(listener_url)
    for _ in range(draw(st.integers(1, 4))):
        if not toks:
            toks = [draw(st.sampled_from(pool))]
        op = draw(st.sampled_from(["drop", "dup", "swap", "replace", "insert", "drop-run"]))
        i = draw(st.integers(0, len(toks) - 1))
        if op == "drop":
            del toks[i]
        elif op == "drop-run":
            del toks[i:i + draw(st.integers(1, 12))]
        elif op == "dup":
            toks.insert(i, toks[i])
        elif op == "swap":
            j = draw(st.integers(0, len(toks) - 1))
            toks[i], toks[j] = toks[j], toks[i]
        elif op == "replace":
            toks[i] = draw(st.sampled_from(pool))
        else:
            toks.insert(i, draw(st.one_of(st.sampled_from(pool), st.text(max_size=4))))
    return "".join(toks)


def check_sparql_case(text: str, listener: Listener, *, engine: str = "oxigraph", fmt: str = "json",
                      count_before: Optional[int] = None) -> None:
    before = listener.settle()
    with time_limit(60):
        res = cli(["sparql", "-", "-f", fmt, "--engine", engine], input=text)
    what = f"sparql --engine {engine} -f {fmt} <<< {text[:300]!r}"
    assert_clean(res, (0, 2), what=what)
    assert listener.settle() == before, f"{what}: a connection reached the listener"
    if res.exit_code == 0 and fmt == "json" and not res.stdout.lstrip().startswith("@prefix") and res.stdout.strip():
        try:
            json.loads(res.stdout)
        except ValueError:
            if not res.stdout.lstrip().startswith(("<", "@", "PREFIX")):  # CONSTRUCT answers in Turtle
                raise AssertionError(f"{what}: output is not JSON") from None
    if res.exit_code == 0 and fmt == "xml" and res.stdout.startswith("<?xml"):
        ET.fromstring(res.stdout.encode("utf-8"))
    if res.exit_code == 0 and fmt == "csv":
        list(csv.reader(io.StringIO(res.stdout)))
    if count_before is not None:
        assert store_count() == count_before, f"{what}: the store changed"


@contextlib.contextmanager
def _on_slice_with_listener() -> Iterator[Listener]:
    """The setting of the SPARQL targets: the small graph, a listener that must receive nothing,
    and one parsed copy of the graph for ``--engine rdflib`` (the CLI loads it per command)."""
    import cagraph.query.engines as engines

    cache: dict = {}
    original = engines.rdflib_engine

    def fast(*, inferred: bool = False):
        if inferred not in cache:
            cache[inferred] = original(inferred=inferred)
        return cache[inferred]

    with small_graph(), Listener() as listener:
        engines.rdflib_engine = fast
        try:
            yield listener
        finally:
            engines.rdflib_engine = original


def run_sparql(max_examples: int) -> int:
    start = COUNTER.get("sparql", 0)
    with _on_slice_with_listener() as listener:
        before = store_fingerprint()

        @hypothesis_settings(max_examples)
        @given(data=st.data())
        def prop(data):
            _count("sparql")
            text = data.draw(sparql_mutant(listener.url), label="query")
            engine = data.draw(st.sampled_from(["oxigraph", "oxigraph", "rdflib"]), label="engine")
            fmt = data.draw(st.sampled_from(["json", "xml", "csv", "tsv", "table"]), label="format")
            check_sparql_case(text, listener, engine=engine, fmt=fmt, count_before=before[0])

        prop()
        assert store_fingerprint() == before
    return COUNTER.get("sparql", 0) - start


# ---------------------------------------------------------------------------------------------
# Target: SPARQL Update, every form, refused locally and before any request to --endpoint
# ---------------------------------------------------------------------------------------------
def update_forms(listener_url: str) -> list[str]:
    g, x = "<http://x/g>", "<http://x/a> <http://x/b> <http://x/c>"
    return [
        f"INSERT DATA {{ {x} }}", f"INSERT DATA {{ GRAPH {g} {{ {x} }} }}", f"DELETE DATA {{ {x} }}",
        "DELETE WHERE { ?s ?p ?o }", "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }", f"WITH {g} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f"DELETE {{ ?s ?p ?o }} USING {g} WHERE {{ ?s ?p ?o }}",
        f"LOAD <{listener_url}/data.ttl>", f"LOAD SILENT <{listener_url}/data.ttl> INTO GRAPH {g}",
        "CLEAR ALL", "CLEAR DEFAULT", "CLEAR NAMED", f"CLEAR SILENT GRAPH {g}",
        "DROP ALL", f"DROP GRAPH {g}", "DROP SILENT DEFAULT", "DROP NAMED",
        f"CREATE GRAPH {g}", f"CREATE SILENT GRAPH {g}",
        f"ADD DEFAULT TO {g}", f"ADD SILENT {g} TO DEFAULT", f"MOVE DEFAULT TO {g}", f"MOVE SILENT {g} TO GRAPH <http://x/h>",
        f"COPY DEFAULT TO {g}", f"COPY SILENT GRAPH {g} TO DEFAULT",
        f"CLEAR ALL ; INSERT DATA {{ {x} }}", f"INSERT DATA {{ {x} }} ; DROP ALL",
        f"SELECT * WHERE {{ ?s ?p ?o }} ; INSERT DATA {{ {x} }}",
        f"ASK {{ }} ; LOAD <{listener_url}/data.ttl>",
    ]


PROLOGUES = ["PREFIX x: <http://x/>", "PREFIX : <http://y/>", "BASE <http://x/>", "prefix cgr: <https://w3id.org/cagraph/id/>",
             "PREFIX x:<http://x/>", "PREFIX é: <http://z/>", "PREFIX a.b: <http://ab/>"]
SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\r", " # a comment\n", "# SELECT\n", "#\r", "\n#INSERT\n", "\u000c"]


@st.composite
def update_request(draw, listener_url: str) -> str:
    form = draw(st.sampled_from(update_forms(listener_url)))
    from cagraph.query.guard import tokens

    parts = [t for k, t, _ in tokens(form) if k not in ("ws", "comment")]
    # odd case for keywords, odd whitespace and comments between tokens
    out = []
    for k in draw(st.lists(st.sampled_from(PROLOGUES), max_size=3)):
        out.append(k)
        out.append(draw(st.sampled_from(SEPARATORS)))
    for p in parts:
        if re.fullmatch(r"[A-Za-z]+", p):
            p = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in p)
        out.append(p)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return draw(st.sampled_from(["", "\ufeff", "# leading comment\n", "\n\n"])) + "".join(out)


def check_update_case(text: str, listener: Listener, *, count_before: Optional[int] = None) -> None:
    before = listener.settle()
    for args in (["sparql", "-"], ["sparql", "-", "--engine", "rdflib"], ["sparql", "-", "--endpoint", listener.url],
                 ["sparql", "-", "--endpoint", listener.url + "/query", "--allow-service"]):
        with time_limit(30):
            res = cli(args, input=text)
        what = f"{' '.join(args)} <<< {text[:300]!r}"
        assert_clean(res, (2,), what=what)
        assert listener.settle() == before, f"{what}: the update reached the listener"
    if count_before is not None:
        assert store_count() == count_before, f"{text!r}: the store changed"


def run_updates(max_examples: int) -> int:
    start = COUNTER.get("updates", 0)
    with _on_slice_with_listener() as listener:
        before = store_fingerprint()

        @hypothesis_settings(max_examples)
        @given(data=st.data())
        def prop(data):
            _count("updates")
            check_update_case(data.draw(update_request(listener.url)), listener, count_before=before[0])

        prop()
        assert store_fingerprint() == before
    return COUNTER.get("updates", 0) - start


# ---------------------------------------------------------------------------------------------
# Target: SERVICE written every way, refused by default, no connection
# ---------------------------------------------------------------------------------------------
def _escape_some(word: str, picks: list[bool]) -> str:
    return "".join(f"\\u{ord(c):04X}" if p else c for c, p in zip(word, picks))


@st.composite
def service_query(draw, listener_url: str) -> str:
    kw = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in "SERVICE")
    if draw(st.integers(0, 3)) == 0:
        kw = _escape_some(kw, draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    endpoint = draw(st.sampled_from([f"<{listener_url}/sparql>", "?endpoint", f"<{listener_url}>"]))
    silent = draw(st.sampled_from(["", " SILENT", " silent"]))
    inner = draw(st.sampled_from(["{ ?s ?p ?o }", "{}", "{ SELECT * WHERE { ?s ?p ?o } LIMIT 1 }"]))
    clause = f"{kw}{silent} {endpoint} {inner}"
    hider = draw(st.sampled_from([
        "", "# a comment\r", "#\r", "BIND(x:a\\# AS ?z) ", "VALUES ?z { x:a\\# } ", "BIND('''x''' AS ?z) ",
        "BIND(\"#\" AS ?z) ", "FILTER(1<2) ", "BIND(<http://x/#> AS ?z) ",
    ]))
    pattern = draw(st.sampled_from(["{clause}", "OPTIONAL {{ {clause} }}", "{{ ?a ?b ?c }} UNION {{ {clause} }}",
                                    "FILTER EXISTS {{ {clause} }}", "{{ SELECT * WHERE {{ {clause} }} }}",
                                    "MINUS {{ {clause} }}", "GRAPH ?g {{ {clause} }}"])).format(clause=clause)
    values = f"VALUES ?endpoint {{ <{listener_url}/sparql> }} " if endpoint == "?endpoint" else ""
    form = draw(st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE", "select *"]))
    return f"PREFIX x: <http://x/>\n{form} {{ {values}{hider}{pattern} }}"


def check_service_case(text: str, listener: Listener) -> None:
    before = listener.settle()
    for engine in ("oxigraph", "rdflib"):
        with time_limit(30):
            res = cli(["sparql", "-", "--engine", engine, "-f", "json"], input=text)
        what = f"sparql --engine {engine} <<< {text!r}"
        assert_clean(res, (0, 2), what=what)
        assert listener.settle() == before, f"{what}: SERVICE reached the listener without --allow-service"


def run_service(max_examples: int) -> int:
    start = COUNTER.get("service", 0)
    with _on_slice_with_listener() as listener:
        @hypothesis_settings(max_examples)
        @given(data=st.data())
        def prop(data):
            _count("service")
            check_service_case(data.draw(service_query(listener.url)), listener)

        prop()
    return COUNTER.get("service", 0) - start


# ---------------------------------------------------------------------------------------------
# Target: equivalent spellings of the saved queries give the same rows (no false refusals)
# ---------------------------------------------------------------------------------------------
_KEYWORD = re.compile(r"[A-Za-z]+")
EQUIV_SEPARATORS = [" ", "\t", "\n", "\r\n", "\r", "  ", " # INSERT DATA\n", " #x\r", "\n# DROP ALL\r\n"]


@st.composite
def equivalent_query(draw) -> tuple[str, str]:
    from cagraph.query.guard import tokens

    name, text = draw(st.sampled_from([(n, t) for n, t in saved_texts() if not n.endswith("-violation")]))
    out = []
    for kind, tok, _ in tokens(text):
        if kind == "ws":  # a line break stays a line break (it may end a comment)
            breaks = "\n" in tok or "\r" in tok
            out.append(draw(st.sampled_from([s for s in EQUIV_SEPARATORS if not breaks or s.endswith(("\n", "\r"))])))
        elif kind == "word" and _KEYWORD.fullmatch(tok) and tok != "a" and tok.upper() == tok:
            out.append("".join(c.upper() if draw(st.booleans()) else c.lower() for c in tok))
        else:
            out.append(tok)
    return name, "".join(out)


@lru_cache(maxsize=None)
def _original_rows(text: str):
    from cagraph.query.canon import canonical_rows
    from cagraph.query.engines import oxigraph_engine

    return canonical_rows(oxigraph_engine(quiet=True).query(text))


def check_equivalent_case(name: str, original: str, variant: str) -> None:
    from cagraph.query.canon import canonical_rows
    from cagraph.query.engines import oxigraph_engine

    with time_limit(60):
        got = canonical_rows(oxigraph_engine(quiet=True).query(variant))
    assert got == _original_rows(original), f"{name}: an equivalent spelling gives other rows: {variant!r}"


def run_equivalent(max_examples: int) -> int:
    start = COUNTER.get("equivalent", 0)
    texts = dict(saved_texts())

    @hypothesis_settings(max_examples)
    @given(case=equivalent_query())
    def prop(case):
        _count("equivalent")
        name, variant = case
        check_equivalent_case(name, texts[name], variant)

    prop()
    return COUNTER.get("equivalent", 0) - start


# ---------------------------------------------------------------------------------------------
# Turtle mutants
# ---------------------------------------------------------------------------------------------
TURTLE_SOURCES = ("data/periods.ttl", "data/identifiers.ttl", "tests/fixtures/shapes/TradeFlowShape-valid.ttl",
                  "tests/fixtures/shapes/QuoteShape-valid.ttl", "tests/fixtures/shapes/MembershipShape-valid.ttl")
TURTLE_POOL = [".", ";", ",", "[", "]", "(", ")", "a", "@prefix", "@base", "PREFIX", "<bad iri>", "<>", "<http://x/>",
               '"x"', '"x"@', '"x"@en-', '"2023"^^xsd:gYear', '"abc"^^xsd:decimal', '"1"^^<bad>', '"""', "'", "_:b",
               "_:", "cgr:", ":", "xsd:decimal", "1", "1.5e", "-", "true", "#", "\\", "\\u0000", "\\U0010FFFF",
               "\x00", "\r", "\n", "\ufeff", "\U0001F600", "[" * 3000, "(" * 3000, "{", "}", "<<", ">>", "^^",
               "@en", "cag:amount", "rdf:nil", "owl:sameAs"]


@lru_cache(maxsize=None)
def turtle_sources() -> tuple[tuple[str, bytes], ...]:
    from cagraph import paths

    return tuple((rel, (paths.ROOT / rel).read_bytes()) for rel in TURTLE_SOURCES)


@st.composite
def turtle_mutant(draw) -> tuple[str, bytes]:
    from cagraph.query.guard import tokens

    rel, data = draw(st.sampled_from(turtle_sources()))
    if draw(st.booleans()):  # byte level
        b = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            if not b:
                b = bytearray(b"x")
            i = draw(st.integers(0, len(b) - 1))
            op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "dup-range", "invalid-utf8"]))
            if op == "flip":
                b[i] ^= 1 << draw(st.integers(0, 7))
            elif op == "delete":
                del b[i:i + draw(st.integers(1, 40))]
            elif op == "insert":
                b[i:i] = draw(st.binary(min_size=1, max_size=8))
            elif op == "truncate":
                del b[i:]
            elif op == "dup-range":
                b[i:i] = b[i:i + draw(st.integers(1, 200))]
            else:
                b[i:i] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00"]))
        return rel, bytes(b)
    toks = [t for _, t, _ in tokens(data.decode("utf-8"))]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(toks) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "replace", "insert"]))
        if op == "drop":
            del toks[i]
        elif op == "dup":
            toks.insert(i, toks[i])
        elif op == "swap":
            j = draw(st.integers(0, len(toks) - 1))
            toks[i], toks[j] = toks[j], toks[i]
        elif op == "replace":
            toks[i] = draw(st.sampled_from(TURTLE_POOL))
        else:
            toks.insert(i, draw(st.one_of(st.sampled_from(TURTLE_POOL), st.text(max_size=4))))
    return rel, "".join(toks).encode("utf-8", "surrogatepass")


def rdflib_parses(data: bytes) -> bool:
    from rdflib import Graph

    try:
        Graph().parse(data=data.decode("utf-8"), format="turtle")
    except Exception:  # noqa: BLE001 - any refusal counts
        return False
    return True


_LOC = re.compile(r":(\d+): ")


def check_turtle_message(message: str, path: Path, data: bytes, what: str) -> None:
    assert str(path) in message, f"{what}: the message does not name the file: {message!r}"
    m = _LOC.search(message.split(str(path), 1)[1][:12] + " ") if str(path) in message else None
    assert m, f"{what}: the message has no line number: {message!r}"
    line = int(m.group(1))
    assert 1 <= line <= data.count(b"\n") + 2, f"{what}: line {line} is outside the file: {message!r}"


def check_validate_case(rel: str, data: bytes, workdir: Path) -> None:
    f = workdir / Path(rel).name
    f.write_bytes(data)
    with time_limit(120):
        res = cli(["validate", "--data", str(f)])
    what = f"validate --data <mutant of {rel}>"
    assert_clean(res, (0, 1, 2), what=what)
    if not rdflib_parses(data):
        assert res.exit_code == 2, f"{what}: a file rdflib cannot parse gave exit {res.exit_code}"
    if res.exit_code == 2 and not rdflib_parses(data):
        line = next(ln for ln in res.stderr.splitlines() if ln.startswith("cagraph: error:"))
        check_turtle_message(line, f, data, what)


def run_turtle_validate(max_examples: int) -> int:
    start = COUNTER.get("turtle_validate", 0)
    workdir = Path(tempfile.mkdtemp(prefix="cagraph-fuzz-ttl-"))

    @hypothesis_settings(max_examples)
    @given(case=turtle_mutant())
    def prop(case):
        _count("turtle_validate")
        check_validate_case(*case, workdir)

    prop()
    return COUNTER.get("turtle_validate", 0) - start


class BuildState:
    """The last good build of ``[ontology, file]`` in a cache dir of its own."""

    def __init__(self) -> None:
        from cagraph import paths
        from cagraph.build.store import build

        self.base = Path(tempfile.mkdtemp(prefix="cagraph-fuzz-build-"))
        self.f = self.base / "data.ttl"
        self.f.write_bytes((paths.ROOT / TURTLE_SOURCES[0]).read_bytes())
        self.files = [paths.ONTOLOGY_FILE, self.f]
        self.info = build(files=self.files, base=self.base / "cache")
        self.good = self.f.read_bytes()
        self.answer = self._answer(self.info.path)

    @staticmethod
    def _answer(path: Path) -> tuple:
        import pyoxigraph as ox

        store = ox.Store.read_only(str(path))
        lines = sorted(str(q) for q in store)
        del store
        return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def check_build_case(state: BuildState, rel: str, data: bytes) -> None:
    from cagraph.errors import CagraphError
    from cagraph.build.store import build

    state.f.write_bytes(data)
    what = f"build <mutant of {rel}>"
    try:
        with time_limit(120):
            info = build(files=state.files, base=state.base / "cache")
    except CagraphError as exc:
        msg = str(exc)
        if not rdflib_parses(data):
            check_turtle_message(msg, state.f, data, what)
        assert (state.info.path / "BUILD-OK").is_file(), f"{what}: the last good store is gone after a failed build"
        assert state._answer(state.info.path) == state.answer, f"{what}: the last good store answers differently"
    except CaseTimeout:
        raise
    except Exception as exc:  # noqa: BLE001 - this is what the target looks for
        raise AssertionError(f"{what}: build raised {type(exc).__name__}: {exc}") from exc
    else:
        assert (info.path / "BUILD-OK").is_file()
        state.info, state.good = info, data
        state.answer = state._answer(info.path)
    leftovers = [p.name for p in (state.base / "cache").iterdir() if p.name.startswith("tmp-")]
    assert not leftovers, f"{what}: temporary build directories left: {leftovers}"


def run_turtle_build(max_examples: int) -> int:
    start = COUNTER.get("turtle_build", 0)
    state = BuildState()

    @hypothesis_settings(max_examples)
    @given(case=turtle_mutant())
    def prop(case):
        _count("turtle_build")
        check_build_case(state, *case)

    prop()
    return COUNTER.get("turtle_build", 0) - start


TARGETS: dict[str, Callable[[int], int]] = {
    "params": run_params,
    "sparql": run_sparql,
    "updates": run_updates,
    "service": run_service,
    "equivalent": run_equivalent,
    "turtle_validate": run_turtle_validate,
    "turtle_build": run_turtle_build,
}
