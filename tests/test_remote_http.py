"""The HTTP side of the remote engine and push (``cagraph.query.http``, on httpx), against small
real servers on 127.0.0.1 started here:

* a redirect (302, 307) to another host is reported with its target and not followed, for a
  query and for a push, and the credentials never reach the other host;
* HTTP digest authentication (RFC 7616, MD5, ``qop=auth``), checked by a server that verifies the
  digest: on a Virtuoso-style ``…-auth`` endpoint no Basic header and no password is ever sent
  and the body goes only with valid digest credentials (after a bodiless HEAD); on any other
  endpoint Basic first, then digest once the server asks for it;
* SPARQL results as Virtuoso writes them (``typed-literal``, lower-cased language tags,
  ``nodeID://`` blank nodes) in JSON and XML, and TSV, read into the same terms as locally.
"""
from __future__ import annotations

import hashlib
import http.server
import json
import re
import threading
from typing import Callable

import pytest

from cagraph.errors import RemoteError
from cagraph.publish.push import push
from cagraph.query.http import Auth, HttpClient
from cagraph.query.remote import NO_AUTH, RemoteEngine
from cagraph.terms import RDF_LANGSTRING, XSD, Term

TOKEN = "tok-Redirect-S3cret"
USER, PASSWORD = "carol", "pw-Dig3st-S3cret"
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch, tmp_path):
    for var in ("CAGRAPH_TOKEN", "CAGRAPH_USER", "CAGRAPH_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


class Server:
    """An HTTP server in a thread; ``respond(method, path, headers, body)`` returns
    ``(status, headers, body)``. Every request is recorded in ``seen``."""

    def __init__(self, respond: Callable[[str, str, dict, bytes], tuple[int, dict, bytes]]):
        seen: list[dict] = []
        self.seen = seen

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
                status, headers, data = respond(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = _any

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


# ---------------------------------------------------------------------------------------------
# Redirects
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("how", ["token", "basic"])
def test_redirect_to_another_host_is_not_followed(status, how, monkeypatch):
    if how == "token":
        monkeypatch.setenv("CAGRAPH_TOKEN", TOKEN)
    else:
        monkeypatch.setenv("CAGRAPH_USER", USER)
        monkeypatch.setenv("CAGRAPH_PASSWORD", PASSWORD)
    with Server(lambda *_: (200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE)) as other:
        # another host name (localhost, not 127.0.0.1), with user info that must not be printed
        target = f"http://mallory:pw@localhost:{other.port}/sparql"
        moved = (status, {"Location": target, "Content-Type": "text/plain"}, b"moved")
        with Server(lambda *_: moved) as srv:
            with pytest.raises(RemoteError) as err:
                RemoteEngine(srv.url + "/ds/sparql", timeout=5).query("ASK {}")
            with pytest.raises(RemoteError) as push_err:
                push(store_endpoint=srv.url + "/ds/data", timeout=5, chunk_triples=100_000)
        assert other.seen == []  # neither followed nor retried there
        assert [r["method"] for r in srv.seen] == ["POST", "PUT"]
        assert all(r["headers"].get("Authorization") for r in srv.seen)  # credentials were sent, to srv only
    expected = (f"{srv.url}/ds/sparql answered HTTP {status} {'Found' if status == 302 else 'Temporary Redirect'}: "
                f"it redirects to http://localhost:{other.port}/sparql; use that URL")
    assert str(err.value) == expected
    assert str(push_err.value).startswith(f"{srv.url}/ds/data?default answered HTTP {status}")
    assert f"redirects to http://localhost:{other.port}/sparql; use that URL" in str(push_err.value)
    for msg in (str(err.value), str(push_err.value)):
        assert "mallory" not in msg and TOKEN not in msg and PASSWORD not in msg


# ---------------------------------------------------------------------------------------------
# Digest authentication
# ---------------------------------------------------------------------------------------------
REALM, NONCE = "SPARQL", "n0nce-42"
CHALLENGE = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5", opaque="op"'


def digest_ok(method: str, path: str, header: str) -> bool:
    """True if ``header`` is a valid RFC 7616 digest answer (MD5, qop=auth) for USER/PASSWORD."""
    if not header.startswith("Digest "):
        return False
    f = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header)}

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1, ha2 = md5(f"{USER}:{REALM}:{PASSWORD}"), md5(f"{method}:{path}")
    want = md5(f"{ha1}:{NONCE}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
    return (f.get("username") == USER and f.get("uri") == path and f.get("nonce") == NONCE
            and f.get("opaque") == "op" and f.get("response") == want)


def digest_server(*, refuse_basic: bool) -> Server:
    """Answers only valid digest credentials; a Basic header gets a bare 401 (Virtuoso's
    ``…-auth``) with ``refuse_basic``, else a 401 with the challenge, like no header at all."""

    def respond(method, path, headers, body):
        got = headers.get("Authorization", "")
        if digest_ok(method, path, got):
            if method == "POST":
                return 200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE
            return 201, {"Content-Type": "text/plain"}, b""
        if got.startswith("Basic") and refuse_basic:
            return 401, {"Content-Type": "text/plain"}, b"no"
        return 401, {"WWW-Authenticate": CHALLENGE, "Content-Type": "text/plain"}, b"who are you?"

    return Server(respond)


def test_digest_on_a_virtuoso_auth_endpoint_never_sends_basic_or_a_body_in_vain():
    auth = Auth.basic(USER, PASSWORD, source="the test")
    with digest_server(refuse_basic=True) as srv:
        url = srv.url + "/sparql-graph-crud-auth?graph=http%3A%2F%2Fg"
        with HttpClient(timeout=5, auth=auth) as client:
            for body in (b"<http://a> <http://b> <http://c> .\n", b"<http://a> <http://b> <http://d> .\n"):
                assert client.request("POST", url, body=body, content_type="application/n-triples").status == 200
        seen = [(r["method"], r["headers"].get("Authorization", "")[:7], len(r["body"])) for r in srv.seen]
    # a bodiless HEAD fetches the challenge, a HEAD with digest checks the credentials, then
    # every body goes once, with digest (the challenge is reused: nonce count 2, 3)
    assert seen == [("HEAD", "", 0), ("HEAD", "Digest ", 0), ("POST", "Digest ", 35), ("POST", "Digest ", 35)]
    assert [re.search(r"nc=(\w+)", r["headers"]["Authorization"]).group(1) for r in srv.seen[1:]] == \
        ["00000001", "00000002", "00000003"]
    assert all(PASSWORD not in json.dumps(r["headers"]) for r in srv.seen)


def test_digest_wrong_password_is_one_line_before_any_body():
    auth = Auth.basic(USER, "not-" + PASSWORD, source="CAGRAPH_USER/CAGRAPH_PASSWORD")
    with digest_server(refuse_basic=True) as srv:
        with pytest.raises(RemoteError) as err:
            push(store_endpoint=srv.url + "/sparql-graph-crud-auth", query_endpoint=srv.url + "/sparql-auth",
                 graph="http://example.org/g", auth=auth, timeout=5)
        assert [r["method"] for r in srv.seen] == ["HEAD", "HEAD"]  # the triples were never sent
    assert str(err.value) == (f"{srv.url}/sparql-graph-crud-auth?graph=http%3A%2F%2Fexample.org%2Fg answered HTTP 401 "
                              "Unauthorized (credentials from CAGRAPH_USER/CAGRAPH_PASSWORD were not accepted)")


def test_basic_first_then_digest_where_the_server_asks_for_it():
    with digest_server(refuse_basic=False) as srv:
        with RemoteEngine(srv.url + "/ds/sparql", timeout=5, auth=Auth.basic(USER, PASSWORD, source="t")) as engine:
            assert engine.query("ASK {}").boolean is True
            assert engine.query("ASK {}").boolean is True
        schemes = [r["headers"].get("Authorization", "").split(" ")[0] for r in srv.seen]
    # the 401 that answered Basic carries the challenge: digest from then on, with no extra request
    assert schemes == ["Basic", "Digest", "Digest"]


@pytest.mark.parametrize("challenge", ['Digest realm="r", nonce="n", algorithm="SHA-999"',
                                       'Digest realm="r", nonce="n", qop="auth-int"'])
def test_digest_that_cannot_be_spoken_is_one_line(challenge):
    unauthorized = (401, {"WWW-Authenticate": challenge, "Content-Type": "text/plain"}, b"no")
    with Server(lambda *_: unauthorized) as srv:
        with pytest.raises(RemoteError) as err:
            RemoteEngine(srv.url + "/ds/sparql", timeout=5, auth=Auth.basic(USER, PASSWORD)).query("ASK {}")
        assert len(srv.seen) == 1  # the Basic attempt; no digest answer could be made
    assert str(err.value) == (f"{srv.url}/ds/sparql answered HTTP 401 and asks for a kind of digest authentication "
                              "that cagraph does not speak (it speaks MD5, SHA-256 and SHA-512, qop=auth)")


# ---------------------------------------------------------------------------------------------
# Results as servers write them
# ---------------------------------------------------------------------------------------------
# Virtuoso 7.2 (07.20.3229), verbatim: typed-literal, lower-cased tags, nodeID:// blank nodes
VIRTUOSO_JSON = b"""
{ "head": { "link": [], "vars": ["s", "p", "o"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "uri", "value": "http://s" }\t, "p": { "type": "uri", "value": "http://r" }\t, "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#date", "value": "2020-01-01" }},
    { "s": { "type": "bnode", "value": "nodeID://b10000" }\t, "p": { "type": "uri", "value": "http://p" }\t, "o": { "type": "literal", "xml:lang": "en-gb", "value": "x" }},
    { "s": { "type": "bnode", "value": "nodeID://b10000" }\t, "p": { "type": "uri", "value": "http://q" }\t, "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3" }} ] } }"""
VIRTUOSO_XML = b"""<sparql xmlns="http://www.w3.org/2005/sparql-results#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.w3.org/2001/sw/DataAccess/rf1/result2.xsd">
 <head>
  <variable name="s"/>
  <variable name="p"/>
  <variable name="o"/>
 </head>
 <results distinct="false" ordered="true">
  <result>
   <binding name="s"><uri>http://s</uri></binding>
   <binding name="p"><uri>http://r</uri></binding>
   <binding name="o"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2020-01-01</literal></binding>
  </result>
  <result>
   <binding name="s"><bnode>nodeID://b10000</bnode></binding>
   <binding name="p"><uri>http://p</uri></binding>
   <binding name="o"><literal xml:lang="en-GB">x</literal></binding>
  </result>
  <result>
   <binding name="s"><bnode>nodeID://b10000</bnode></binding>
   <binding name="p"><uri>http://q</uri></binding>
   <binding name="o"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">3</literal></binding>
  </result>
 </results>
</sparql>"""
TSV = (b'?s\t?p\t?o\n<http://s>\t<http://r>\t"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>\n'
       b'_:b10000\t<http://p>\t"x"@en-GB\n_:b10000\t<http://q>\t3\n')
EXPECTED = [
    (Term.iri("http://s"), Term.iri("http://r"), Term("literal", "2020-01-01", XSD + "date")),
    (Term.bnode("b10000"), Term.iri("http://p"), Term("literal", "x", RDF_LANGSTRING, "en-gb")),
    (Term.bnode("b10000"), Term.iri("http://q"), Term("literal", "3", XSD + "integer")),
]


@pytest.mark.parametrize("ctype,body", [
    ("application/sparql-results+json", VIRTUOSO_JSON),
    ("application/sparql-results+xml; charset=UTF-8", VIRTUOSO_XML),
    ("text/tab-separated-values; charset=UTF-8", TSV),
])
def test_select_results_as_servers_write_them(ctype, body):
    with Server(lambda *_: (200, {"Content-Type": ctype}, body)) as srv:
        res = RemoteEngine(srv.url + "/sparql", timeout=5, auth=NO_AUTH).query("SELECT * WHERE { ?s ?p ?o }")
        accept = srv.seen[0]["headers"]["Accept"]
    assert res.kind == "select" and res.variables == ["s", "p", "o"] and res.rows == EXPECTED
    assert accept.startswith("application/sparql-results+json, ")


def test_csv_results_are_not_read():
    """CSV does not say which value is an IRI and which a literal: not accepted as results."""
    with Server(lambda *_: (200, {"Content-Type": "text/csv"}, b"s\r\nhttp://s\r\n")) as srv:
        with pytest.raises(RemoteError) as err:
            RemoteEngine(srv.url + "/sparql", timeout=5, auth=NO_AUTH).query("SELECT * WHERE { ?s ?p ?o }")
    assert str(err.value) == f"{srv.url}/sparql is not a SPARQL endpoint (got text/csv)"
