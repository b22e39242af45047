"""What every CLI command shares: error handling, exit codes, atomic output files.

Exit codes: 0 ok; 1 a check failed (data does not conform, QC violations, coverage gaps);
2 usage or input error (bad file, bad parameter, unknown query, unreachable server...).
"""
from __future__ import annotations

import contextlib
import sys
from typing import Iterator

import click
import typer
from typer.core import TyperGroup

from cagraph.errors import CagraphError


EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def error(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    line = " ".join(str(message).split())
    print(f"cagraph: error: {line}", file=sys.stderr)
    return typer.Exit(code)


class _HelpFormatter(click.HelpFormatter):
    """click's help formatter without the backslashes typer 0.19 puts before ``[required]`` and
    ``[default: ...]`` (it escapes them for rich whenever rich is installed, even with rich markup
    off, and click then prints them as they are)."""

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # noqa: ANN001 (click's signature)
        super().write_dl([(a, b.replace("\\[", "[")) for a, b in rows], col_max, col_spacing)


class _Context(typer.Context):
    formatter_class = _HelpFormatter


def usage_error_line(exc: click.ClickException) -> str:
    """One line for a usage error click found (a missing argument, an unknown option, a bad
    choice), instead of click's usage, hint and message on three or four lines."""
    line = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"cagraph: error: {line}{hint}"


class CagraphGroup(TyperGroup):
    """The ``cagraph`` command group: usage errors on one line (exit 2) and help without stray
    backslashes, for every command."""

    context_class = _Context

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 (typer passes click's arguments)
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            command.context_class = _Context

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):  # noqa: ANN001, ANN201
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # 'cagraph' alone (or a group alone): its help
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            print(usage_error_line(exc), file=sys.stderr)
            sys.exit(exc.exit_code)
        except click.Abort:
            print("cagraph: error: aborted", file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn cagraph's exceptions (and a few OS ones) into one stderr line and exit code 2."""
    try:
        yield
    except typer.Exit:
        raise
    except CagraphError as exc:
        raise error(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise error("interrupted", 130) from None
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except MemoryError:
        raise error("out of memory") from None
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        raise error(f"{where}{exc.strerror or exc}") from None


