"""``cagraph push``: load the compiled graph into a SPARQL server (thin layer over
:func:`cagraph.publish.push.push`). Registered on the main app by ``cagraph.cli.main``."""
from __future__ import annotations

import sys
from typing import Any, Optional

import typer

from cagraph.cli.common import EXIT_FAILED, cli_errors, error


class _Bar:
    """``progress(sent, total)`` callback drawing a rich progress bar on stderr, only on a
    terminal and only when the graph takes more than one chunk."""

    def __init__(self, chunk: int):
        self.chunk = chunk
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, sent: int, total: int) -> None:
        if self.progress is None:
            if total <= self.chunk or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TextColumn("triples"),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("push", total=total)
        self.progress.update(self.task, completed=sent)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def register(app: typer.Typer) -> None:
    """Add ``push`` to ``app``."""

    @app.command("push")
    def push_cmd(
        endpoint: Optional[str] = typer.Option(
            None, "--endpoint", metavar="URL",
            help="The server: Oxigraph root (http://host:7878), Fuseki .../DATASET/sparql, GraphDB .../repositories/ID, "
                 "Virtuoso http://host:8890/sparql-auth (with --graph). "
                 "Query and Graph Store URLs are derived from it."),
        store_endpoint: Optional[str] = typer.Option(
            None, "--store-endpoint", metavar="URL",
            help="SPARQL 1.1 Graph Store endpoint, if it cannot be derived from --endpoint."),
        graph: Optional[str] = typer.Option(
            None, "--graph", metavar="IRI", help="Load into this named graph (replaced) instead of the default graph."),
        inferred: bool = typer.Option(False, "--inferred", help="Send the OWL 2 RL entailments too."),
        timeout: float = typer.Option(30.0, "--timeout", min=0.001, metavar="S", help="Seconds allowed for each request."),
        chunk: int = typer.Option(50_000, "--chunk", min=1, metavar="N", help="Triples per request."),
    ) -> None:
        """Load the bundled graph into a SPARQL server (replacing the target graph; re-running never duplicates).

        Credentials come from CAGRAPH_TOKEN, or CAGRAPH_USER and CAGRAPH_PASSWORD, or ~/.netrc.
        """
        from cagraph.publish.push import push
        from cagraph.query.remote import derive_endpoints, query_url_for, safe_url

        with cli_errors():
            if not endpoint and not store_endpoint:
                raise error("give the server: --endpoint URL (or --store-endpoint URL)")
            query_url: Optional[str] = None
            store_url = store_endpoint
            if endpoint:
                if store_endpoint:  # derived where the layout is known, else --endpoint as given
                    query_url = query_url_for(endpoint)
                else:
                    query_url, store_url = derive_endpoints(endpoint)
            bar = _Bar(chunk)
            try:
                report = push(store_endpoint=store_url or "", graph=graph, inferred=inferred, chunk_triples=chunk,
                              timeout=timeout, progress=bar, query_endpoint=query_url)
            finally:
                bar.close()
            where = f"graph <{report.graph}>" if report.graph else "the default graph"
            what = "asserted + inferred" if inferred else "asserted"
            print(f"sent {report.triples_sent} triples ({what}) to {where} at {report.store_endpoint} "
                  f"in {report.chunks} request(s), {report.seconds:.2f} s")
            print(f"server count: {report.server_count} triples in {where} ({safe_url(report.query_endpoint)})")
            if report.graph:
                print(f"cagraph: note: queries see <{report.graph}> only inside GRAPH, or on a server whose default "
                      "graph is the union of all graphs (oxigraph serve --union-default-graph)", file=sys.stderr)
            if not report.ok:
                print(f"cagraph: check failed: the server holds {report.server_count} triples in {where}, "
                      f"{report.triples_sent} were sent (is its default graph the union of all graphs, "
                      "or was the graph written to meanwhile?)", file=sys.stderr)
                raise typer.Exit(EXIT_FAILED)
