"""``push``: load the compiled graph into a SPARQL server.

Loading uses the SPARQL 1.1 Graph Store HTTP Protocol (``PUT``, then ``POST``, of N-Triples
serialized by pyoxigraph) over :class:`cagraph.query.http.HttpClient` (httpx, with cagraph's
rules on credentials, redirects, timeouts and error messages); the triples that arrived are
then counted with a SPARQL ``COUNT`` through :class:`cagraph.query.remote.RemoteEngine`.

The grouping of triples into requests (:func:`_chunks`) is cagraph's own: blank-node labels are
scoped to one request, so the triples of one blank-node structure must travel together, which no
library offers.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from cagraph.errors import RemoteError
from cagraph.query.http import (DEFAULT_TIMEOUT, Auth, HttpClient, auth_from_env, check_url, is_virtuoso_store,
                                safe_url, with_query)
from cagraph.query.remote import N_TRIPLES, RemoteEngine, derive_endpoints
from cagraph.terms import Term, check_iri

log = logging.getLogger("cagraph.publish.push")


@dataclass
class PushReport:
    """What :func:`push` did. ``graph`` is the target graph IRI, None for the default graph."""

    triples_sent: int
    server_count: int
    seconds: float
    graph: Optional[str]
    chunks: int = 0
    store_endpoint: str = ""  # printable (no credentials)
    query_endpoint: str = ""

    @property
    def ok(self) -> bool:
        return self.server_count == self.triples_sent


def _chunks(triples: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Chunks of at most ``size`` triples (always at least one, possibly empty).

    Blank-node labels are scoped to one request, so triples that share blank nodes (an OWL
    restriction, an RDF list) must travel in the same chunk: they are grouped into connected
    components, each sent whole (a component larger than ``size`` is sent as one larger chunk).
    """
    import pyoxigraph as ox

    buf: list[Any] = []
    with_bnodes: list[Any] = []
    sent_any = False
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            with_bnodes.append(t)
            continue
        buf.append(t)
        if len(buf) >= size:
            yield buf
            sent_any = True
            buf = []
    for comp in _components(with_bnodes):
        if buf and len(buf) + len(comp) > size:
            yield buf
            sent_any = True
            buf = []
        buf.extend(comp)
    if buf or not sent_any:
        yield buf


def _components(with_bnodes: list[Any]) -> Iterable[list[Any]]:
    """The triples of ``with_bnodes`` grouped by the blank nodes they share (union-find)."""
    import pyoxigraph as ox

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def labels(t: Any) -> list[str]:
        return [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]

    for t in with_bnodes:
        ls = labels(t)
        for other in ls[1:]:
            parent[find(other)] = find(ls[0])
        find(ls[0])
    components: dict[str, list[Any]] = {}
    for t in with_bnodes:
        components.setdefault(find(labels(t)[0]), []).append(t)
    return components.values()


def _endpoints(store_endpoint: str, query_endpoint: Optional[str], graph: Optional[str]) -> tuple[str, str]:
    """``(store_url, query_url)``, checked before anything is read or sent."""
    store_url = check_url(store_endpoint, what="store endpoint")
    if query_endpoint is None:
        try:
            query_url = derive_endpoints(store_url)[0]
        except RemoteError:
            raise RemoteError(f"cannot tell the query endpoint that belongs to {safe_url(store_url)}; "
                              "give it (--endpoint URL)") from None
    else:
        query_url = check_url(query_endpoint)
    if graph is not None:
        check_iri(graph, what="--graph")
    elif is_virtuoso_store(store_url):
        raise RemoteError(f"{safe_url(store_url)}: Virtuoso's Graph Store cannot write its default graph (a query's "
                          "default graph there is the union of all graphs); give --graph IRI and query with "
                          "default-graph-uri=IRI (docs/remote.md)")
    return store_url, query_url


def _server_count(engine: RemoteEngine, graph: Optional[str]) -> int:
    if graph is None:
        count_q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    else:
        count_q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).sparql()} {{ ?s ?p ?o }} }}"
    res = engine.query(count_q)
    try:
        return int(res.rows[0][0].value)  # type: ignore[union-attr]
    except (IndexError, AttributeError, TypeError, ValueError):
        raise RemoteError(f"{safe_url(engine.endpoint)} did not answer the COUNT query with a number") from None


def push(*, store_endpoint: str, graph: Optional[str] = None, inferred: bool = False,
         chunk_triples: int = 50_000, timeout: float = DEFAULT_TIMEOUT, auth: Optional[Auth] = None,
         progress: Optional[Callable[[int, int], None]] = None, query_endpoint: Optional[str] = None,
         files: Optional[Iterable[Path]] = None) -> PushReport:
    """Load the compiled graph into a server with the SPARQL 1.1 Graph Store HTTP Protocol.

    Sends the asserted triples (plus the OWL-RL entailments with ``inferred=True``) to
    ``store_endpoint`` as N-Triples into ``graph`` (an IRI; None for the default graph). The
    first chunk is a ``PUT``, which replaces the target graph, the others are ``POST``s that add
    to it: running ``push`` again replaces the graph and never duplicates triples. Afterwards the
    triples in the target graph are counted with a SPARQL ``COUNT`` on ``query_endpoint``
    (default: derived from ``store_endpoint``, see :func:`cagraph.query.remote.derive_endpoints`).

    ``progress(sent, total)`` is called after every chunk. ``auth=None`` takes credentials from
    the environment (:func:`cagraph.query.http.auth_from_env`). If a chunk fails, the RemoteError
    says how much of the graph had arrived; the graph on the server is then incomplete until
    ``push`` is re-run.
    """
    import pyoxigraph as ox

    from cagraph.build.store import open_store
    from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH

    store_url, query_url = _endpoints(store_endpoint, query_endpoint, graph)
    if not isinstance(chunk_triples, int) or chunk_triples < 1:
        raise RemoteError(f"chunk size must be a positive number of triples, not {chunk_triples!r}")
    if not timeout > 0:
        raise RemoteError(f"timeout must be a positive number of seconds, not {timeout!r}")
    store_auth = auth_from_env(store_url) if auth is None else auth
    engine = RemoteEngine(query_url, timeout=timeout, auth=auth_from_env(query_url) if auth is None else auth)

    t0 = time.perf_counter()
    store, _info = open_store(files, quiet=True)
    sources = [ox.NamedNode(ASSERTED_GRAPH)] + ([ox.NamedNode(INFERRED_GRAPH)] if inferred else [])

    def triples() -> Iterator[Any]:
        for g in sources:
            for q in store.quads_for_pattern(None, None, None, g):
                yield q.triple

    total = sum(1 for _ in triples())
    url = with_query(store_url, [("graph", graph)] if graph is not None else [("default", None)])
    sent = n_chunks = 0
    if progress:
        progress(0, total)
    with HttpClient(timeout=timeout, auth=store_auth) as client, engine:
        for chunk in _chunks(triples(), chunk_triples):
            method = "PUT" if n_chunks == 0 else "POST"
            try:
                client.request(method, url, body=ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES),
                               content_type=N_TRIPLES, accept="*/*")
            except RemoteError as exc:
                if n_chunks:
                    raise RemoteError(f"{exc}; push stopped after {sent} of {total} triples, so the graph on the "
                                      "server is incomplete: run push again") from None
                raise
            n_chunks += 1
            sent += len(chunk)
            log.info("%s %d triples to %s (%d/%d)", method, len(chunk), safe_url(url), sent, total)
            if progress:
                progress(sent, total)
        server_count = _server_count(engine, graph)
    return PushReport(sent, server_count, time.perf_counter() - t0, graph, n_chunks, safe_url(store_url),
                      safe_url(query_url))
