"""Regenerate tests/expected/queries/*.tsv: the exact rows of every saved query on the bundled
graph (no parameters, or the header's example for a required one: catalogue.example_params), as the
test suite asserts them. Review the diff before committing:
a changed golden file is a changed answer."""
from __future__ import annotations

import io
from pathlib import Path

from cagraph.query.formats import write_result
from cagraph.query.catalogue import catalogue, example_params, prepare
from cagraph.query.engines import oxigraph_engine

OUT = Path(__file__).resolve().parent.parent / "tests" / "expected" / "queries"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    eng = oxigraph_engine()
    for name, q in catalogue(include_qc=False).items():
        _, text = prepare(name, example_params(q))
        r = eng.query(text)
        buf = io.StringIO()
        fmt = {"construct": "nt", "ask": "json", "select": "tsv"}[r.kind]
        write_result(r, buf, fmt=fmt)
        (OUT / f"{name}.{fmt}").write_text(buf.getvalue(), encoding="utf-8")
        print(name, len(r.rows) if r.kind == "select" else r.kind)


if __name__ == "__main__":
    main()
