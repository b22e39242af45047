"""cagraph.query.table: the human table compared with rich's own rendering, and its layouts."""
from __future__ import annotations

import io

from cagraph.query.results import QueryResult
from cagraph.query.table import column_widths, display, readable_number, write_table
from cagraph.terms import XSD, Term


def _result(rows, variables=("name", "note", "n")):
    return QueryResult("select", variables=list(variables), rows=[
        (Term.literal(a), Term.literal(b), Term.literal(c, datatype=XSD + "integer")) for a, b, c in rows])


def test_same_as_rich_when_the_table_fits():
    """When every cell fits on one line, the widths chosen here are rich's own: same bytes."""
    from rich.console import Console
    from rich.table import Table

    r = _result([("Kazakhstan", "a state", "123"), ("Shanghai Cooperation Organization", "", "7")])
    ours = io.StringIO()
    write_table(r, ours, width=120)
    theirs = io.StringIO()
    console = Console(file=theirs, width=120, highlight=False, markup=False, emoji=False, color_system=None)
    t = Table(show_lines=False, header_style="bold")
    for v, right in zip(r.variables, (False, False, True)):
        t.add_column(v, justify="right" if right else "left")
    for row in r.rows:
        t.add_row(*(c.value for c in row))
    console.print(t)
    assert ours.getvalue() == theirs.getvalue() + "2 rows\n"


def test_columns_narrow_to_their_longest_word_then_records():
    headers, rows = display(_result([("Kazakhstan", "a b c d e f g h i j k l m n o p", "1")]))
    assert column_widths(headers, rows, 200) == [10, 31, 1]
    assert column_widths(headers, rows, 30) == [10, 9, 1]  # 30 - 4 borders - 6 padding = 20
    assert column_widths(headers, rows, 20) is None  # 'Kazakhstan' + 'note' + 'n' + frame do not fit
    out = io.StringIO()
    write_table(_result([("Kazakhstan", "a b c d e f g h i j k l m n o p", "1")]), out, width=20)
    assert out.getvalue() == ("-[ RECORD 1 ]-------\n"
                              "name | Kazakhstan\n"
                              "note | a b c d e f g\n"
                              "     | h i j k l m n\n"
                              "     | o p\n"
                              "n    | 1\n"
                              "1 row\n")


def test_readable_numbers_and_amounts():
    assert [readable_number(x) for x in ("9999", "10000", "-1234567.25", "0012345", "abc")] == \
        ["9999", "10,000", "-1,234,567.25", "12,345", "abc"]
    r = QueryResult("select", variables=["amount", "scale", "currency", "usd"], rows=[
        (Term.literal("12.389", datatype=XSD + "decimal"), Term.literal("billion", lang="en"), Term.literal("USD"),
         Term.literal("12389000000", datatype=XSD + "decimal")),
        (Term.literal("4000", datatype=XSD + "decimal"), Term.literal("million", lang="en"), None, None)])
    assert display(r) == (["amount", "usd"], [["12.389 bn USD", "12,389,000,000"], ["4000 mn", ""]])
