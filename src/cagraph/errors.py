"""cagraph's exceptions: one base class, one subclass per kind of failure.

The CLI maps each to one line on stderr and an exit code: ``CagraphError`` subclasses are usage or
input errors (exit 2) unless stated otherwise; a failed check is not an exception but a report.
"""
from __future__ import annotations


class CagraphError(Exception):
    """Base class. ``str(err)`` is the one line the CLI prints (it names the file/line/parameter)."""

    exit_code = 2


class InputError(CagraphError):
    """A file given to cagraph cannot be read or parsed (Turtle syntax error, missing file)."""


class QueryError(CagraphError):
    """A query is unknown, malformed, refused (update, SERVICE) or failed in the engine."""


class ParameterError(CagraphError):
    """A query parameter is missing, unknown or of the wrong type."""


class OutputError(CagraphError):
    """An output path cannot be written, or a format is unknown."""


class RemoteError(CagraphError):
    """A SPARQL server is unreachable, timed out, refused us or is not a SPARQL endpoint."""


class StoreError(CagraphError):
    """The compiled store cannot be built or opened."""
