"""Where the bundled graph lives. One module, so tests and the CLI agree on every path.

The graph files are read from the project checkout (``CAGRAPH_HOME`` overrides it). An installed
wheel without a checkout has no bundled graph; cagraph is meant to be installed editable from
its repository (see README).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    env = os.environ.get("CAGRAPH_HOME")
    if env:
        return Path(env).resolve()
    checkout = PACKAGE_DIR.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    # installed without -e: fall back to the current directory if it is a cagraph checkout
    cwd = Path.cwd()
    return cwd if (cwd / "ontology" / "cagraph.ttl").is_file() else checkout


ROOT = project_root()
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "cagraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
COVERAGE_EXCLUSIONS = DATA_DIR / "coverage-exclusions.tsv"


def data_files() -> list[Path]:
    """The Turtle files of the bundled data, sorted."""
    return sorted(DATA_DIR.glob("*.ttl"))


def graph_files() -> list[Path]:
    """Ontology + data: everything the merged graph is built from, sorted."""
    return [ONTOLOGY_FILE, *data_files()]
