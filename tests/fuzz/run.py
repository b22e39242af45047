#!/usr/bin/env python
"""Run every fuzz target of tests/fuzz/fuzz_targets.py with a total case budget.

    python tests/fuzz/run.py                      # 10,000 cases over all targets (see WEIGHTS)
    python tests/fuzz/run.py --budget 500         # a quick run
    python tests/fuzz/run.py --targets params,service --budget 2000 --report fuzz.json

Prints cases, seconds and the outcome per target (the first failing case, shrunk by hypothesis,
with its reproduce blob); exit 1 if any target failed. Uses a compiled-store cache of its own
(``CAGRAPH_CACHE`` if set), so it never touches the project's ``.cagraph-cache``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=int, default=10_000, help="total number of cases (default 10,000)")
    ap.add_argument("--targets", default="", help="comma-separated target names (default: all)")
    ap.add_argument("--report", type=Path, help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    if args.budget < 1:
        ap.error("--budget must be at least 1")

    os.environ.setdefault("CAGRAPH_CACHE", tempfile.mkdtemp(prefix="cagraph-fuzz-cache-"))
    os.environ["CAGRAPH_FUZZ_BUDGET"] = str(args.budget)  # random (not derandomized) examples
    sys.path.insert(0, str(HERE))
    import fuzz_targets as ft

    names = [t for t in args.targets.split(",") if t] or list(ft.TARGETS)
    unknown = [t for t in names if t not in ft.TARGETS]
    if unknown:
        ap.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(ft.TARGETS)}")
    results = []
    for name in names:
        n = ft.budget(name)
        t0 = time.perf_counter()
        before = ft.COUNTER.get(name, 0)
        status, detail = "ok", ""
        try:
            ft.TARGETS[name](n)
        except BaseException as exc:  # noqa: BLE001 - report and go on with the next target
            if isinstance(exc, KeyboardInterrupt):
                raise
            status = "FAILED"
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            notes = getattr(exc, "__notes__", None)
            if notes:
                detail += "\n" + "\n".join(notes)
        cases = ft.COUNTER.get(name, 0) - before
        secs = time.perf_counter() - t0
        results.append({"target": name, "budget": n, "cases": cases, "seconds": round(secs, 1),
                        "status": status, "detail": detail})
        print(f"{name:16} {cases:6d} cases {secs:8.1f} s  {status}", flush=True)
        if detail:
            print("    " + detail.replace("\n", "\n    ")[:4000], flush=True)
    total = sum(r["cases"] for r in results)
    print(f"{'total':16} {total:6d} cases", flush=True)
    if args.report:
        args.report.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any(r["status"] != "ok" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
