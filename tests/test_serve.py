"""``cagraph serve`` (issue 16, item 10): the installed console script serves the compiled store
through Oxigraph's read-only server on 127.0.0.1. No mocks: a real server answers real SPARQL
over HTTP, refuses an update, and its query page renders in headless Chromium; the fixture stops
it and checks that no process is left."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest

from cagraph.ns import ASSERTED_GRAPH

pytestmark = pytest.mark.slow

CAGRAPH = shutil.which("cagraph") or str(Path(sys.executable).parent / "cagraph")
CAG = "https://w3id.org/cagraph/ontology#"
COUNT_CLAIMS = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{CAG}Claim> }}"
COUNT_ASSERTED = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?c a <{CAG}Claim> }} }}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sparql(port: int, query: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def _count(port: int, query: str) -> int:
    return int(_sparql(port, query)["results"]["bindings"][0]["n"]["value"])


class Served:
    def __init__(self, port: int, proc: subprocess.Popen, log: Path):
        self.port, self.proc, self.log = port, proc, log


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    if shutil.which("oxigraph") is None and not (Path(sys.executable).parent / "oxigraph").is_file():
        pytest.skip("the oxigraph server is not installed (pip install 'cagraph[serve]')")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([CAGRAPH, "serve", "--port", str(port)], stdout=fh, stderr=subprocess.STDOUT,
                                env=os.environ.copy(), start_new_session=True)
    try:
        deadline = time.monotonic() + 180  # the first command of a session may build the store
        while True:
            if proc.poll() is not None:
                pytest.fail(f"cagraph serve exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"cagraph serve did not answer within 180 s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield Served(port, proc, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            pytest.fail("cagraph serve did not stop on SIGTERM")
        # nothing of it left: the process group is gone and the port is free again
        with pytest.raises(ProcessLookupError):
            os.killpg(proc.pid, 0)
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0


def test_serve_is_oxigraph_read_only_on_127_0_0_1(served):
    """``cagraph serve`` execs the server (same process id): the stderr line, then Oxigraph's."""
    cmdline = Path(f"/proc/{served.proc.pid}/cmdline").read_bytes().split(b"\0")
    assert Path(cmdline[0].decode()).name == "oxigraph"
    assert cmdline[1:4] == [b"serve-read-only", b"--location", cmdline[3]]
    assert b"--bind" in cmdline and cmdline[cmdline.index(b"--bind") + 1] == f"127.0.0.1:{served.port}".encode()
    first = served.log.read_text().splitlines()[0]
    assert first.startswith("cagraph: serving ") and f"http://127.0.0.1:{served.port}/query" in first


def test_sparql_over_http_gives_the_local_rows(served, graph):
    """A SPARQL query over HTTP: the count of cag:Claim is the local engine's with --inferred
    (the default graph is asserted + inferred) and, inside GRAPH <asserted>, rdflib's count in
    the parsed files."""
    from rdflib import RDF, URIRef

    from cagraph.query.engines import oxigraph_engine

    local_inferred = oxigraph_engine(inferred=True).query(COUNT_CLAIMS).rows[0][0]
    in_files = len(set(graph.subjects(RDF.type, URIRef(CAG + "Claim"))))
    assert 0 < in_files < int(local_inferred.value)  # cag:Assertion is a cag:Claim by inference only
    assert _count(served.port, COUNT_CLAIMS) == int(local_inferred.value)
    assert _count(served.port, COUNT_ASSERTED) == in_files
    # a saved query, through cagraph's own remote engine, gives the rows of the local --inferred run
    args = ["query", "trade-flows", "-p", "country=uzbekistan", "-f", "csv"]
    remote = subprocess.run([CAGRAPH, *args, "--endpoint", f"http://127.0.0.1:{served.port}/query"],
                            capture_output=True, text=True, timeout=120)
    local = subprocess.run([CAGRAPH, *args, "--inferred"], capture_output=True, text=True, timeout=120)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and "China,Uzbekistan,2023,2023,12.389,billion,USD" in remote.stdout


def test_updates_are_refused(served):
    n = _count(served.port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    req = urllib.request.Request(f"http://127.0.0.1:{served.port}/update", method="POST",
                                 data=b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=30)
    assert exc.value.code == 403
    assert _count(served.port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == n


def test_a_second_server_on_the_same_port_is_one_line_exit_2(served):
    p = subprocess.run([CAGRAPH, "serve", "--port", str(served.port)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert p.stderr == (f"cagraph: error: --port {served.port}: cannot listen on 127.0.0.1:{served.port} "
                        "(Address already in use)\n")


def test_a_rebuild_does_not_remove_the_served_store(served):
    """The served directory is pinned (``pin-<pid>``): a forced rebuild, with the directory long
    unreferenced, leaves it to the server, which still answers."""
    from cagraph.build.store import cache_dir

    pin = cache_dir() / f"pin-{served.proc.pid}"
    assert pin.is_symlink()
    store = pin.resolve()
    n = _count(served.port, COUNT_CLAIMS)
    old = time.time() - 100_000
    for _ in range(2):  # the first rebuild retires the served store; the second would remove it
        p = subprocess.run([CAGRAPH, "build", "--force"], capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        os.utime(store, (old, old))
    assert store.is_dir() and (cache_dir() / f"store-{store.name.split('-')[1]}").resolve() != store
    assert _count(served.port, COUNT_CLAIMS) == n


# ---------------------------------------------------------------------------------------------
# The query page in Chromium
# ---------------------------------------------------------------------------------------------
def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).

    A few lines of the PNG specification (chunks, zlib, the five scanline filters) instead of a
    dependency; checked against Pillow where it is installed."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, prev, out = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.extend(tuple(line[i:i + bpp]) for i in range(0, stride, bpp))
        prev = line
    return width, height, out


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary found")
def test_query_page_renders_in_chromium(served, tmp_path):
    """The page at / is Oxigraph's YASGUI (served from the binary, no network): Chromium renders
    its editor, and the screenshot is a real picture, not a blank page."""
    url = f"http://127.0.0.1:{served.port}/"
    base = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,800", "--hide-scrollbars", "--virtual-time-budget=10000"]
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<title>Oxigraph server</title>" in dom.stdout
    assert 'class="CodeMirror' in dom.stdout and "yasqe" in dom.stdout  # the editor was built by the page's script
    png = tmp_path / "query-page.png"
    shot = subprocess.run([*base, f"--screenshot={png}", url], capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = png.read_bytes()
    assert len(data) > 10_000
    width, height, pixels = png_pixels(data)
    assert (width, height) == (1200, 800)
    colours = Counter(pixels)
    background, n_background = colours.most_common(1)[0]
    assert len(colours) > 50 and n_background < 0.98 * len(pixels), (len(colours), n_background)
    keep = os.environ.get("CAGRAPH_SCREENSHOTS")
    if keep:
        shutil.copy(png, Path(keep) / png.name)
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as im:
        assert im.size == (width, height) and im.tobytes() == bytes(b for px in pixels for b in px)


def test_a_pin_ends_with_its_process(tmp_path):
    """``pin-<pid>`` keeps a store only while the process runs: once it has ended, the next build
    removes the link, and the store goes when it has been unreferenced for GRACE_SECONDS."""
    from cagraph import paths
    from cagraph.build.store import GRACE_SECONDS, build, pin

    base = tmp_path / "cache"
    first = build(paths.graph_files(), base=base).path.resolve()
    ended = subprocess.Popen(["true"])
    ended.wait()
    link = pin(first, ended.pid)
    alive = pin(first)  # this process
    other = tmp_path / "other.ttl"
    other.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    old = time.time() - GRACE_SECONDS - 10
    build([*paths.graph_files(), other], base=base)  # another store; the first one is unlinked
    assert not link.is_symlink() and alive.is_symlink()
    os.utime(first, (old, old))  # unreferenced for longer than the grace period, but pinned
    build([*paths.graph_files(), other], base=base, force=True)
    assert first.is_dir() and alive.is_symlink()
    alive.unlink()
    os.utime(first, (old, old))
    build([*paths.graph_files(), other], base=base, force=True)
    assert not first.exists()
