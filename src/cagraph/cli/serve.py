"""``cagraph serve``: the compiled store behind Oxigraph's read-only SPARQL server (thin layer
over :func:`cagraph.publish.serve.server_command`). Registered on the main app by
``cagraph.cli.main``."""
from __future__ import annotations

import os
import sys
from typing import Optional

import typer

from cagraph.cli.common import cli_errors


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""

    @app.command("serve")
    def serve(
        port: int = typer.Option(7878, "--port", "-p", help="TCP port on 127.0.0.1."),
        timeout: Optional[int] = typer.Option(None, "--timeout", help="Seconds a query may run (default: no limit)."),
    ) -> None:
        """Serve the compiled store read-only: a SPARQL endpoint at http://127.0.0.1:PORT/query and a
        query page at http://127.0.0.1:PORT/ (Oxigraph's server; pip install 'cagraph[serve]').

        The default graph is the asserted and the inferred graph together (as with --inferred);
        GRAPH <https://w3id.org/cagraph/graph/asserted> holds what the files state. Updates are
        refused. Stop it with Ctrl-C.
        """
        with cli_errors():
            from cagraph.publish.serve import server_command

            cmd = server_command(port=port, timeout=timeout)
        print(f"cagraph: serving {cmd.store} read-only with oxigraph {cmd.version}: query page {cmd.url}, "
              f"SPARQL endpoint {cmd.url}query (Ctrl-C stops)", file=sys.stderr, flush=True)
        sys.stdout.flush()
        try:
            os.execv(cmd.argv[0], cmd.argv)
        except OSError as exc:
            print(f"cagraph: error: {cmd.argv[0]}: cannot run ({exc.strerror or exc})", file=sys.stderr)
            raise typer.Exit(2) from None
