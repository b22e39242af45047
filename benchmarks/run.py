"""cagraph benchmarks: rdflib, raw pyoxigraph and cagraph side by side, in one run.

    python benchmarks/run.py [--sizes 10k,100k,1M] [--repeat 3] [--budget 60] [--out benchmarks/RESULTS.md]
    python benchmarks/run.py --smoke --out /tmp/results.md     # 10k, one repeat, < 2 min (CI)

What it measures, on the bundled graph and on synthetic graphs of the given sizes
(``benchmarks/generate.py``, merged with ``ontology/cagraph.ttl``):

* load / compile: wall time and peak RSS of (a) rdflib parsing the files, (b) raw pyoxigraph
  ``Store(path).bulk_load`` of each file, (c) ``cagraph.build.store.build`` (parse + OWL 2 RL closure +
  on-disk store). Each run is a fresh subprocess that reports its own ``ru_maxrss``.
* every saved query (``queries/*.rq``, default parameters) on rdflib in memory
  (``cagraph.query.engines.RdflibEngine``), on cagraph's Oxigraph backend (``OxigraphEngine`` over the
  compiled store) and with raw pyoxigraph ``store.query(...)`` on the same store (results consumed
  in full, as rows of terms). The two Oxigraph variants run interleaved in one process. An rdflib
  query is stopped after ``--budget`` seconds and recorded as "> budget"; it is not run again at a
  larger size.
* SHACL validation (pySHACL, pyshacl-turbo) and OWL 2 RL reasoning (owlrl, cagraph's native
  reasoner, reasonable) on the bundled graph and at 100k: a first ("cold") and a second ("warm")
  call in one process, the graph already parsed.
* export of the compiled store in each RDF format.
* the cold wall time of the installed console script ``cagraph query trade-flows`` on the bundled
  graph (store already compiled), next to ``python -c pass`` and ``python -c "import pyoxigraph"``.

It writes a Markdown report (``--out``) with the machine, the date, medians, ratios and the targets
of the issue, and the raw numbers as JSON next to it (``--json``, default: ``--out`` with ``.json``).
Nothing else in the checkout is written: generated data and stores go under ``--work``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
RUN = str(Path(__file__).resolve())
CAGRAPH = str(Path(PY).with_name("cagraph"))
FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")
SHACL_ENGINES = ("pyshacl", "turbo")
REASONERS = ("owlrl", "native", "reasonable")

TARGETS = {
    "cold_ms": 200.0,            # cold `cagraph query` median
    "query_vs_raw": 1.5,         # at the largest size: cagraph <= 1.5x raw pyoxigraph, every query
    "rdflib_vs_cagraph": 20.0,   # ... and >= 20x faster than rdflib where rdflib finishes
    "compile_vs_bulk": 2.0,      # compile <= 2x pyoxigraph bulk_load
    "rss_vs_bulk": 2.0,          # peak RSS <= 2x pyoxigraph's
    "validate_reason_s": 1.0,    # validation + reasoning on the bundled graph, warm
}


class Budget(BaseException):  # not Exception: pySHACL and rdflib catch those
    pass


def _alarm(seconds: float):
    def handler(signum, frame):  # noqa: ARG001
        raise Budget()
    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _disarm() -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------------------------------------
# Children: each measures one thing in a fresh process and prints one JSON line
# ---------------------------------------------------------------------------------------------
def child(kind: str, args: dict) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    files = [Path(f) for f in args.get("files", [])]
    if kind == "load-rdflib":
        from cagraph.io.load import load_graph

        t = time.perf_counter()
        g = load_graph(files)
        return {"seconds": time.perf_counter() - t, "rss_mb": _rss_mb(), "triples": len(g)}
    if kind in ("load-oxigraph", "load-oxigraph-named"):
        import pyoxigraph as ox

        # "named": into one named graph, as cagraph stores the asserted triples (six indexes per
        # quad instead of three for the default graph)
        extra = {"to_graph": ox.NamedNode("https://w3id.org/cagraph/graph/asserted")} if kind.endswith("named") else {}
        t = time.perf_counter()
        st = ox.Store(args["dir"])
        for f in files:
            st.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, **extra)
        st.flush()
        secs = time.perf_counter() - t
        return {"seconds": secs, "rss_mb": _rss_mb(), "quads": len(st)}
    if kind == "compile":
        from cagraph.build.store import build

        t = time.perf_counter()
        info = build(files, base=Path(args["dir"]), force=True)
        secs = time.perf_counter() - t
        meta = json.loads((info.path / "BUILD-OK").read_text())
        return {"seconds": secs, "rss_mb": _rss_mb(), "asserted": info.asserted, "inferred": info.inferred,
                "reasoner": meta.get("reasoner"), "path": str(info.path)}
    if kind == "query-oxigraph":
        return _query_oxigraph(args)
    if kind == "queries-rdflib":
        return _queries_rdflib(args, files)
    if kind == "shacl":
        return _twice(args, files, "shacl")
    if kind == "validate":
        return _twice(args, files, "validate")
    if kind == "reason":
        return _twice(args, files, "reason")
    if kind == "reason-compare":
        return _reason_compare(files)
    if kind == "export":
        return _export(args)
    if kind == "shacl-compare":
        return _shacl_compare()
    raise SystemExit(f"unknown child {kind}")


def _timed(fn, repeat: int, cap: float) -> tuple[list[float], Any]:
    """Run ``fn`` up to ``repeat`` times (at least once, no more once ``cap`` seconds are spent)."""
    times, out = [], None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        if sum(times) > cap:
            break
    return times, out


def _catalogue() -> list[tuple[str, str]]:
    from cagraph.query.catalogue import catalogue, example_params, prepare

    return [(name, prepare(name, example_params(q))[1]) for name, q in catalogue().items()]


def _query_oxigraph(args: dict) -> dict:
    """One saved query on the compiled store: raw pyoxigraph once to warm the store's caches, then
    raw and cagraph alternately, ``repeat`` pairs or fewer once ``cap`` seconds are spent. One
    process per query, so the parent can stop a query that runs past its budget."""
    import pyoxigraph as ox

    from cagraph.query.engines import OxigraphEngine
    from cagraph.ns import ASSERTED_GRAPH
    from cagraph.query.catalogue import example_params, get, prepare

    store = ox.Store.read_only(args["store"])
    engine = OxigraphEngine(store)
    graphs = [ox.NamedNode(ASSERTED_GRAPH)]
    text = prepare(args["name"], example_params(get(args["name"])))[1]

    def raw() -> int:
        res = store.query(text, default_graph=graphs)
        if isinstance(res, ox.QueryBoolean):
            return int(bool(res))
        if isinstance(res, ox.QuerySolutions):
            return len([tuple(sol) for sol in res])
        return len(list(res))

    def ours() -> int:
        r = engine.query(text)
        return int(bool(r.boolean)) if r.kind == "ask" else len(r.rows if r.kind == "select" else r.triples)

    t = time.perf_counter()
    raw()
    spent = warm = time.perf_counter() - t
    t_raw: list[float] = []
    t_ours: list[float] = []
    rows: dict = {}
    for i in range(max(1, args["repeat"])):
        for label, fn, acc in (("raw", raw, t_raw), ("cagraph", ours, t_ours))[:: 1 if i % 2 == 0 else -1]:
            t = time.perf_counter()
            rows[label] = fn()
            acc.append(time.perf_counter() - t)
            spent += acc[-1]
        if spent > args.get("cap", 60):
            break
    return {"raw": t_raw, "cagraph": t_ours, "warm_up": warm, "rows": rows["cagraph"], "rows_raw": rows["raw"],
            "rss_mb": _rss_mb()}


def _queries_rdflib(args: dict, files: list[Path]) -> dict:
    from cagraph.query.engines import RdflibEngine
    from cagraph.io.load import load_graph

    t = time.perf_counter()
    g = load_graph(files)
    parse = time.perf_counter() - t
    engine = RdflibEngine(g)
    skip = args.get("skip", {})
    out: dict = {}
    deadline = time.monotonic() + args.get("deadline", 600)
    for name, text in _catalogue():
        if name in skip:
            out[name] = {"skipped": skip[name]}
            continue
        if time.monotonic() > deadline:
            out[name] = {"skipped": f"the rdflib run reached its time cap ({args.get('deadline', 720):.0f} s)"}
            continue
        times: list[float] = []
        rows = None
        try:
            for _ in range(max(1, args["repeat"])):
                _alarm(args["budget"])
                t = time.perf_counter()
                r = engine.query(text)
                times.append(time.perf_counter() - t)
                _disarm()
                rows = int(bool(r.boolean)) if r.kind == "ask" else len(r.rows if r.kind == "select" else r.triples)
                if sum(times) > args.get("cap", 30):
                    break
            out[name] = {"rdflib": times, "rows": rows}
        except Budget:
            out[name] = {"over_budget": args["budget"]}
        finally:
            _disarm()
    return {"queries": out, "parse_seconds": parse, "rss_mb": _rss_mb()}


def _twice(args: dict, files: list[Path], what: str) -> dict:
    """A first and a second call in one process (graph parsed beforehand, not timed)."""
    from cagraph.io.load import load_graph

    g = load_graph(files)
    runs, count = [], None
    try:
        for _ in range(args.get("runs", 2)):
            _alarm(args["budget"])
            t = time.perf_counter()
            if what == "shacl":
                from cagraph import paths
                from cagraph.check.validate import run_shacl

                res = run_shacl(g, paths.SHAPES_FILE, engine=args["engine"])
                count = len(res)
            elif what == "validate":  # all of `cagraph validate`: parse, SHACL, provenance, QC
                from cagraph.check.validate import validate

                rep = validate(files=files, shacl_engine=args["engine"])
                count = len(rep.shacl) + len(rep.provenance) + sum(len(q.rows) for q in rep.qc)
            else:
                from cagraph.build.reason import inferred_triples

                res = inferred_triples(g, reasoner=args["engine"])
                count = len(res)
            runs.append(time.perf_counter() - t)
            _disarm()
    except Budget:
        return {"over_budget": args["budget"], "runs": runs}
    finally:
        _disarm()
    return {"cold": runs[0], "warm": runs[1] if len(runs) > 1 else None, "runs": runs, "count": count, "rss_mb": _rss_mb()}


def _reason_compare(files: list[Path]) -> dict:
    """owlrl vs native vs reasonable on one graph: what each derives that owlrl does not, and the reverse."""
    from collections import Counter

    from cagraph.io.load import load_graph
    from cagraph.build.reason import inferred_triples

    g = load_graph(files)
    ref = set(inferred_triples(g, reasoner="owlrl"))
    out = {"owlrl": len(ref)}
    for r in ("native", "reasonable"):
        try:
            got = set(inferred_triples(g, reasoner=r))
        except ImportError as exc:
            out[r] = {"error": str(exc)}
            continue
        out[r] = {"count": len(got), "equal": got == ref,
                  "only_owlrl": dict(Counter(str(p) for _, p, _ in ref - got)),
                  "only_other": dict(Counter(str(p) for _, p, _ in got - ref)),
                  "examples_only_owlrl": sorted(" ".join(t.n3() for t in tr) for tr in ref - got)[:3]}
    return out


def _shacl_compare() -> dict:
    """pySHACL and pyshacl-turbo, through ``cagraph.check.validate.run_shacl``, on every shape fixture
    merged with the ontology (as tests/test_shacl_engines.py): the (focus, path, shape, component)
    results each reports alone."""
    from rdflib import Graph

    from cagraph import paths
    from cagraph.errors import CagraphError
    from cagraph.check.validate import run_shacl

    def results(data: Graph, engine: str) -> set:
        return {(r.focus, r.path, r.shape, r.component.removesuffix("ConstraintComponent"))
                for r in run_shacl(data, paths.SHAPES_FILE, engine=engine)}

    onto = Graph().parse(paths.ONTOLOGY_FILE, format="turtle")
    fixtures = sorted((ROOT / "tests" / "fixtures" / "shapes").glob("*.ttl"))
    diffs = {}
    for f in fixtures:
        data = Graph().parse(f, format="turtle")
        for t in onto:
            data.add(t)
        try:
            ref, fast = results(data, "pyshacl"), results(data, "turbo")
        except CagraphError as exc:  # pyshacl-turbo not installed
            return {"error": str(exc)}
        if ref != fast:
            diffs[f.name] = {"only_pyshacl": sorted(ref - fast), "only_turbo": sorted(fast - ref)}
    return {"fixtures": len(fixtures), "differences": diffs}


def _export(args: dict) -> dict:
    import io

    import pyoxigraph as ox

    from cagraph.publish.export import export

    store = ox.Store.read_only(args["store"])
    out = {}
    for fmt in FORMATS:
        sizes = []

        def one() -> int:
            buf = io.BytesIO()
            export(buf, fmt=fmt, store=store)
            sizes.append(len(buf.getvalue()))
            return len(sizes)

        times, _ = _timed(one, args["repeat"], args.get("cap", 30))
        out[fmt] = {"seconds": times, "bytes": sizes[-1]}
    return {"formats": out, "rss_mb": _rss_mb()}


# ---------------------------------------------------------------------------------------------
# Parent: orchestration
# ---------------------------------------------------------------------------------------------
def run_child(kind: str, args: dict, *, timeout: float, env: Optional[dict] = None) -> dict:
    cmd = [PY, RUN, "--child", kind, "--args", json.dumps(args)]
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout, "wall": time.perf_counter() - t}
    if p.returncode != 0:
        return {"error": (p.stderr or p.stdout).strip().splitlines()[-1:] or ["?"], "wall": time.perf_counter() - t}
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - t
    return out


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(xs: list[float]) -> Optional[float]:
    return statistics.median(xs) if xs else None


def machine() -> dict:
    import importlib.metadata as md

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for p in ("rdflib", "pyoxigraph", "owlrl", "reasonable", "pyshacl", "pyshacl-turbo", "typer", "rich"):
        try:
            versions[p] = md.version(p)
        except md.PackageNotFoundError:
            versions[p] = "not installed"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = "?", False
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "commit": commit + (" + working tree" if dirty else ""),
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "load_start": os.getloadavg()}


def cold_cli(runs: int, work: Path) -> dict:
    env = dict(os.environ)
    env["CAGRAPH_CACHE"] = str(work / "cli-cache")
    warm_env = dict(env)
    warm_env.pop("PYTHONDONTWRITEBYTECODE", None)  # let the warm-up write __pycache__, as a normal install has
    cmds = {
        "cagraph query trade-flows": [CAGRAPH, "query", "trade-flows"],
        "python -c pass": [PY, "-c", "pass"],
        'python -c "import pyoxigraph"': [PY, "-c", "import pyoxigraph"],
    }
    for c in cmds.values():
        for _ in range(2):
            subprocess.run(c, env=warm_env, capture_output=True, check=True)
    out = {}
    for label, c in cmds.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(c, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        out[label] = times
    imp = subprocess.run([PY, "-X", "importtime", CAGRAPH, "query", "trade-flows"], env=env, capture_output=True, text=True)
    heavy = sorted({line.split("|")[-1].strip().split(".")[0] for line in imp.stderr.splitlines()
                    if "|" in line} & {"rdflib", "pyshacl", "owlrl", "pyshacl_turbo", "reasonable"})
    out["heavy_imports"] = heavy
    return out


def catalogue_names() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from cagraph.query.catalogue import catalogue

    return list(catalogue())


def data_files(size: str, work: Path, seed: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from cagraph import paths

    if size == "bundled":
        return paths.graph_files()
    sys.path.insert(0, str(HERE))
    import generate

    target = generate.parse_size(size)
    f = work / f"synthetic-{target}-seed{seed}.ttl"
    if not f.is_file():
        log(f"generating {size} -> {f}")
        tmp = f.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            generate.generate(target, fh, seed=seed)
        tmp.replace(f)
    return [paths.ONTOLOGY_FILE, f]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds allowed for one rdflib query / SHACL / reasoning run")
    ap.add_argument("--ox-budget", type=float, default=240.0,
                    help="seconds allowed for all the runs of one query on Oxigraph (warm-up + raw/cagraph pairs)")
    ap.add_argument("--cold-runs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=None, help="directory for generated data and stores (default: a temp dir)")
    ap.add_argument("--smoke", action="store_true", help="10k only, one repeat, three cold runs: fast, for CI")
    ap.add_argument("--report-only", type=Path, metavar="JSON", help="only write the report (--out) from the raw numbers of a run")
    ap.add_argument("--merge", type=Path, metavar="JSON",
                    help="with --report-only: take the sizes measured in this other run (e.g. one size re-run) "
                         "instead of the first run's, and say so in the report (--merge-why)")
    ap.add_argument("--merge-why", default="", help="why the sizes of --merge were re-measured")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child, json.loads(a.args))))
        return 0
    if a.report_only:
        R = json.loads(a.report_only.read_text())
        if a.merge:
            M = json.loads(a.merge.read_text())
            for size, data in M["sizes"].items():
                R["sizes"][size] = data
                R.setdefault("notes", []).append(
                    f"The {size} figures come from a second run ({M['machine']['date']}, {M['machine']['commit']}, "
                    f"load average {'/'.join(f'{x:.1f}' for x in M['machine']['load_start'])} at its start)"
                    + (f": {a.merge_why}" if a.merge_why else "") + ".")
            a.report_only.write_text(json.dumps(R, indent=1))
        a.out.write_text(report(R, a.report_only))
        return 0
    if a.smoke:
        a.sizes, a.repeat, a.cold_runs = "10k", 1, 3
    sys.path.insert(0, str(HERE))
    import generate

    sizes = ["bundled"] + [s.strip() for s in a.sizes.split(",") if s.strip()]
    work = a.work or Path(tempfile.mkdtemp(prefix="cagraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    jpath = a.json or a.out.with_suffix(".json")
    R: dict = {"machine": machine(), "args": {"sizes": sizes, "repeat": a.repeat, "budget": a.budget, "ox_budget": a.ox_budget,
                                              "cold_runs": a.cold_runs, "seed": a.seed, "smoke": a.smoke},
               "sizes": {}, "targets": TARGETS}
    t_all = time.perf_counter()
    rdflib_seen: dict[str, tuple[str, int, Optional[float]]] = {}  # query -> (size, triples, seconds or None if over budget)
    for size in sizes:
        files = data_files(size, work, a.seed)
        S: dict = {"files": [str(f) for f in files], "bytes": sum(f.stat().st_size for f in files)}
        R["sizes"][size] = S
        n = 1 if size == "bundled" else generate.parse_size(size)
        timeout = 120 + (n / 1000) * 3  # generous: a hung child must not hang the run
        # -- load / compile -------------------------------------------------------------------
        for kind in ("load-rdflib", "load-oxigraph", "load-oxigraph-named", "compile"):
            runs = []
            for i in range(a.repeat):
                d = work / f"store-{size}-{kind}"
                shutil.rmtree(d, ignore_errors=True)
                log(f"{size}: {kind} run {i + 1}")
                r = run_child(kind, {"files": S["files"], "dir": str(d)}, timeout=timeout)
                runs.append(r)
                if "seconds" not in r or r["seconds"] > 60:
                    break  # one run of a minute-long load is enough
            S[kind] = runs
            if kind.startswith("load-oxigraph"):
                shutil.rmtree(work / f"store-{size}-{kind}", ignore_errors=True)
        comp = S["compile"][-1]
        store_path = comp.get("path")
        # -- queries ----------------------------------------------------------------------------
        if store_path:
            log(f"{size}: queries on Oxigraph (cagraph and raw), {a.ox_budget:.0f} s per query")
            qs, rss = {}, 0.0
            for name in catalogue_names():
                r = run_child("query-oxigraph", {"store": store_path, "name": name, "cap": a.ox_budget / 3,
                                                 "repeat": max(a.repeat, 3) if not a.smoke else 1}, timeout=a.ox_budget)
                if "timeout" in r:
                    r = {"over_budget": a.ox_budget}
                    log(f"{size}: {name} over {a.ox_budget:.0f} s on Oxigraph")
                rss = max(rss, r.get("rss_mb", 0.0))
                qs[name] = r
            S["queries-oxigraph"] = {"queries": qs, "rss_mb": rss}
        triples = comp.get("asserted") or n
        skip = {}
        for name, (prev, prev_n, secs) in rdflib_seen.items():
            if secs is None:
                skip[name] = f"over the budget at {prev}"
            elif secs * triples / prev_n > a.budget:
                skip[name] = f"predicted over the budget: {secs:.1f} s at {prev}, ×{triples / prev_n:.0f} triples"
        log(f"{size}: queries on rdflib (budget {a.budget:.0f} s each, {len(skip)} skipped)")
        S["queries-rdflib"] = run_child("queries-rdflib", {"files": S["files"], "repeat": a.repeat, "budget": a.budget,
                                                           "skip": skip},
                                        timeout=timeout * 3 + (a.budget + 5) * 40)
        for name, q in S["queries-rdflib"].get("queries", {}).items():
            if "over_budget" in q:
                rdflib_seen[name] = (size, triples, None)
            elif q.get("rdflib"):
                rdflib_seen[name] = (size, triples, median(q["rdflib"]))
        # -- validation, reasoning: the bundled graph and 100k ------------------------------------
        if size == "bundled" or (n == 100_000 and not a.smoke):
            for what, engines in (("shacl", SHACL_ENGINES), ("reason", REASONERS)):
                for eng in engines:
                    log(f"{size}: {what} {eng}")
                    budget = a.budget if size == "bundled" else max(a.budget, 300)
                    runs = 2 if size == "bundled" else 1  # warm figures matter on the bundled graph only
                    S[f"{what}-{eng}"] = run_child(what, {"files": S["files"], "engine": eng, "budget": budget, "runs": runs},
                                                   timeout=runs * budget + timeout)
        if size == "bundled":
            for eng in SHACL_ENGINES:
                log(f"bundled: validate (parse + SHACL + provenance + QC) with {eng}")
                S[f"validate-{eng}"] = run_child("validate", {"files": S["files"], "engine": eng, "budget": a.budget, "runs": 3},
                                                 timeout=3 * a.budget + timeout)
            log("bundled: reasoners compared")
            S["reason-compare"] = run_child("reason-compare", {"files": S["files"]}, timeout=600)
            log("bundled: SHACL engines compared on the fixtures")
            S["shacl-compare"] = run_child("shacl-compare", {}, timeout=900)
        # -- export -------------------------------------------------------------------------------
        if store_path:
            log(f"{size}: export")
            S["export"] = run_child("export", {"store": store_path, "repeat": a.repeat if n < 500_000 else 1},
                                    timeout=timeout * 10)
        jpath.write_text(json.dumps(R, indent=1))
    log("cold CLI")
    R["cold"] = cold_cli(a.cold_runs, work)
    R["machine"]["load_end"] = os.getloadavg()
    R["seconds"] = time.perf_counter() - t_all
    jpath.write_text(json.dumps(R, indent=1))
    a.out.write_text(report(R, jpath))
    log(f"wrote {a.out} and {jpath} in {R['seconds']:.0f} s")
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def fs(x: Optional[float]) -> str:
    """Seconds, readably."""
    if x is None:
        return "–"
    if x < 0.001:
        return f"{x * 1e6:.0f} µs"
    if x < 1:
        return f"{x * 1000:.1f} ms" if x < 0.1 else f"{x * 1000:.0f} ms"
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def fr(x: Optional[float]) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}×" if x < 10 else f"{x:.0f}×"


def _med(runs: list[dict], key: str) -> Optional[float]:
    return median([r[key] for r in runs if key in r])


def report(R: dict, jpath: Path) -> str:
    m, T = R["machine"], R["targets"]
    sizes = list(R["sizes"])
    synth = [s for s in sizes if s != "bundled"]
    largest = synth[-1] if synth else "bundled"
    L: list[str] = []
    w = L.append
    w("# Benchmarks: rdflib, raw pyoxigraph and cagraph\n")
    w("Written by `benchmarks/run.py` " + ("(`--smoke`)" if R["args"]["smoke"] else "")
      + f"; raw numbers in `{jpath.name}`. Run: `python benchmarks/run.py --sizes {','.join(synth)} --repeat {R['args']['repeat']}`.\n")
    w("## Machine\n")
    w("| | |\n| --- | --- |")
    w(f"| date | {m['date']} |")
    w(f"| CPU | {m['cpu']}, `nproc` = {m['nproc']} |")
    w(f"| RAM | {m['ram']} |")
    w(f"| OS | {m['platform']} |")
    w(f"| Python | {m['python']} |")
    w("| libraries | " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + " |")
    w(f"| cagraph | commit {m['commit']} |")
    le = m.get("load_end", ("?",) * 3)
    w(f"| load average (1/5/15 min) | {'/'.join(f'{x:.1f}' for x in m['load_start'])} at the start, "
      f"{'/'.join(f'{x:.1f}' if isinstance(x, float) else str(x) for x in le)} at the end |")
    w(f"| settings | repeat {R['args']['repeat']} (medians), rdflib budget {R['args']['budget']:.0f} s per query, "
      f"seed {R['args']['seed']}, whole run {R.get('seconds', 0) / 60:.1f} min |")
    w("")
    w("The machine is shared (other jobs ran during the run: see the load average), so single figures carry noise "
      "of some tens of percent; ratios of the two Oxigraph variants are measured interleaved in one process and "
      "are the most robust.\n")
    for note in R.get("notes", []):
        w(f"**Note.** {note}\n")

    # targets first
    w("## Targets of the issue\n")
    w("| target | measured | met |\n| --- | --- | --- |")
    checks = targets(R, largest)
    for name, measured, ok in checks:
        w(f"| {name} | {measured} | {'yes' if ok else ('**no**' if ok is False else '–')} |")
    w("")

    # data
    w("## Graphs\n")
    w("| graph | input bytes | asserted triples | inferred triples | reasoner |\n| --- | ---: | ---: | ---: | --- |")
    for s in sizes:
        S = R["sizes"][s]
        c = (S.get("compile") or [{}])[-1]
        w(f"| {s} | {S['bytes']:,} | {c.get('asserted', '–'):,} | {c.get('inferred', '–'):,} | {c.get('reasoner', '–')} |"
          if "asserted" in c else f"| {s} | {S['bytes']:,} | – | – | {c.get('error') or c.get('timeout')} |")
    w("")

    # load / compile
    w("## Load and compile\n")
    w("Wall time (median) and peak RSS of a fresh process: (a) rdflib parses the files into a `Graph`; (b) raw "
      "pyoxigraph `Store(path).bulk_load` of each file into the default graph, then `flush` (the baseline of the "
      "targets); (b') the same into one named graph, as cagraph keeps the asserted triples (Oxigraph writes six "
      "indexes for a quad of a named graph, three for a triple of the default graph); (c) "
      "`cagraph.build.store.build(files, force=True)`: parse, OWL 2 RL closure (native reasoner), on-disk store with the "
      "asserted and the inferred graph.\n")
    w("| graph | rdflib parse | RSS | bulk_load | RSS | bulk_load, named graph | cagraph compile | RSS | compile / bulk_load | RSS / bulk_load's |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in sizes:
        S = R["sizes"][s]
        a_, b_, n_, c_ = (S.get(k, []) for k in ("load-rdflib", "load-oxigraph", "load-oxigraph-named", "compile"))
        ta, tb, tn, tc = _med(a_, "seconds"), _med(b_, "seconds"), _med(n_, "seconds"), _med(c_, "seconds")
        ra, rb, rc = _med(a_, "rss_mb"), _med(b_, "rss_mb"), _med(c_, "rss_mb")
        w(f"| {s} | {fs(ta)} | {_mb(ra)} | {fs(tb)} | {_mb(rb)} | {fs(tn)} | {fs(tc)} | {_mb(rc)} | "
          f"{fr(tc / tb) if tc and tb else '–'} | {fr(rc / rb) if rc and rb else '–'} |")
    w("")

    # queries
    w("## Saved queries\n")
    w("Median time per query (default parameters). *rdflib*: `RdflibEngine` over an in-memory `Graph`; *cagraph*: "
      "`OxigraphEngine` over the compiled store (query check, evaluation, conversion of every value to cagraph's "
      "`Term`); *raw*: `store.query(text, default_graph=[asserted graph])` on the same store, every solution read "
      "as a tuple of pyoxigraph terms. Raw runs once first to warm the store's caches; then the two alternate. "
      "cagraph remembers the safety check of a query text (`cagraph.query.engines._checked_form`), so its first run pays "
      "0.05-2 ms more than the median. `> N s`: stopped after the budget; `skipped`: over the budget at a smaller "
      "size, or predicted to be from its time there (listed under the table). rows: result rows (triples for "
      "CONSTRUCT); time columns are medians.\n")
    for s in sizes:
        S = R["sizes"][s]
        ox_q = S.get("queries-oxigraph", {}).get("queries", {})
        rd = S.get("queries-rdflib", {})
        rd_q = rd.get("queries", {})
        w(f"### {s}\n")
        if rd.get("parse_seconds") is not None:
            w(f"rdflib parse before the queries: {fs(rd['parse_seconds'])}, peak RSS {_mb(rd.get('rss_mb'))}; "
              f"Oxigraph query process peak RSS {_mb(S.get('queries-oxigraph', {}).get('rss_mb'))}.\n")
        w("| query | rows | rdflib | cagraph | raw pyoxigraph | cagraph / raw | rdflib / cagraph |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        names = sorted(set(ox_q) | set(rd_q))
        for name in names:
            o, r = ox_q.get(name, {}), rd_q.get(name, {})
            tc, tr = median(o.get("cagraph", [])), median(o.get("raw", []))
            if "over_budget" in o:
                tc = tr = None
            trd = median(r.get("rdflib", []))
            rdcell = fs(trd) if trd is not None else (f"> {r['over_budget']:.0f} s" if "over_budget" in r else
                                                     ("skipped" if "skipped" in r else "–"))
            ratio_rd = fr(trd / tc) if trd and tc else (f"> {fr(r['over_budget'] / tc)}" if "over_budget" in r and tc else "–")
            rows = o.get("rows", r.get("rows", "–"))
            flag = "" if o.get("rows") == o.get("rows_raw") else " (raw: %s)" % o.get("rows_raw")
            oxcell = f"> {o['over_budget']:.0f} s¹" if "over_budget" in o else None
            w(f"| {name} | {rows}{flag} | {rdcell} | {oxcell or fs(tc)} | {oxcell or fs(tr)} | "
              f"{fr(tc / tr) if tc and tr else '–'} | {ratio_rd} |")
        if any("over_budget" in o for o in ox_q.values()):
            w("\n¹ Stopped: the warm-up run and the first raw/cagraph pair did not finish within the Oxigraph budget "
              f"({R['args'].get('ox_budget', 240):.0f} s for the three runs together).")
        skipped = [f"{n} ({rd_q[n]['skipped']})" for n in names if "skipped" in rd_q.get(n, {})]
        if skipped:
            w("\nSkipped on rdflib: " + "; ".join(skipped) + ".")
        ratios = [median(o["cagraph"]) / median(o["raw"]) for o in ox_q.values() if o.get("cagraph") and o.get("raw")]
        if ratios:
            w(f"\ncagraph / raw: geometric mean {fr(_gmean(ratios))}, max {fr(max(ratios))}. "
              f"Sum over the queries that finished: cagraph {fs(sum(median(o['cagraph']) for o in ox_q.values() if o.get('cagraph')))}, "
              f"raw {fs(sum(median(o['raw']) for o in ox_q.values() if o.get('raw')))}.\n")
    # validation / reasoning
    w("## Validation and reasoning\n")
    w("A first (cold: imports, shapes parsing) and a second (warm) call in one process, on a graph parsed "
      "beforehand: `cagraph.check.validate.run_shacl(g, shapes, engine=...)` and `cagraph.build.reason.inferred_triples(g, "
      "reasoner=...)`. The graph is ontology + data (the ontology merged, as `cagraph validate` does).\n")
    w("| graph | step | engine | cold | warm | results / triples | peak RSS |")
    w("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for s in sizes:
        S = R["sizes"][s]
        for what, engines in (("shacl", SHACL_ENGINES), ("reason", REASONERS)):
            for eng in engines:
                r = S.get(f"{what}-{eng}")
                if r is None:
                    continue
                if "cold" in r:
                    w(f"| {s} | {'SHACL' if what == 'shacl' else 'OWL 2 RL'} | {eng} | {fs(r['cold'])} | {fs(r.get('warm'))} | "
                      f"{r['count']:,} | {_mb(r.get('rss_mb'))} |")
                else:
                    why = f"> {r['over_budget']:.0f} s" if "over_budget" in r else (r.get("error") or f"timeout {r.get('timeout')}")
                    w(f"| {s} | {'SHACL' if what == 'shacl' else 'OWL 2 RL'} | {eng} | {why} | | | |")
    vals = [(e, R["sizes"].get("bundled", {}).get(f"validate-{e}")) for e in SHACL_ENGINES]
    if any(v for _e, v in vals):
        w("\nThe whole of `cagraph validate` in one process (`cagraph.check.validate.validate(files=...)`: parse the files, "
          "SHACL, the provenance checks (every quote against its source), the QC queries), first call and the median "
          "of the next two:\n")
        w("| graph | SHACL engine | cold | warm | results | peak RSS |\n| --- | --- | ---: | ---: | ---: | ---: |")
        for e, v in vals:
            if v and "cold" in v:
                warm = median(v["runs"][1:]) if len(v.get("runs", [])) > 1 else v.get("warm")
                w(f"| bundled | {e} | {fs(v['cold'])} | {fs(warm)} | {v['count']:,} | {_mb(v.get('rss_mb'))} |")
            elif v:
                w(f"| bundled | {e} | {v.get('error') or v.get('over_budget') or v.get('timeout')} | | | |")
    w("")
    rc = R["sizes"].get("bundled", {}).get("reason-compare")
    if rc and "owlrl" in rc:
        w("### Reasoners compared on the bundled graph\n")
        w(f"owlrl (the reference) infers {rc['owlrl']:,} triples (`inferred_triples`: entailments about our IRIs, "
          "minus the input, minus trivial ones).\n")
        w("| reasoner | triples | equal to owlrl | missing (by predicate) | extra (by predicate) |\n| --- | ---: | --- | --- | --- |")
        for r in ("native", "reasonable"):
            x = rc.get(r, {})
            if "count" not in x:
                w(f"| {r} | – | {x.get('error', '–')} | | |")
                continue
            miss = ", ".join(f"{_short(p)} {n}" for p, n in sorted(x["only_owlrl"].items(), key=lambda kv: -kv[1])) or "none"
            extra = ", ".join(f"{_short(p)} {n}" for p, n in sorted(x["only_other"].items(), key=lambda kv: -kv[1])) or "none"
            w(f"| {r} | {x['count']:,} | {'yes' if x['equal'] else 'no'} | {miss} | {extra} |")
        w("")
    sc = R["sizes"].get("bundled", {}).get("shacl-compare")
    if sc and "fixtures" in sc:
        w("### SHACL engines compared on the shape fixtures\n")
        w(f"pySHACL and pyshacl-turbo on each of the {sc['fixtures']} fixtures of `tests/fixtures/shapes/` merged with the "
          "ontology, results compared as (focus node, path, source shape, constraint component) "
          "(`tests/test_shacl_engines.py`). "
          + ("They agree on every fixture." if not sc["differences"] else
             f"They differ on {len(sc['differences'])}:") + "\n")
        if sc["differences"]:
            w("| fixture | only pySHACL | only turbo |\n| --- | --- | --- |")
            for f, d in sc["differences"].items():
                cell = lambda rs: "<br>".join(" ".join(_short(x) for x in r) for r in rs) or "–"  # noqa: E731
                w(f"| {f} | {cell(d['only_pyshacl'])} | {cell(d['only_turbo'])} |")
            w("")
    # export
    w("## Export\n")
    w("`cagraph.publish.export.export(buffer, fmt=...)` of the compiled store (asserted graph; sorted, stable output).\n")
    w("| graph | " + " | ".join(FORMATS) + " |\n| --- | " + " | ".join("---:" for _ in FORMATS) + " |")
    for s in sizes:
        e = R["sizes"][s].get("export", {}).get("formats", {})
        if e:
            w(f"| {s} | " + " | ".join(f"{fs(median(e[f]['seconds']))} ({e[f]['bytes'] / 1e6:.1f} MB)" if f in e else "–"
                                     for f in FORMATS) + " |")
    w("")
    # cold
    c = R.get("cold", {})
    if c:
        w("## Cold start\n")
        w(f"Wall time of a fresh process, {R['args']['cold_runs']} runs each after two warm-up runs (the warm-up may "
          "write `__pycache__`, as any installed package has it), on the bundled graph with its store compiled. "
          f"Heavy modules imported by `cagraph query`: {', '.join(c.get('heavy_imports') or []) or 'none'} "
          "(`python -X importtime`).\n")
        w("| command | median | min | max |\n| --- | ---: | ---: | ---: |")
        for k, v in c.items():
            if isinstance(v, list) and v:
                w(f"| `{k}` | {fs(median(v))} | {fs(min(v))} | {fs(max(v))} |")
        w("")
    return "\n".join(L) + "\n"


def _short(iri: str) -> str:
    for p, ns in (("cag:", "https://w3id.org/cagraph/ontology#"), ("prov:", "http://www.w3.org/ns/prov#"),
                  ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"), ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                  ("dcterms:", "http://purl.org/dc/terms/"), ("schema:", "https://schema.org/"), ("org:", "http://www.w3.org/ns/org#"),
                  ("owl:", "http://www.w3.org/2002/07/owl#"), ("cgr:", "https://w3id.org/cagraph/id/"),
                  ("cagsh:", "https://w3id.org/cagraph/shapes#")):
        if iri.startswith(ns):
            return p + iri[len(ns):]
    return iri


def _mb(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:,.0f} MB"


def _gmean(xs: list[float]) -> float:
    import math

    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def targets(R: dict, largest: str) -> list[tuple[str, str, Optional[bool]]]:
    T = R["targets"]
    out: list[tuple[str, str, Optional[bool]]] = []
    c = R.get("cold", {}).get("cagraph query trade-flows")
    if c:
        out.append((f"cold `cagraph query trade-flows` ≤ {T['cold_ms']:.0f} ms (median)", fs(median(c)),
                    median(c) * 1000 <= T["cold_ms"]))
    S = R["sizes"].get(largest, {})
    ox_q = S.get("queries-oxigraph", {}).get("queries", {})
    rd_q = S.get("queries-rdflib", {}).get("queries", {})
    if ox_q:
        ratios = {n: median(o["cagraph"]) / median(o["raw"]) for n, o in ox_q.items() if o.get("raw") and o.get("cagraph")}
        worst = max(ratios, key=ratios.get)
        bad = [n for n, r in ratios.items() if r > T["query_vs_raw"]]
        unfinished = sorted(n for n, o in ox_q.items() if n not in ratios)
        out.append((f"{largest}: every saved query ≤ {T['query_vs_raw']}× raw pyoxigraph",
                    f"max {fr(ratios[worst])} ({worst})" + (f"; over: {', '.join(bad)}" if bad else "")
                    + (f"; not measured (over the Oxigraph budget for both): {', '.join(unfinished)}" if unfinished else ""),
                    not bad))
        fin = {n: median(r["rdflib"]) / median(ox_q[n]["cagraph"]) for n, r in rd_q.items()
               if r.get("rdflib") and ox_q.get(n, {}).get("cagraph")}
        if fin:
            slow = [n for n, r in fin.items() if r < T["rdflib_vs_cagraph"]]
            worst = min(fin, key=fin.get)
            n_out = sum(1 for r in rd_q.values() if "over_budget" in r or "skipped" in r)
            out.append((f"{largest}: ≥ {T['rdflib_vs_cagraph']:.0f}× faster than rdflib where rdflib finishes",
                        f"min {fr(fin[worst])} ({worst}); rdflib finished {len(fin)} of {len(rd_q)}, {n_out} over budget"
                        + (f"; under: {', '.join(slow)}" if slow else ""), not slow))
        else:
            out.append((f"{largest}: ≥ {T['rdflib_vs_cagraph']:.0f}× faster than rdflib where rdflib finishes",
                        "rdflib finished no query within the budget", None))
    tb, tc = _med(S.get("load-oxigraph", []), "seconds"), _med(S.get("compile", []), "seconds")
    if tb and tc:
        out.append((f"{largest}: compile ≤ {T['compile_vs_bulk']:.0f}× pyoxigraph bulk_load", f"{fs(tc)} vs {fs(tb)}: {fr(tc / tb)}",
                    tc / tb <= T["compile_vs_bulk"]))
    rb, rc = _med(S.get("load-oxigraph", []), "rss_mb"), _med(S.get("compile", []), "rss_mb")
    if rb and rc:
        out.append((f"{largest}: peak RSS of compile ≤ {T['rss_vs_bulk']:.0f}× bulk_load's", f"{_mb(rc)} vs {_mb(rb)}: {fr(rc / rb)}",
                    rc / rb <= T["rss_vs_bulk"]))
    B = R["sizes"].get("bundled", {})
    for sh, rs in (("pyshacl", "native"), ("turbo", "native"), ("pyshacl", "owlrl")):
        a_, b_ = B.get(f"shacl-{sh}", {}), B.get(f"reason-{rs}", {})
        if a_.get("warm") is not None and b_.get("warm") is not None:
            tot = a_["warm"] + b_["warm"]
            out.append((f"bundled: validation ({sh}) + reasoning ({rs}) ≤ {T['validate_reason_s']:.0f} s, warm",
                        f"{fs(a_['warm'])} + {fs(b_['warm'])} = {fs(tot)}", tot <= T["validate_reason_s"]))
    return out


if __name__ == "__main__":
    sys.exit(main())
