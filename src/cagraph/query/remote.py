"""A SPARQL server as a cagraph engine: :class:`RemoteEngine`, and the endpoint layouts of the
servers cagraph knows (:func:`derive_endpoints`).

Queries go with the SPARQL 1.1 Protocol (URL-encoded ``POST``, which Virtuoso answers too) over
:class:`cagraph.query.http.HttpClient` (httpx, with cagraph's rules on credentials, redirects,
timeouts and error messages). Answers are read with pyoxigraph's own parsers: SPARQL results in
JSON, XML or TSV with ``pyoxigraph.parse_query_results`` (CSV cannot be read back: it does not
say which value is an IRI, a blank node or a literal), CONSTRUCT graphs with ``pyoxigraph.parse``.
Every answer is converted to neutral :class:`cagraph.terms.Term` values, so a saved query gives
the same rows on a server as on the local engines. Virtuoso's quirks are handled here
(docs/remote.md): ``nodeID://`` blank-node labels, and answers cut at ``ResultSetMaxRows``.

``query_form()`` runs before any request, so updates and SERVICE are refused locally and never
reach the server. Loading the graph into a server is :func:`cagraph.publish.push.push`.

>>> derive_endpoints("http://localhost:7878")
('http://localhost:7878/query', 'http://localhost:7878/store')
>>> safe_url("https://alice:s3cret@example.org/ds/sparql")
'https://example.org/ds/sparql'
"""
from __future__ import annotations

import re
import urllib.parse
from typing import Any, Optional, Sequence

from cagraph.errors import RemoteError
from cagraph.query.guard import query_form
from cagraph.query.http import (DEFAULT_TIMEOUT, NO_AUTH, Auth, HttpClient, Response, auth_from_env, check_url,
                                one_line, safe_url)
from cagraph.query.results import QueryResult
from cagraph.terms import Term, check_iri

__all__ = ["DEFAULT_TIMEOUT", "NO_AUTH", "Auth", "RemoteEngine", "auth_from_env", "check_url", "derive_endpoints",
           "query_url_for", "safe_url"]

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
_ACCEPT = {
    "select": f"{SPARQL_JSON}, {SPARQL_XML};q=0.8, {TSV};q=0.6, application/json;q=0.5",
    "ask": f"{SPARQL_JSON}, {SPARQL_XML};q=0.8, application/json;q=0.5",
    # N-Triples first; Turtle/RDF-XML tolerated for servers that ignore Accept.
    "construct": f"{N_TRIPLES}, text/turtle;q=0.5, application/rdf+xml;q=0.3",
}
_RESULT_FORMATS = {SPARQL_JSON: "JSON", "application/json": "JSON", SPARQL_XML: "XML", TSV: "TSV"}
# Virtuoso labels blank nodes "nodeID://b10000" in JSON and XML results, which is no blank-node
# label (pyoxigraph refuses it): the prefix is dropped, right after a bnode's opening.
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"|<bnode>)nodeID://')


# ---------------------------------------------------------------------------------------------
# Endpoint layouts
# ---------------------------------------------------------------------------------------------
def derive_endpoints(url: str) -> tuple[str, str]:
    """``(query_url, store_url)`` for a server, from any one of its URLs.

    ``store_url`` is the SPARQL 1.1 Graph Store HTTP Protocol endpoint that :func:`push` loads
    into; ``query_url`` the SPARQL 1.1 Protocol query endpoint. Understood layouts:

    ============  =======================================  ===========================================
    server        you may give                             query URL, store URL
    ============  =======================================  ===========================================
    Oxigraph      ``http://h:7878``, ``…/query``,          ``http://h:7878/query``,
                  ``…/store``, ``…/update``                ``http://h:7878/store``
    Jena Fuseki   ``…/ds/sparql``, ``…/ds/query``,         ``…/ds/sparql`` (or the ``…/ds/query`` given),
                  ``…/ds/data``, ``…/ds/get``, ``…/ds/update``  ``…/ds/data``
    GraphDB,      ``…/repositories/X``,                    ``…/repositories/X``,
    RDF4J         ``…/repositories/X/statements``,         ``…/repositories/X/rdf-graphs/service``
                  ``…/repositories/X/rdf-graphs/service``
    Virtuoso      ``…/sparql-auth``,                       ``…/sparql-auth``,
                  ``…/sparql-graph-crud-auth``             ``…/sparql-graph-crud-auth`` (digest auth)
    ============  =======================================  ===========================================

    Any other URL raises :class:`RemoteError`: give the store endpoint explicitly
    (``--store-endpoint``).

    >>> derive_endpoints("http://localhost:3030/cagraph/sparql")
    ('http://localhost:3030/cagraph/sparql', 'http://localhost:3030/cagraph/data')
    >>> derive_endpoints("http://localhost:7200/repositories/cagraph")
    ('http://localhost:7200/repositories/cagraph', 'http://localhost:7200/repositories/cagraph/rdf-graphs/service')
    >>> derive_endpoints("http://127.0.0.1:7878/store")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
    """
    url = check_url(url)
    parts = urllib.parse.urlsplit(url)
    if parts.query or parts.fragment:
        raise RemoteError(f"{safe_url(url)}: cannot tell the query and store endpoints of a URL with "
                          "'?' or '#'; give both explicitly (--endpoint and --store-endpoint)")
    segs = [s for s in parts.path.split("/") if s]

    def at(path_segs: list[str]) -> str:
        return urllib.parse.urlunsplit(parts._replace(path="/" + "/".join(path_segs)))

    # GraphDB / RDF4J: /repositories/<id>[/statements | /rdf-graphs/service]
    if "repositories" in segs:
        i = segs.index("repositories")
        rest = segs[i + 2:]
        if i + 1 < len(segs) and rest in ([], ["statements"], ["rdf-graphs", "service"], ["rdf-graphs"]):
            repo = segs[: i + 2]
            return at(repo), at(repo + ["rdf-graphs", "service"])
    # Virtuoso: /sparql-auth and /sparql-graph-crud-auth (digest authentication), or the
    # unauthenticated /sparql-graph-crud (a bare /sparql could be any server: not guessed)
    if len(segs) == 1 and segs[0] in ("sparql-auth", "sparql-graph-crud-auth"):
        return at(["sparql-auth"]), at(["sparql-graph-crud-auth"])
    if segs == ["sparql-graph-crud"]:
        return at(["sparql"]), at(["sparql-graph-crud"])
    # Oxigraph: the server root, /query, /store or /update
    if not segs or (len(segs) == 1 and segs[0] in ("query", "store", "update")):
        return at(["query"]), at(["store"])
    # Fuseki: /<dataset>/<service>
    if len(segs) >= 2 and segs[-1] in ("sparql", "query", "data", "get", "update"):
        ds = segs[:-1]
        query = segs[-1] if segs[-1] in ("sparql", "query") else "sparql"
        return at(ds + [query]), at(ds + ["data"])
    raise RemoteError(f"cannot tell the query and Graph Store endpoints of {safe_url(url)} "
                      "(known: Oxigraph, Fuseki, GraphDB/RDF4J, Virtuoso); give --store-endpoint URL")


def query_url_for(url: str) -> str:
    """The query endpoint for ``url``: derived where the layout is known, else ``url`` itself."""
    url = check_url(url)
    try:
        return derive_endpoints(url)[0]
    except RemoteError:
        return url


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------
class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint as a cagraph engine.

    ``endpoint`` may be the query URL or any URL :func:`derive_endpoints` understands (an
    Oxigraph server root ``http://host:7878`` becomes ``…/query``). ``timeout`` (seconds) bounds
    each request. ``auth=None`` looks up credentials with :func:`auth_from_env`; pass
    :data:`NO_AUTH` to send none. ``default_graphs`` are sent as ``default-graph-uri``.
    The engine keeps one HTTP connection pool: :meth:`close` it, or use it in a ``with``.

    >>> RemoteEngine("http://127.0.0.1:7878").endpoint
    'http://127.0.0.1:7878/query'
    """

    name = "remote"

    def __init__(self, endpoint: str, *, timeout: float = DEFAULT_TIMEOUT, auth: Optional[Auth] = None,
                 default_graphs: Sequence[str] = ()):
        self.endpoint = query_url_for(endpoint)
        if not isinstance(timeout, (int, float)) or not timeout > 0 or timeout != timeout:
            raise RemoteError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self.timeout = float(timeout)
        self.auth = auth_from_env(self.endpoint) if auth is None else auth
        self.default_graphs = [check_iri(g, what="default graph") for g in default_graphs]
        self._http = HttpClient(timeout=self.timeout, auth=self.auth)

    def __repr__(self) -> str:
        return f"RemoteEngine({safe_url(self.endpoint)!r}, timeout={self.timeout:g}, auth={self.auth!r})"

    def __enter__(self) -> "RemoteEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult:
        form = query_form(text, allow_service=allow_service)  # refuses updates before any request
        # "query via URL-encoded POST" of the SPARQL 1.1 Protocol, which every server speaks
        # (Virtuoso 7 never answers a POST of application/sparql-query: docs/remote.md)
        params = [("query", text)] + [("default-graph-uri", g) for g in self.default_graphs]
        resp = self._http.request("POST", self.endpoint, body=urllib.parse.urlencode(params).encode("ascii"),
                                  content_type=FORM, accept=_ACCEPT[form])
        try:
            result = self._graph(resp) if form == "construct" else self._results(resp, form)
        except RemoteError as exc:
            raise RemoteError(self._http.scrub(str(exc))) from None
        if resp.max_rows is not None:
            self._check_complete(resp.max_rows, len(result.rows or result.triples or []))
        return result

    def _check_complete(self, max_rows: str, n: int) -> None:
        """Virtuoso cuts every answer at ResultSetMaxRows (10000 by default) and says so only in
        the X-SPARQL-MaxRows header (also when the answer has exactly that many rows: then it
        cannot be told from a cut one). A partial answer is an error, never rows reported as complete."""
        try:
            limit = int(max_rows.strip())
        except ValueError:
            limit = 0
        if n >= limit:
            raise RemoteError(f"{safe_url(self.endpoint)} cut its answer at {one_line(max_rows, 20)} rows "
                              "(Virtuoso's ResultSetMaxRows in virtuoso.ini [SPARQL]); raise it, or page the "
                              "query with LIMIT and OFFSET")

    # -- decoding ---------------------------------------------------------------------------
    def _not_sparql(self, resp: Response, detail: str = "") -> RemoteError:
        got = resp.content_type or "no content type"
        return RemoteError(f"{safe_url(self.endpoint)} is not a SPARQL endpoint (got {got}{detail})")

    def _results(self, resp: Response, form: str) -> QueryResult:
        """SELECT or ASK results, read by ``pyoxigraph.parse_query_results``."""
        import pyoxigraph as ox

        fmt = _RESULT_FORMATS.get(resp.content_type)
        if fmt is None:
            raise self._not_sparql(resp)
        body = _VIRTUOSO_BNODE.sub(rb"\1", resp.body) if b"nodeID://" in resp.body else resp.body
        try:
            parsed = ox.parse_query_results(body, getattr(ox.QueryResultsFormat, fmt))
            if isinstance(parsed, ox.QueryBoolean):
                if form != "ask":
                    raise self._not_sparql(resp, " with a boolean answer to a SELECT query")
                return QueryResult("ask", boolean=bool(parsed))
            if form != "select":
                raise self._not_sparql(resp, " with rows as the answer to an ASK query")
            variables = [v.value for v in parsed.variables]
            rows = [tuple(Term.from_oxigraph(t) for t in solution) for solution in parsed]
        except (SyntaxError, ValueError, OSError) as exc:
            raise self._not_sparql(resp, f" that is not SPARQL results: {one_line(self._http.scrub(str(exc)), 100)}") \
                from None
        except TypeError as exc:  # e.g. RDF-star triple terms
            raise RemoteError(f"{safe_url(self.endpoint)}: unsupported result term ({one_line(str(exc), 80)})") from None
        return QueryResult("select", variables=variables, rows=rows)

    def _graph(self, resp: Response) -> QueryResult:
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_media_type(resp.content_type) if resp.content_type else None
        if fmt is None or "html" in resp.content_type:
            raise self._not_sparql(resp)
        try:
            quads = list(ox.parse(resp.body, format=fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise self._not_sparql(resp, f" that does not parse: {one_line(self._http.scrub(str(exc)), 100)}") from None
        # A graph is a set: servers may repeat triples (Oxigraph does for CONSTRUCT); sort like rdflib.
        triples = sorted({(Term.from_oxigraph(q.subject), Term.from_oxigraph(q.predicate), Term.from_oxigraph(q.object))
                          for q in quads})
        return QueryResult("construct", triples=triples)
