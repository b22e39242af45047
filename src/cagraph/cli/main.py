"""The ``cagraph`` command line: a thin typer layer over the library.

Each command parses its options, calls one library function, prints, and picks the exit code:
0 ok, 1 a check failed, 2 usage or input error (one line on stderr, never a traceback).
Heavy libraries (rdflib, pyshacl, owlrl) are imported inside the commands that need them, so a
canned query on the compiled store pays only for typer and pyoxigraph.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from cagraph import __version__
from cagraph.cli.common import EXIT_FAILED, CagraphGroup, cli_errors, error
from cagraph.io.write import atomic_output
from cagraph.registry import ENGINES, REASONERS, SHACL_ENGINES

app = typer.Typer(
    cls=CagraphGroup,
    name="cagraph",
    help="Query, validate, reason over and export the knowledge graph of China's foreign policy in Central Asia.\n\n"
         "Exit codes: 0 ok, 1 a check failed, 2 usage or input error.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# The choices come from the registries (cagraph.registry), which import nothing heavy.
Engine = Enum("Engine", {name: name for name in ENGINES.names()}, type=str)  # type: ignore[misc]


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


class RdfFormat(str, Enum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"
    trig = "trig"


def _version(value: bool) -> None:
    if value:
        print(f"cagraph {__version__}")
        raise typer.Exit(0)


def _verbose(value: bool) -> None:
    """``--verbose``: cagraph's log (requests sent to a SPARQL server, with their status, size and
    time; chunks pushed) on stderr, one ``cagraph: ...`` line each. Credentials never appear: the
    log shows where they came from, not what they are."""
    if not value and "logging" not in sys.modules:
        return  # nothing configured before: do not import logging on the fast path
    import logging

    class _Stderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:  # sys.stderr at the time of the record
            try:
                print(f"cagraph: {self.format(record)}", file=sys.stderr)
            except Exception:  # noqa: BLE001 (logging must never break a command)
                self.handleError(record)

    logger = logging.getLogger("cagraph")
    for h in [h for h in logger.handlers if getattr(h, "_cagraph_verbose", False)]:
        logger.removeHandler(h)
    if value:
        h = _Stderr()
        h._cagraph_verbose = True  # type: ignore[attr-defined]
        logger.addHandler(h)
        logger.setLevel(logging.DEBUG)
    else:
        logger.setLevel(logging.NOTSET)


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is sent to SPARQL servers (never credentials) on stderr."),
) -> None:
    """cagraph: the knowledge graph of China's foreign policy in Central Asia."""
    _verbose(verbose)


def _engine(engine: Engine, inferred: bool, endpoint: Optional[str], timeout: float):
    if endpoint:
        from cagraph.query.remote import RemoteEngine, auth_from_env

        if inferred:
            raise error("--inferred does not apply to --endpoint: the server answers over what was pushed (cagraph push --inferred)")

        return RemoteEngine(endpoint, timeout=timeout, auth=auth_from_env(endpoint))
    return ENGINES.get(engine.value)(inferred=inferred)


def _emit(result, fmt: ResultFormat, output: Optional[Path]) -> None:
    from cagraph.query.formats import result_format, write_result

    f = result_format(result, fmt.value)
    if f == "jsonld":
        import pyoxigraph as ox

        from cagraph.publish.export import write_rdf

        with atomic_output(output, binary=True) as out:
            write_rdf(out, [ox.Triple(s.to_oxigraph(), p.to_oxigraph(), o.to_oxigraph()) for s, p, o in result.triples], fmt="jsonld")
        return
    with atomic_output(output) as out:
        write_result(result, out, fmt=f)


@app.command("queries")
def queries_cmd(
    name: Optional[str] = typer.Argument(None, help="A saved query to describe: its question, parameters and competency question."),
    qc: bool = typer.Option(False, "--qc", help="Also list the quality-control queries (queries/qc)."),
) -> None:
    """List the saved queries (name, title, parameters), or describe one."""
    with cli_errors():
        from cagraph.query.catalogue import catalogue, describe

        if name:
            print(describe(name))
            return

        for name, q in catalogue(include_qc=qc).items():
            params = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in q.parameters)
            print(f"{name}\t{q.title}\t{params}")


@app.command("query")
def query_cmd(
    name: str = typer.Argument(..., help="Saved query name (see 'cagraph queries')."),
    param: List[str] = typer.Option([], "--param", "-p", help="Parameter as NAME=VALUE (repeatable)."),
    fmt: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", case_sensitive=False, help="SELECT/ASK: table, csv, tsv, json or xml; CONSTRUCT/DESCRIBE: turtle, nt or jsonld (json)."),
    inferred: bool = typer.Option(False, "--inferred", help="Query the OWL 2 RL closure too."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    engine: Engine = typer.Option("oxigraph", "--engine", help="Local engine: " + ENGINES.help() + "."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Run on a remote SPARQL endpoint instead."),
    timeout: float = typer.Option(30.0, "--timeout", help="Remote timeout in seconds."),
) -> None:
    """Run a saved query on the bundled graph (or on --endpoint)."""
    with cli_errors():
        from cagraph.query.names import empty_hint, resolver_for
        from cagraph.query.catalogue import parse_param_args, prepare
        from cagraph.query.engines import oxigraph_engine

        given = parse_param_args(param)
        answering = _engine(engine, inferred, endpoint, timeout)
        # names resolve against the bundled graph, whatever engine answers
        local = oxigraph_engine() if endpoint else answering
        resolve = resolver_for(local)
        q, text = prepare(name, given, resolver=resolve)
        result = answering.query(text)
        _emit(result, fmt, output)
        if result.kind == "select" and not result.rows:
            bound = {p.name: resolve(given[p.name]) for p in q.parameters if p.type == "iri" and p.name in given}
            print("cagraph: " + (empty_hint(q.name, bound, local) if bound else f"{q.name}: no rows"), file=sys.stderr)


@app.command("sparql")
def sparql_cmd(
    file: Optional[str] = typer.Argument(None, help="Query file, or - for standard input (or give --query)."),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="The query itself, as text."),
    fmt: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", case_sensitive=False, help="SELECT/ASK: table, csv, tsv, json or xml; CONSTRUCT/DESCRIBE: turtle, nt or jsonld (json)."),
    inferred: bool = typer.Option(False, "--inferred", help="Query the OWL 2 RL closure too."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    engine: Engine = typer.Option("oxigraph", "--engine", help="Local engine: " + ENGINES.help() + "."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Run on a remote SPARQL endpoint instead."),
    timeout: float = typer.Option(30.0, "--timeout", help="Remote timeout in seconds."),
    allow_service: bool = typer.Option(False, "--allow-service", help="Allow SERVICE clauses (federated queries contact other servers)."),
) -> None:
    """Run an ad-hoc read-only SPARQL query (updates are refused); the project's prefixes (cag:, cgr:, rdfs:, skos:...) need no PREFIX line."""
    with cli_errors():
        from cagraph.query.adhoc import read_query, run_sparql

        if (file is None) == (query is None):
            raise error("sparql: give the query as FILE, - (standard input) or --query TEXT, one of them (see 'cagraph sparql --help')")
        text = query if query is not None else read_query(file)
        result = run_sparql(_engine(engine, inferred, endpoint, timeout), text, allow_service=allow_service)
        _emit(result, fmt, output)


@app.command("validate")
def validate_cmd(
    shacl_engine: str = typer.Option("pyshacl", "--shacl-engine", help=SHACL_ENGINES.help() + "."),
    data: List[Path] = typer.Option([], "--data", help="Also check this Turtle file (repeatable), together with the bundled graph."),
    alone: bool = typer.Option(False, "--alone", help="Check the --data files with the ontology only, without the bundled data."),
    verbose: bool = typer.Option(False, "--verbose", help="List every row (file:line, focus node, property, value, message), not only the counts per rule."),
) -> None:
    """Validate the graph: SHACL shapes, verbatim quotes and figures, QC queries.

    Prints a table of level, check, rule and count, errors first (as ROBOT's report does);
    --verbose lists every row with the file:line where its focus node is written as a subject.
    Exit 1 if there is any ERROR row.
    """
    with cli_errors():
        from cagraph.check.report import counts, row_lines, summary_lines
        from cagraph.check.validate import validate

        if alone and not data:
            raise error("--alone: give the files to check with --data FILE")
        report = validate(data=data, alone=alone, shacl_engine=shacl_engine)
        for line in summary_lines(report):
            print(line)
        if verbose:
            for line in row_lines(report):
                print(line)
        per_level = counts(report)
        n_qc = sum(len(q.rows) for q in report.qc_errors)
        summary = (f"{len(report.shacl_violations)} SHACL violation(s), {len(report.provenance)} provenance problem(s), "
                   f"{n_qc} QC error(s) in {len(report.files)} file(s)")
        if per_level["WARN"] or per_level["INFO"]:
            summary += f"; {per_level['WARN']} warning(s), {per_level['INFO']} info"
        if not verbose and any(per_level.values()):
            print("cagraph: --verbose lists every row with its file:line", file=sys.stderr)
        if report.conforms:
            print(f"conforms: {summary}")
            return
        print(f"does not conform: {summary}", file=sys.stderr)
        raise typer.Exit(EXIT_FAILED)


class ShapesProfile(str, Enum):
    full = "full"
    core = "core"


@app.command("export")
def export_cmd(
    fmt: RdfFormat = typer.Option(RdfFormat.turtle, "--format", "-f", case_sensitive=False, help="RDF format."),
    inferred: bool = typer.Option(False, "--inferred", help="Include the OWL 2 RL entailments (own named graph in TriG)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    context_file: Optional[Path] = typer.Option(None, "--context-file", help="With -f jsonld: also write the document's @context to FILE, as a context document of its own."),
    shapes: Optional[ShapesProfile] = typer.Option(None, "--shapes", help="Export the SHACL shapes instead of the graph: full, or core (without the SHACL-SPARQL constraints, for SHACL Core engines)."),
) -> None:
    """Export the merged ontology + data (or the SHACL shapes) in a stable, diff-friendly order."""
    with cli_errors():
        import contextlib

        from cagraph.publish.export import export, export_shapes

        if context_file is not None and fmt != RdfFormat.jsonld:
            raise error(f"--context-file: only for --format jsonld, not {fmt.value}")
        if shapes is not None and (inferred or fmt == RdfFormat.trig):
            raise error("--shapes: the shapes are one graph, without entailments: drop --inferred, use turtle, nt, jsonld or xml")
        with atomic_output(output, binary=True) as out, \
                (atomic_output(context_file, binary=True) if context_file is not None else contextlib.nullcontext()) as ctx:
            if shapes is not None:
                n = export_shapes(out, profile=shapes.value, fmt=fmt.value, context_out=ctx)
            else:
                n = export(out, fmt=fmt.value, inferred=inferred, context_out=ctx)
        if output is not None:
            print(f"wrote {n} statements to {output}", file=sys.stderr)


@app.command("build")
def build_cmd(
    force: bool = typer.Option(False, "--force", help="Rebuild even if the inputs did not change."),
    reasoner: str = typer.Option("native", "--reasoner", help=REASONERS.help() + "."),
) -> None:
    """Compile the store: parse ontology + data and materialize the OWL 2 RL closure once."""
    with cli_errors():
        from cagraph.build.store import build

        info = build(force=force, reasoner=reasoner)
        state = f"built in {info.seconds:.2f} s" if info.built else "up to date"
        print(f"{info.path}: {state}; {info.asserted} asserted + {info.inferred} inferred triples")


@app.command("stats")
def stats_cmd(
    fmt: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", case_sensitive=False, help="table, csv, tsv, json or xml."),
    table: Optional[str] = typer.Option(None, "--table", help="Only this table: triples, entities, facts, claims or sources."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
) -> None:
    """Triples, entities per class, facts per kind, claims, quotes per source document.

    -f json writes one JSON document (a SPARQL JSON result per table, under its name); csv, tsv
    and xml write one table: a row per figure (table, key, measure, value), or the table named
    by --table as it is."""
    with cli_errors():
        from cagraph.query.formats import result_format, write_result
        from cagraph.query.stats import stats, stats_json, stats_long

        tables = stats(table=table)
        f = result_format(tables[0][2], fmt.value)
        with atomic_output(output) as out:
            if f == "table":
                for _, title, result in tables:
                    out.write(title + "\n")
                    write_result(result, out, fmt="table")
            elif f == "json":
                out.write(stats_json(tables))
            else:
                write_result(tables[0][2] if table else stats_long(tables), out, fmt=f)


@app.command("coverage")
def coverage_cmd(
    fmt: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f", case_sensitive=False, help="table, csv, tsv, json or xml."),
    sentences: bool = typer.Option(False, "--sentences", help="Report body sentences per document and section (covered, excluded, uncovered) instead of the gaps."),
    data: List[Path] = typer.Option([], "--data", help="Check these Turtle files (with the ontology) instead of the bundled data."),
    exclusions: Optional[Path] = typer.Option(None, "--exclusions", help="Exclusion list (default: data/coverage-exclusions.tsv)."),
) -> None:
    """Report every figure, named entity and body sentence of the sources that no quote covers. Exit 1 if any."""
    with cli_errors():
        from cagraph import paths
        from cagraph.check.coverage import coverage
        from cagraph.io.load import load_graph

        report = coverage(graph=load_graph([paths.ONTOLOGY_FILE, *data]) if data else None, exclusions=exclusions)
        _emit(report.sentence_result() if sentences else report.result(), fmt, None)
        print(report.summary(), file=sys.stderr)
        if report.gaps:
            raise typer.Exit(EXIT_FAILED)


# The command groups of their own modules (remote: push; site: site, docs, review sheet; serve).
from cagraph.cli import remote as _remote_commands  # noqa: E402
from cagraph.cli import serve as _serve_commands  # noqa: E402
from cagraph.cli import site as _site_commands  # noqa: E402

_remote_commands.register(app)
_site_commands.register(app)
_serve_commands.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
