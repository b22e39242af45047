"""cagraph on OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``): push with digest
authentication, and every saved query giving the same rows there as on the local Oxigraph store.

A real ``virtuoso-t`` is started on 127.0.0.1 (free HTTP and ISQL ports) from a temporary
directory with its own ``virtuoso.ini`` and database, and stopped at the end. No system service
is used. Skipped, with the reason, where ``virtuoso-t`` is not installed (``.ci/run`` installs
it). The Virtuoso quirks that cagraph works around are described in docs/remote.md.
"""
from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_remote as tr  # noqa: E402 - the parity machinery of the Oxigraph server tests
import test_qc as tq  # noqa: E402 - the QC fixtures and their expected rows

from cagraph import paths  # noqa: E402
from cagraph.query import catalogue as cq  # noqa: E402
from cagraph.errors import RemoteError  # noqa: E402
from cagraph.publish.push import push  # noqa: E402
from cagraph.query.remote import NO_AUTH, Auth, RemoteEngine, derive_endpoints  # noqa: E402
from cagraph.query.results import QueryResult  # noqa: E402
from cagraph.terms import Term  # noqa: E402

pytestmark = pytest.mark.slow

ASSERTED = "https://example.org/test/virtuoso/asserted"
CLOSURE = "https://example.org/test/virtuoso/closure"
USER = "cagraph"  # a Virtuoso SQL user of its own, granted SPARQL_UPDATE (see docs/remote.md)
QUERY_BUDGET = max(tr.QUERY_BUDGET, 30.0)
START_BUDGET = 120.0  # seconds for a fresh database to be created and the server to answer


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


@dataclass
class Virtuoso:
    base: str
    isql_port: int
    proc: subprocess.Popen
    dba_password: str
    password: str  # of USER
    state: dict = field(default_factory=dict)

    @property
    def store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    def isql(self, sql: str, password: Optional[str] = None) -> str:
        """Run SQL as dba through isql-vt (the password on isql's command line: a test instance)."""
        res = subprocess.run([isql_executable(), f"127.0.0.1:{self.isql_port}", "dba", password or self.dba_password,
                              f"EXEC={sql}"], capture_output=True, text=True, timeout=60)
        if res.returncode != 0 or "*** Error" in res.stdout + res.stderr:
            raise RuntimeError(f"isql {sql.split()[0]}: {(res.stdout + res.stderr).strip()[-300:]}")
        return res.stdout

    def engine(self, graph: str) -> RemoteEngine:
        """Queries on /sparql (no credentials needed to read) over ``graph`` as the default graph."""
        return RemoteEngine(self.sparql, timeout=QUERY_BUDGET, auth=NO_AUTH, default_graphs=[graph])


def virtuoso_executable() -> Optional[str]:
    return shutil.which("virtuoso-t")


def isql_executable() -> str:
    return shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    exe = virtuoso_executable()
    if exe is None:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "vsp").mkdir()
    http_port, isql_port = tr.free_port(), tr.free_port()
    while isql_port == http_port:
        isql_port = tr.free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, http=http_port, isql=isql_port))
    log = open(d / "stdout.log", "wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=str(d),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + START_BUDGET
        while not _answers(base + "/sparql?query=ASK%7B%7D"):
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: "
                            f"{(d / 'stdout.log').read_text(errors='replace')[-500:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"virtuoso-t did not answer within {START_BUDGET:g} s")
            time.sleep(0.2)
        srv = Virtuoso(base, isql_port, proc, "dba", "pw-" + secrets.token_hex(8))
        # A fresh database has dba/dba: change it, and create the user cagraph pushes as. Writing
        # through the Graph Store needs the SPARQL_UPDATE role (dba has every role).
        new_dba = "dba-" + secrets.token_hex(8)
        srv.isql(f"USER_CHANGE_PASSWORD('dba', 'dba', '{new_dba}');")
        srv.dba_password = new_dba
        srv.isql(f"DB.DBA.USER_CREATE('{USER}', '{srv.password}');")
        srv.isql(f'GRANT SPARQL_UPDATE TO "{USER}";')
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch, tmp_path):
    for var in tr.ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def credentials(srv: Virtuoso) -> Auth:
    return Auth.basic(USER, srv.password, source="the test")


def loaded(srv: Virtuoso, *, inferred: bool) -> RemoteEngine:
    """The asserted triples in ASSERTED, asserted + inferred in CLOSURE (each pushed once)."""
    graph = CLOSURE if inferred else ASSERTED
    if not srv.state.get(graph):
        report = push(store_endpoint=srv.store, graph=graph, inferred=inferred, auth=credentials(srv), timeout=120)
        assert report.ok, report
        srv.state[graph] = report
    return srv.engine(graph)


# ---------------------------------------------------------------------------------------------
# push
# ---------------------------------------------------------------------------------------------
def test_push_with_digest_auth_from_env(virtuoso, monkeypatch, local_counts):
    """Credentials from the environment, sent as HTTP digest (Virtuoso refuses basic), in several
    requests (one challenge, then the nonce is reused); the count is checked after the push."""
    monkeypatch.setenv("CAGRAPH_USER", USER)
    monkeypatch.setenv("CAGRAPH_PASSWORD", virtuoso.password)
    g = "https://example.org/test/virtuoso/env"
    report = push(store_endpoint=virtuoso.store, graph=g, chunk_triples=3000, timeout=120)
    assert report.ok and report.chunks > 1
    assert report.server_count == report.triples_sent == local_counts["asserted"]
    assert report.query_endpoint.endswith("/sparql-auth")  # the count is read with the same credentials
    # again: the first PUT replaces the graph, nothing is duplicated
    report = push(store_endpoint=virtuoso.store, graph=g, timeout=120)
    assert report.server_count == report.triples_sent == local_counts["asserted"]


def test_push_from_netrc_via_endpoint(virtuoso, monkeypatch, tmp_path, local_counts):
    rc = tmp_path / "netrc"
    rc.write_text(f"machine 127.0.0.1 login {USER} password {virtuoso.password}\n")
    rc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(rc))
    query_url, store_url = derive_endpoints(virtuoso.base + "/sparql-auth")
    report = push(store_endpoint=store_url, query_endpoint=query_url, graph="https://example.org/test/virtuoso/netrc",
                  inferred=True, timeout=120)
    assert report.ok and report.triples_sent == local_counts["asserted"] + local_counts["inferred"]


def test_push_wrong_password_is_one_clear_line(virtuoso):
    wrong = "not-the-" + virtuoso.password
    with pytest.raises(RemoteError) as err:
        push(store_endpoint=virtuoso.store, graph="https://example.org/test/virtuoso/x",
             auth=Auth.basic(USER, wrong, source="CAGRAPH_USER/CAGRAPH_PASSWORD"), timeout=30)
    msg = str(err.value)
    assert "401" in msg and "not accepted" in msg and "\n" not in msg
    assert wrong not in msg and virtuoso.password not in msg


def test_push_without_credentials_says_how_to_give_them(virtuoso):
    with pytest.raises(RemoteError) as err:
        push(store_endpoint=virtuoso.store, graph="https://example.org/test/virtuoso/x", auth=NO_AUTH, timeout=30)
    assert "401" in str(err.value) and "CAGRAPH_USER" in str(err.value)


def test_push_without_graph_is_refused_before_any_request(virtuoso):
    with pytest.raises(RemoteError, match="--graph IRI"):
        push(store_endpoint=virtuoso.store, auth=credentials(virtuoso))


def test_user_without_sparql_update_cannot_push(virtuoso):
    """The SPARQL_UPDATE role is what allows a Virtuoso user to write: without it, a clear error."""
    pw = "pw-" + secrets.token_hex(8)
    virtuoso.isql(f"DB.DBA.USER_CREATE('reader', '{pw}');")
    with pytest.raises(RemoteError) as err:
        push(store_endpoint=virtuoso.store, graph="https://example.org/test/virtuoso/x",
             auth=Auth.basic("reader", pw, source="the test"), timeout=30)
    assert "\n" not in str(err.value) and pw not in str(err.value)
    assert re.search(r"HTTP (401|403|500)", str(err.value))


def test_default_graph_of_a_virtuoso_query_is_every_graph(virtuoso):
    """Why push needs --graph and queries need default-graph-uri: without it, Virtuoso's default
    graph is the union of all graphs, its own system graphs included."""
    loaded(virtuoso, inferred=False)
    n = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = int(RemoteEngine(virtuoso.sparql, auth=NO_AUTH).query(n).rows[0][0].value)
    ours = int(virtuoso.engine(ASSERTED).query(n).rows[0][0].value)
    assert ours == virtuoso.state[ASSERTED].triples_sent < everything
    # the same through the URL, as `cagraph query --endpoint 'http://h:8890/sparql?default-graph-uri=IRI'` sends it
    via_url = RemoteEngine(virtuoso.sparql + "?default-graph-uri=" + urllib.request.quote(ASSERTED, safe=""),
                           auth=NO_AUTH).query(n)
    assert int(via_url.rows[0][0].value) == ours


@pytest.mark.parametrize("url,expected", [
    ("http://h:8890/sparql-auth", ("http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")),
    ("http://h:8890/sparql-graph-crud-auth", ("http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")),
    ("http://h:8890/sparql-graph-crud", ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud")),
])
def test_derive_virtuoso_endpoints(url, expected):
    assert derive_endpoints(url) == expected


@pytest.fixture()
def local_counts() -> dict:
    import pyoxigraph as ox

    from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH
    from cagraph.build.store import open_store

    store, _ = open_store(quiet=True)
    return {"asserted": sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ASSERTED_GRAPH))),
            "inferred": sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))}


# ---------------------------------------------------------------------------------------------
# Parity with the local Oxigraph store
# ---------------------------------------------------------------------------------------------
def group_concat_columns(text: str) -> dict[str, str]:
    """``{variable: separator}`` for every ``(GROUP_CONCAT(…; separator="s") AS ?v)`` of a query.

    >>> group_concat_columns('SELECT (GROUP_CONCAT(DISTINCT STR(?l); separator=", ") AS ?names) WHERE {}')
    {'names': ', '}
    """
    out: dict[str, str] = {}
    for m in re.finditer(r"(?i)\bGROUP_CONCAT\s*\(", text):
        depth, i, quote = 1, m.end(), None
        while i < len(text) and depth:
            ch = text[i]
            if quote:
                if ch == "\\":
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        sep = re.search(r"""(?i);\s*separator\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", text[m.end():i - 1])
        var = re.match(r"(?i)\s*AS\s+[?$](\w+)", text[i:])
        if var:
            out[var.group(1)] = (sep.group(1) if sep.group(1) is not None else sep.group(2)) if sep else " "
    return out


def comparable(res: QueryResult, text: str) -> Any:
    """test_remote's comparison (exact terms, blank nodes as 'some blank node'), except that the
    parts of a GROUP_CONCAT compare in sorted order: SPARQL leaves their order unspecified, and
    Virtuoso sorts them where Oxigraph keeps its index order."""
    if res.kind != "select":
        return tr.comparable(res)
    joined = group_concat_columns(text)

    def cell(var: str, term: Optional[Term]) -> Optional[Term]:
        term = tr.canon(term)
        if term is not None and term.kind == "literal" and var in joined:
            sep = joined[var]
            return Term("literal", sep.join(sorted(term.value.split(sep))), term.datatype, term.lang)
        return term

    return ("select", list(res.variables),
            Counter(tuple(cell(v, c) for v, c in zip(res.variables, row)) for row in res.rows))


# Saved queries on which Virtuoso answers wrongly by a bug of its own, as expected failures (an xfail
# that starts to pass is reported as XPASS). None now: the saved queries are written around the
# Virtuoso 7.2.5 bugs listed in docs/remote.md, "Virtuoso".
VIRTUOSO_DIVERGES: dict[str, str] = {}


@pytest.fixture(scope="session")
def engines() -> Iterator[tr.LocalEngines]:
    local = tr.LocalEngines()
    try:
        for inferred in (False, True):
            local.query("oxigraph", inferred, "ASK {}", timeout=120)
        yield local
    finally:
        local.stop()


def _compare(name: str, params: dict, text: str, remote: RemoteEngine, local: tr.LocalEngines,
             inferred: bool) -> Optional[str]:
    """None if remote == local, else what differs (one paragraph)."""
    try:
        got = remote.query(text)
    except RemoteError as exc:
        if "timed out" in str(exc):
            pytest.skip(f"{name}: Virtuoso took more than {remote.timeout:g} s")
        return f"{name} {params}: Virtuoso failed: {exc}"
    try:
        expected = local.query("oxigraph", inferred, text, timeout=QUERY_BUDGET)
    except tr.TooSlow as exc:
        pytest.skip(f"{name}: {exc}")
    a, b = comparable(expected, text), comparable(got, text)
    if a == b:
        return None
    lines = [f"{name} {params}: oxigraph and Virtuoso differ"]
    if a[0] != b[0] or a[0] == "ask":
        lines.append(f"  oxigraph: {a}\n  virtuoso: {b}")
    else:
        if a[0] == "select" and a[1] != b[1]:
            lines.append(f"  variables: oxigraph {a[1]} / virtuoso {b[1]}")
        lines += [f"  only oxigraph: {r}" for r in list((a[-1] - b[-1]).elements())[:3]]
        lines += [f"  only virtuoso: {r}" for r in list((b[-1] - a[-1]).elements())[:3]]
    return "\n".join(lines)


@pytest.mark.parametrize("name", tr.SAVED)
@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_saved_query_parity(virtuoso, engines, name, inferred):
    """Every saved query, unbound and with its parameters bound, over the pushed asserted graph
    and over the pushed closure: the same rows on Virtuoso as on the local Oxigraph store."""
    remote = loaded(virtuoso, inferred=inferred)
    problems = []
    for params in tr.parameter_sets(name, engines, inferred):
        _, text = cq.prepare(name, params)
        problem = _compare(name, params, text, remote, engines, inferred)
        if problem:
            problems.append(problem)
    if problems:
        if name in VIRTUOSO_DIVERGES:
            pytest.xfail(VIRTUOSO_DIVERGES[name])
        pytest.fail("\n".join(problems))


@pytest.mark.parametrize("name", sorted(tq.EXPECTED))
def test_qc_query_on_its_fixture(virtuoso, name):
    """The QC queries find nothing in the bundled graph, so the parity test above compares empty
    answers: here each runs on Virtuoso over its own fixture of violations (tests/fixtures/qc), and
    must give exactly the rows test_qc expects locally. This is what catches Virtuoso's wrong answers
    on property paths under negation (docs/remote.md)."""
    graph = f"https://example.org/test/virtuoso/qc/{name}"
    report = push(store_endpoint=virtuoso.store, graph=graph, files=[tq.FIXTURES / f"{name}.ttl"],
                  auth=credentials(virtuoso), timeout=120)
    assert report.ok, report
    text = (paths.QC_DIR / f"{name}-violation.rq").read_text(encoding="utf-8")
    res = virtuoso.engine(graph).query(text)
    got = [tuple(None if row[v] is None else tq._short(row[v].to_rdflib()) for v in ("entity", "property", "value"))
           for row in res.dicts()]
    assert set(got) == tq.EXPECTED[name], f"unexpected: {set(got) - tq.EXPECTED[name]}\nmissing: {tq.EXPECTED[name] - set(got)}"
    assert len(got) == len(set(got)), "duplicate rows"


ADHOC = {
    **tr.ADHOC,
    # quirks checked on purpose: numbers and their datatypes, language tags, empty and typed literals
    "numbers": "SELECT ?o (DATATYPE(?o) AS ?dt) WHERE { ?s ?p ?o FILTER(isNumeric(?o)) }",
    "aggregates": "SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?no) WHERE { ?s ?p ?o } GROUP BY ?p",
    "lang-tags": "SELECT DISTINCT (LANG(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(LANG(?o) != '') }",
}


@pytest.mark.parametrize("name", list(ADHOC))
@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_adhoc_query_parity(virtuoso, engines, name, inferred):
    remote = loaded(virtuoso, inferred=inferred)
    problem = _compare(name, {}, ADHOC[name], remote, engines, inferred)
    if problem:
        pytest.fail(problem)


def test_answer_cut_at_max_rows_is_an_error(virtuoso):
    """Virtuoso answers at most ResultSetMaxRows (10000 here) rows and says so only in a header:
    cagraph reports it instead of returning a partial answer as if it were complete."""
    remote = loaded(virtuoso, inferred=False)
    assert virtuoso.state[ASSERTED].triples_sent > 10000
    with pytest.raises(RemoteError, match="ResultSetMaxRows") as err:
        remote.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert "\n" not in str(err.value)
    assert len(remote.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 9999").rows) == 9999
