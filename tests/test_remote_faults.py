"""Remote faults (tests/test_remote.py covers the happy paths, a dead or hanging server, 401s):

* the server is killed in the middle of a push (between requests, and in the middle of one):
  one clear line that says how far the push got and to run it again; the rerun, on the restarted
  server, finishes with the right count and no duplicates;
* credentials never appear in anything cagraph prints (stdout, stderr, DEBUG logs), whatever a
  hostile or broken server answers: its error pages echo the Authorization header (raw, in HTML,
  URL-encoded, JSON-escaped), it redirects, it hangs up mid-answer.

``cagraph --verbose`` prints the DEBUG log of ``cagraph.query.http`` (every request, its status and
size) on stderr: the tests grep that output too, and the log captured by pytest.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import signal
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cagraph.cli.main import app
from cagraph.errors import RemoteError
from cagraph.publish.push import push
from cagraph.query.remote import NO_AUTH, RemoteEngine
from test_remote import ASK_TRUE, LocalHTTP, free_port, oxigraph_server  # the servers of test_remote

pytestmark = pytest.mark.slow

TOKEN = "tok-F4ult-Secret-7x9"
USER, PASSWORD = "bob", "p@ss w/rd-F4ult%9"  # characters that URL-encoding and JSON change
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_machine_credentials(monkeypatch, tmp_path):
    for var in ("CAGRAPH_TOKEN", "CAGRAPH_USER", "CAGRAPH_PASSWORD", "NETRC"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def local_count() -> int:
    import pyoxigraph as ox

    from cagraph.ns import ASSERTED_GRAPH
    from cagraph.build.store import open_store

    store, _ = open_store(quiet=True)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ASSERTED_GRAPH)))


def server_counts(base: str) -> tuple[int, int]:
    """(triples in all graphs, distinct triples in all graphs) on an Oxigraph server."""
    eng = RemoteEngine(base + "/query", auth=NO_AUTH, timeout=30)
    n = int(eng.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }").rows[0][0].value)
    d = int(eng.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                      "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }").rows[0][0].value)
    return n, d


# ---------------------------------------------------------------------------------------------
# The server dies during a push
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("graph", [None, "https://example.org/graph/faults"])
def test_server_killed_between_requests_then_rerun(tmp_path, graph):
    location = tmp_path / "db"
    total = local_count()
    killed = {}
    with oxigraph_server(location) as srv:
        def progress(sent, total_):
            if sent >= 1000 and not killed:  # after the second request: kill -9 the server
                os.kill(srv.proc.pid, signal.SIGKILL)
                srv.proc.wait(10)
                killed["at"] = sent

        with pytest.raises(RemoteError) as err:
            push(store_endpoint=srv.store, graph=graph, auth=NO_AUTH, chunk_triples=500, progress=progress, timeout=5)
    msg = str(err.value)
    assert killed["at"] == 1000
    assert "\n" not in msg and f"push stopped after 1000 of {total} triples" in msg and "run push again" in msg
    assert "connection refused" in msg or "reset" in msg or "closed" in msg, msg
    # restart on the same database (the half-pushed graph is still there) and push again
    with oxigraph_server(location) as srv:
        args = ["push", "--endpoint", srv.base, "--chunk", "700"] + (["--graph", graph] if graph else [])
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.stderr
        assert f"sent {total} triples" in res.stdout and f"server count: {total} triples" in res.stdout
        n, distinct = server_counts(srv.base)
        assert n == distinct == total


class HangUp:
    """A Graph Store endpoint that accepts the first ``ok`` requests and then dies in the middle of
    the next one (reads part of the body, then drops the connection without answering)."""

    def __init__(self, ok: int):
        self.ok = ok
        self.requests = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                self.requests += 1
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
                length = next((int(ln.split(":", 1)[1]) for ln in head.split("\r\n") if ln.lower().startswith("content-length:")), 0)
                if self.requests > self.ok:
                    conn.recv(min(length, 1000))  # part of the body, then the "crash"
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    continue
                got = len(data.split(b"\r\n\r\n", 1)[1])
                while got < length:
                    got += len(conn.recv(65536))
                conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.mark.parametrize("ok", [0, 2])
def test_server_dies_in_the_middle_of_a_request(ok):
    with HangUp(ok) as srv:
        res = runner.invoke(app, ["push", "--store-endpoint", srv.url + "/store", "--endpoint", srv.url + "/query",
                                  "--chunk", "500", "--timeout", "5"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cagraph: error:") and "Traceback" not in res.output, res.output
    if ok:
        assert f"push stopped after {ok * 500} of" in lines[0] and "run push again" in lines[0]
    else:
        assert "push stopped" not in lines[0]
    assert srv.url.split("//")[1] in lines[0]


# ---------------------------------------------------------------------------------------------
# Credentials never printed
# ---------------------------------------------------------------------------------------------
def secrets() -> list[str]:
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    out = [TOKEN, PASSWORD, basic]
    for s in (TOKEN, PASSWORD):
        out += [urllib.parse.quote(s, safe=""), urllib.parse.quote_plus(s), json.dumps(s)[1:-1]]
    return sorted(set(out))


def hostile_server(kind: str) -> LocalHTTP:
    def respond(req):
        got = req.headers.get("Authorization", "")
        value = got.split(" ", 1)[-1]
        if kind == "echo-401":
            return 401, "text/plain", f"Unauthorized: bad credentials {got}".encode()
        if kind == "echo-html-500":
            return 500, "text/html", f"<html><body><h1>Error</h1><p>header: <b>{got}</b></p></body></html>".encode()
        if kind == "echo-urlencoded-403":
            plain = base64.b64decode(value).decode() if got.startswith("Basic") else value
            return 403, "text/plain", f"denied for {urllib.parse.quote(plain, safe='')}".encode()
        if kind == "echo-json-400":
            plain = base64.b64decode(value).decode() if got.startswith("Basic") else value
            return 400, "application/json", json.dumps({"error": f"bad auth {plain}"}).encode()
        if kind == "not-sparql-200":
            return 200, "text/plain", f"hello {got}".encode()
        if kind == "bad-json-200":
            return 200, "application/sparql-results+json", f'{{"head": {{}}, "results": "{got}"'.encode()
        raise AssertionError(kind)

    return LocalHTTP(respond)


KINDS = ["echo-401", "echo-html-500", "echo-urlencoded-403", "echo-json-400", "not-sparql-200", "bad-json-200"]


def _set_credentials(how: str, monkeypatch, tmp_path) -> None:
    if how == "token":
        monkeypatch.setenv("CAGRAPH_TOKEN", TOKEN)
    elif how == "basic":
        monkeypatch.setenv("CAGRAPH_USER", USER)
        monkeypatch.setenv("CAGRAPH_PASSWORD", PASSWORD)
    else:
        rc = tmp_path / "netrc"
        rc.write_text(f'machine 127.0.0.1 login {USER} password "{PASSWORD}"\n')
        rc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(rc))


@pytest.mark.parametrize("how", ["token", "basic", "netrc"])
@pytest.mark.parametrize("kind", KINDS)
def test_credentials_never_printed_whatever_the_server_says(kind, how, monkeypatch, tmp_path, caplog):
    _set_credentials(how, monkeypatch, tmp_path)
    caplog.set_level(logging.DEBUG)
    outputs = []
    with hostile_server(kind) as srv:
        for args in (["query", "counts", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5"],
                     ["sparql", "-", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5"],
                     ["push", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5", "--chunk", "2000"]):
            res = runner.invoke(app, args, input="ASK {}")
            assert res.exit_code in (1, 2), (args, res.exit_code, res.output)
            assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
            assert len(res.stderr.strip().splitlines()) == 1, res.stderr
            outputs += [res.stdout, res.stderr]
        sent = [r["headers"].get("Authorization", "") for r in srv.seen]
    assert sent and all(sent), "the credentials were not sent at all: nothing was tested"
    outputs.append(caplog.text)
    for text in outputs:
        for secret in secrets():
            assert secret not in text, f"{secret!r} printed: {text[-500:]!r}"


def test_redirect_to_another_host_carries_no_credentials_and_prints_none(monkeypatch, caplog):
    monkeypatch.setenv("CAGRAPH_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)
    with LocalHTTP(lambda req: (200, "application/sparql-results+json", ASK_TRUE)) as other:
        target = other.url + f"/sparql?leak={TOKEN}"
        srv = LocalHTTP(lambda req: (307, "text/plain", f"moved to {target}".encode()))
        orig = srv.httpd.RequestHandlerClass.send_header

        def send_header(self, k, v):  # add a Location header to the 307
            orig(self, k, v)
            if k == "Content-Type":
                orig(self, "Location", target)

        srv.httpd.RequestHandlerClass.send_header = send_header
        with srv:
            res = runner.invoke(app, ["sparql", "-", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5"], input="ASK {}")
        assert res.exit_code == 2 and "redirects" in res.stderr
        assert other.seen == []  # not followed: the token never travelled to the other host
    for text in (res.stdout, res.stderr, caplog.text):
        assert TOKEN not in text


@pytest.mark.parametrize("how", ["token", "basic"])
def test_credentials_not_printed_when_the_server_vanishes_mid_push(how, monkeypatch, tmp_path, caplog):
    _set_credentials(how, monkeypatch, tmp_path)
    caplog.set_level(logging.DEBUG)
    with HangUp(1) as srv:
        res = runner.invoke(app, ["push", "--store-endpoint", srv.url + "/store", "--endpoint", srv.url + "/query",
                                  "--chunk", "500", "--timeout", "5"])
    assert res.exit_code == 2
    for text in (res.stdout, res.stderr, caplog.text):
        for secret in secrets():
            assert secret not in text


@pytest.mark.parametrize("how", ["token", "basic", "netrc"])
@pytest.mark.parametrize("kind", ["echo-401", "echo-html-500", "echo-json-400", "bad-json-200"])
def test_verbose_output_logs_requests_but_never_credentials(kind, how, monkeypatch, tmp_path):
    """``--verbose`` prints a line per request (method, URL, status, where the credentials came
    from), then the one error line; no form of the secret in any of it."""
    _set_credentials(how, monkeypatch, tmp_path)
    with hostile_server(kind) as srv:
        for args in (["--verbose", "query", "counts", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5"],
                     ["-v", "push", "--endpoint", srv.url + "/ds/sparql", "--timeout", "5", "--chunk", "2000"]):
            res = runner.invoke(app, args)
            assert res.exit_code in (1, 2), (args, res.exit_code, res.output)
            lines = res.stderr.strip().splitlines()
            assert len(lines) >= 2 and all(line.startswith("cagraph: ") for line in lines), lines
            assert lines[-1].startswith("cagraph: error: ")
            assert any(("POST " in line or "PUT " in line) and "credentials from" in line for line in lines), lines
            assert any("-> HTTP " in line for line in lines), lines
            for secret in secrets():
                assert secret not in res.stdout + res.stderr, f"{secret!r} printed with --verbose"
        assert all(r["headers"].get("Authorization") for r in srv.seen), "credentials were not sent: nothing tested"
    quiet = runner.invoke(app, ["query", "counts", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2"])
    assert len(quiet.stderr.strip().splitlines()) == 1, "without --verbose: one line, as before"


def test_verbose_push_and_query_on_a_real_server(monkeypatch, tmp_path):
    """The same on a real Oxigraph server, where everything succeeds: exit 0, the requests and
    chunks logged, the secret nowhere."""
    _set_credentials("basic", monkeypatch, tmp_path)
    with oxigraph_server(tmp_path / "db") as srv:
        res = runner.invoke(app, ["-v", "push", "--endpoint", srv.query, "--store-endpoint", srv.store,
                                  "--chunk", "2000"])
        assert res.exit_code == 0, res.output
        log = res.stderr.strip().splitlines()
        assert sum("triples to" in line for line in log) == -(-local_count() // 2000), log
        q = runner.invoke(app, ["--verbose", "query", "counts", "--endpoint", srv.query, "-f", "csv"])
        assert q.exit_code == 0, q.output
        assert len(q.stdout.splitlines()) == 17  # the header and the 16 counts, as locally
        assert any("-> HTTP 200" in line for line in q.stderr.splitlines()), q.stderr
    for text in (res.stdout, res.stderr, q.stdout, q.stderr):
        for secret in secrets():
            assert secret not in text
