"""CLI commands of the review site and the review sheet: ``docs``, ``review-sheet``, ``review-import``.

Thin: each parses its options, calls one library function (:mod:`cagraph.site.build`,
:mod:`cagraph.publish.review`), prints a one-line summary and exits 0; errors are one line on stderr and
exit 2 (:func:`cagraph.cli.common.cli_errors`). ``cagraph.cli.main`` calls :func:`register`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from cagraph.cli.common import cli_errors


def register(app: typer.Typer) -> None:
    """Add the ``docs``, ``review-sheet`` and ``review-import`` commands to ``app``."""

    @app.command("docs")
    def docs(
        output: Path = typer.Option(..., "--output", "-o", help="Directory to write the site into (replaced as a whole)."),
    ) -> None:
        """Build the review site: a static HTML site (no server, no network) for domain experts."""
        with cli_errors():
            from cagraph.site.build import build_site

            report = build_site(output)
        for w in report.warnings:
            print(f"cagraph: warning: {w}", file=sys.stderr)
        print(f"site: {report.files} files ({report.entities} entities, {report.facts} facts, "
              f"{report.documents} documents, {report.queries} questions) in {output} [{report.seconds:.1f} s]")

    @app.command("review-sheet")
    def review_sheet_cmd(
        output: Path = typer.Option(..., "--output", "-o", help="CSV file to write ('-' for stdout)."),
    ) -> None:
        """Write the review sheet: one CSV row per claim, with empty verdict and comment columns.

        The reviewer writes one verdict per row: correct (the row says what its quote says),
        incorrect (it says something the quote does not; the comment says what) or unsure (the
        quote does not settle it; the comment says why). See docs/review.md.
        """
        with cli_errors():
            from cagraph.publish.review import review_sheet

            n = review_sheet(output)
        if str(output) != "-":
            print(f"review sheet: {n} facts in {output}")

    @app.command("review-import")
    def review_import(
        sheet: Path = typer.Argument(..., help="A review sheet with the reviewer's verdicts and comments."),
        output: Path = typer.Option(..., "--output", "-o", help="Turtle file to write ('-' for stdout), e.g. data/reviews.ttl."),
    ) -> None:
        """Turn a reviewed sheet into Turtle: verdicts as skos:editorialNote, comments as skos:note.

        A verdict is one of correct, incorrect, unsure (any case); any other word is an error
        naming its row, counted as a spreadsheet counts rows (the header is row 1). Exit 2 and
        nothing written on an error. See docs/review.md.
        """
        with cli_errors():
            from cagraph.io.load import load_graph
            from cagraph.publish.review import import_verdicts, write_verdicts

            g = import_verdicts(sheet, graph=load_graph())
            write_verdicts(g, output)
        facts = len(set(g.subjects()))
        msg = f"review import: {len(g)} notes on {facts} facts"
        if str(output) == "-":
            print(msg, file=sys.stderr)
        else:
            print(f"{msg} in {output}")
