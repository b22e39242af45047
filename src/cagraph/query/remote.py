"""A SPARQL server as a cagraph engine, and ``push``: load the compiled graph into a server.

Querying uses the SPARQL 1.1 Protocol (URL-encoded ``POST``, which Virtuoso answers too);
loading uses the SPARQL 1.1 Graph Store HTTP Protocol (``PUT``/``POST`` of N-Triples). Both need
only the standard library (``urllib.request``); CONSTRUCT results are parsed with pyoxigraph.
Every answer is converted to neutral :class:`cagraph.terms.Term` values, so a saved query gives
the same rows on a server as on the local engines.

Safety rules, all enforced here (not in the CLI):

* ``query_form()`` runs before any request, so updates and SERVICE are refused locally and never
  reach the server.
* Credentials come only from the environment (``CAGRAPH_TOKEN``; ``CAGRAPH_USER`` +
  ``CAGRAPH_PASSWORD``) or from ``~/.netrc`` (``$NETRC``), see :func:`auth_from_env`; a user and
  password go as HTTP basic, or as digest where the server asks for it (Virtuoso). They are
  sent as an *unredirected* header and redirects are not followed, so they never travel to
  another host; they are never part of an error message or a log line (URLs are printed with
  :func:`safe_url`, which drops ``user:password@``, and every message is scrubbed of the secrets).
* Every failure is a :class:`cagraph.errors.RemoteError` with one line of text.

>>> derive_endpoints("http://localhost:7878")
('http://localhost:7878/query', 'http://localhost:7878/store')
>>> safe_url("https://alice:s3cret@example.org/ds/sparql")
'https://example.org/ds/sparql'
"""
from __future__ import annotations

import base64
import http.client
import html
import json
import logging
import netrc
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence

from cagraph.errors import RemoteError
from cagraph.query.guard import query_form
from cagraph.query.results import QueryResult
from cagraph.terms import Term, check_iri

log = logging.getLogger("cagraph.query.remote")

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
SPARQL_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
DEFAULT_TIMEOUT = 30.0
_ACCEPT = {
    "select": f"{SPARQL_JSON}, application/json;q=0.5",
    "ask": f"{SPARQL_JSON}, application/json;q=0.5",
    # N-Triples first; Turtle/RDF-XML tolerated for servers that ignore Accept.
    "construct": f"{N_TRIPLES}, text/turtle;q=0.5, application/rdf+xml;q=0.3",
}


def _user_agent() -> str:
    from cagraph import __version__

    return f"cagraph/{__version__} (+https://w3id.org/cagraph)"


# ---------------------------------------------------------------------------------------------
# URLs
# ---------------------------------------------------------------------------------------------
def safe_url(url: str) -> str:
    """``url`` without ``user:password@``: the only form of a URL cagraph ever prints."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def check_url(url: str, *, what: str = "endpoint") -> str:
    """Return ``url`` (trailing ``/`` removed) if it is an http(s) URL without credentials."""
    url = (url or "").strip()
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise RemoteError(f"{what} {safe_url(url)[:120]!r} is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{what} {safe_url(url)[:120]!r} is not an http:// or https:// URL")
    if "@" in parts.netloc:
        raise RemoteError(
            f"{what} {safe_url(url)}: credentials in the URL are not accepted; "
            "set CAGRAPH_TOKEN, or CAGRAPH_USER and CAGRAPH_PASSWORD, or use ~/.netrc")
    if any(ch.isspace() for ch in url):
        raise RemoteError(f"{what} {url[:120]!r} contains white space")
    if parts.path.endswith("/") and parts.path != "/":
        url = urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/")))
    return url


def _with_query(url: str, params: Sequence[tuple[str, Optional[str]]]) -> str:
    """Append URL query parameters; a value of None gives a bare key (``?default``)."""
    if not params:
        return url
    encoded = "&".join(urllib.parse.quote(k, safe="-_.") if v is None
                       else f"{urllib.parse.quote(k, safe='-_.')}={urllib.parse.quote(v, safe='')}"
                       for k, v in params)
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + encoded


def derive_endpoints(url: str) -> tuple[str, str]:
    """``(query_url, store_url)`` for a server, from any one of its URLs.

    ``store_url`` is the SPARQL 1.1 Graph Store HTTP Protocol endpoint that :func:`push` loads
    into; ``query_url`` the SPARQL 1.1 Protocol query endpoint. Understood layouts:

    ============  =======================================  ===========================================
    server        you may give                             query URL, store URL
    ============  =======================================  ===========================================
    Oxigraph      ``http://h:7878``, ``…/query``,          ``http://h:7878/query``,
                  ``…/store``, ``…/update``                ``http://h:7878/store``
    Jena Fuseki   ``…/ds/sparql``, ``…/ds/query``,         ``…/ds/sparql`` (or the ``…/ds/query`` given),
                  ``…/ds/data``, ``…/ds/get``, ``…/ds/update``  ``…/ds/data``
    GraphDB,      ``…/repositories/X``,                    ``…/repositories/X``,
    RDF4J         ``…/repositories/X/statements``,         ``…/repositories/X/rdf-graphs/service``
                  ``…/repositories/X/rdf-graphs/service``
    Virtuoso      ``…/sparql-auth``,                       ``…/sparql-auth``,
                  ``…/sparql-graph-crud-auth``             ``…/sparql-graph-crud-auth`` (digest auth)
    ============  =======================================  ===========================================

    Any other URL raises :class:`RemoteError`: give the store endpoint explicitly
    (``--store-endpoint``).

    >>> derive_endpoints("http://localhost:3030/cagraph/sparql")
    ('http://localhost:3030/cagraph/sparql', 'http://localhost:3030/cagraph/data')
    >>> derive_endpoints("http://localhost:7200/repositories/cagraph")
    ('http://localhost:7200/repositories/cagraph', 'http://localhost:7200/repositories/cagraph/rdf-graphs/service')
    >>> derive_endpoints("http://127.0.0.1:7878/store")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
    """
    url = check_url(url)
    parts = urllib.parse.urlsplit(url)
    if parts.query or parts.fragment:
        raise RemoteError(f"{safe_url(url)}: cannot tell the query and store endpoints of a URL with "
                          "'?' or '#'; give both explicitly (--endpoint and --store-endpoint)")
    segs = [s for s in parts.path.split("/") if s]

    def at(path_segs: list[str]) -> str:
        return urllib.parse.urlunsplit(parts._replace(path="/" + "/".join(path_segs)))

    # GraphDB / RDF4J: /repositories/<id>[/statements | /rdf-graphs/service]
    if "repositories" in segs:
        i = segs.index("repositories")
        rest = segs[i + 2:]
        if i + 1 < len(segs) and rest in ([], ["statements"], ["rdf-graphs", "service"], ["rdf-graphs"]):
            repo = segs[: i + 2]
            return at(repo), at(repo + ["rdf-graphs", "service"])
    # Virtuoso: /sparql-auth and /sparql-graph-crud-auth (digest authentication), or the
    # unauthenticated /sparql-graph-crud (a bare /sparql could be any server: not guessed)
    if len(segs) == 1 and segs[0] in ("sparql-auth", "sparql-graph-crud-auth"):
        return at(["sparql-auth"]), at(["sparql-graph-crud-auth"])
    if segs == ["sparql-graph-crud"]:
        return at(["sparql"]), at(["sparql-graph-crud"])
    # Oxigraph: the server root, /query, /store or /update
    if not segs or (len(segs) == 1 and segs[0] in ("query", "store", "update")):
        return at(["query"]), at(["store"])
    # Fuseki: /<dataset>/<service>
    if len(segs) >= 2 and segs[-1] in ("sparql", "query", "data", "get", "update"):
        ds = segs[:-1]
        query = segs[-1] if segs[-1] in ("sparql", "query") else "sparql"
        return at(ds + [query]), at(ds + ["data"])
    raise RemoteError(f"cannot tell the query and Graph Store endpoints of {safe_url(url)} "
                      "(known: Oxigraph, Fuseki, GraphDB/RDF4J, Virtuoso); give --store-endpoint URL")


def query_url_for(url: str) -> str:
    """The query endpoint for ``url``: derived where the layout is known, else ``url`` itself."""
    url = check_url(url)
    try:
        return derive_endpoints(url)[0]
    except RemoteError:
        return url


# ---------------------------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Auth:
    """Credentials for a server. ``repr``/``str`` show only the scheme and where they came from.

    >>> Auth.bearer("abc", source="CAGRAPH_TOKEN")
    Auth(bearer from CAGRAPH_TOKEN)
    """

    scheme: str  # "bearer", "basic" or "none"
    source: str  # where the credentials came from; safe to print
    _secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def bearer(cls, token: str, *, source: str = "the caller") -> "Auth":
        token = token.strip()
        _check_header_safe(token, source, ascii_only=True)
        return cls("bearer", source, (token,))

    @classmethod
    def basic(cls, user: str, password: str, *, source: str = "the caller") -> "Auth":
        _check_header_safe(user, source)
        _check_header_safe(password, source)
        if ":" in user:
            raise RemoteError(f"the user name from {source} contains ':', which HTTP basic auth cannot send")
        return cls("basic", source, (user, password))

    def header(self) -> Optional[str]:
        """The value of the ``Authorization`` header (None for no credentials)."""
        if self.scheme == "bearer":
            return "Bearer " + self._secrets[0]
        if self.scheme == "basic":
            raw = f"{self._secrets[0]}:{self._secrets[1]}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None

    def scrub(self, text: str) -> str:
        """``text`` with every form of the secret replaced by ``***`` (defence in depth)."""
        secrets = [s for s in self._secrets if s]
        h = self.header()
        if h:
            secrets.append(h.split(" ", 1)[1])
        # a server's error page may echo them encoded: URL-encoded, JSON- or HTML-escaped
        for s in list(secrets):
            secrets += [urllib.parse.quote(s, safe=""), urllib.parse.quote(s), urllib.parse.quote_plus(s),
                        json.dumps(s)[1:-1], json.dumps(s, ensure_ascii=False)[1:-1], html.escape(s)]
        for s in sorted(set(secrets), key=len, reverse=True):
            if len(s) >= 3:
                text = text.replace(s, "***")
        return text

    def __repr__(self) -> str:
        return f"Auth({self.scheme} from {self.source})"

    __str__ = __repr__


NO_AUTH = Auth("none", "nowhere")


def _check_header_safe(value: str, source: str, *, ascii_only: bool = False) -> None:
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise RemoteError(f"the credentials from {source} contain a control character (a line break?)")
    if ascii_only and not value.isascii():
        raise RemoteError(f"the token from {source} contains non-ASCII characters")


def auth_from_env(url: str, *, environ: Optional[Mapping[str, str]] = None) -> Optional[Auth]:
    """Credentials for ``url`` from the environment, or None.

    In order: ``CAGRAPH_TOKEN`` (bearer token); ``CAGRAPH_USER`` + ``CAGRAPH_PASSWORD`` (basic);
    the ``machine`` (or ``default``) entry for the URL's host in ``$NETRC`` or ``~/.netrc``
    (basic). Never from the command line, so they do not end up in shell history or ``ps``.

    >>> auth_from_env("http://localhost:7878", environ={"CAGRAPH_TOKEN": "t0ken", "NETRC": "/nonexistent"})
    Auth(bearer from CAGRAPH_TOKEN)
    >>> auth_from_env("http://localhost:7878", environ={"NETRC": "/nonexistent"}) is None
    True
    """
    env = os.environ if environ is None else environ
    token = env.get("CAGRAPH_TOKEN", "")
    if token.strip():
        return Auth.bearer(token, source="CAGRAPH_TOKEN")
    user, password = env.get("CAGRAPH_USER") or None, env.get("CAGRAPH_PASSWORD")
    if user and password is not None:
        return Auth.basic(user, password, source="CAGRAPH_USER/CAGRAPH_PASSWORD")
    if user:
        raise RemoteError("CAGRAPH_USER is set but CAGRAPH_PASSWORD is not")
    if password:
        raise RemoteError("CAGRAPH_PASSWORD is set but CAGRAPH_USER is not")
    path = Path(env["NETRC"]) if env.get("NETRC") else Path(env.get("HOME") or Path.home()) / ".netrc"
    if not path.is_file():
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token from the file: print only where it failed.
        raise RemoteError(f"{path}:{exc.lineno}: cannot parse this netrc file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RemoteError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
    if not entry:
        return None
    login, _account, password = entry
    if not login or not password:
        return None
    return Auth.basic(login, password, source=f"{path}")


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are reported, not followed: a POSTed query would be lost (it becomes a GET),
    and credentials must not follow the request to another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class _Response:
    status: int
    content_type: str  # lower-case media type without parameters ("" if none)
    body: bytes
    max_rows: Optional[str] = None  # Virtuoso's X-SPARQL-MaxRows: the answer was cut at this many rows


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _body_excerpt(body: bytes, content_type: str) -> str:
    """The first meaningful line of an error body (tags stripped from HTML)."""
    text = body[:8192].decode("utf-8", errors="replace")
    if "html" in content_type or text.lstrip()[:1] == "<":
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?s)<[^>]*>", "\n", text)
        text = html.unescape(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    # Virtuoso breaks its messages after "Error SQ074: Line 41:"; keep the line that says what
    if lines[0].rstrip().endswith(":") and len(lines) > 1:
        return _one_line(lines[0] + " " + lines[1])
    return _one_line(lines[0])


class _DigestChallenge(RemoteError):
    """A 401 answer that asks for HTTP digest authentication (``params``: the challenge)."""

    def __init__(self, message: str, params: dict[str, str]):
        super().__init__(message)
        self.params = params


_DIGEST_LOCK = threading.Lock()
# (scheme, host:port, user) -> the server's last digest challenge, plus "nc" (requests sent with it)
_DIGEST_STATE: dict[tuple[str, str, str], dict[str, Any]] = {}


def _parse_challenges(values: Sequence[str]) -> Optional[dict[str, str]]:
    """The parameters of the first ``Digest`` challenge among ``WWW-Authenticate`` values.

    >>> _parse_challenges(['Digest realm="SPARQL", nonce="ab,c", qop="auth", algorithm="MD5"'])
    {'realm': 'SPARQL', 'nonce': 'ab,c', 'qop': 'auth', 'algorithm': 'MD5'}
    >>> _parse_challenges(['Basic realm="x"']) is None
    True
    """
    for value in values:
        m = re.search(r"(?i)(?:^|,)\s*digest\s+(.*)$", value or "")
        if not m:
            continue
        pairs = re.findall(r'([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))', m.group(1))
        params = {k.lower(): re.sub(r"\\(.)", r"\1", quoted) if quoted else token for k, quoted, token in pairs}
        if params.get("nonce") is not None and params.get("realm") is not None:
            return params
    return None


def _digest_header(auth: Auth, method: str, url: str, state: dict[str, Any]) -> Optional[str]:
    """An ``Authorization: Digest`` value for one request (RFC 7616), or None if the challenge
    uses an algorithm or qop we do not speak. Increments the nonce count in ``state``."""
    import hashlib
    import secrets

    algorithm = (state.get("algorithm") or "MD5").upper()
    hashes = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}
    if algorithm not in hashes or auth.scheme != "basic":
        return None
    qops = [q.strip() for q in (state.get("qop") or "").split(",") if q.strip()]
    if qops and "auth" not in qops:
        return None  # auth-int (a hash of the body) only: not supported

    def h(text: str) -> str:
        return hashes[algorithm](text.encode("utf-8")).hexdigest()

    user, password = auth._secrets
    parts = urllib.parse.urlsplit(url)
    uri = parts.path or "/"
    if parts.query:
        uri += "?" + parts.query
    realm, nonce = state["realm"], state["nonce"]
    state["nc"] = nc = state.get("nc", 0) + 1
    cnonce = secrets.token_hex(8)
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    if qops:
        response = h(f"{ha1}:{nonce}:{nc:08x}:{cnonce}:auth:{ha2}")
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")

    def quoted(v: str) -> str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'

    fields = [f"username={quoted(user)}", f"realm={quoted(realm)}", f"nonce={quoted(nonce)}", f"uri={quoted(uri)}",
              f"response={quoted(response)}", f"algorithm={state.get('algorithm') or 'MD5'}"]
    if qops:
        fields += ["qop=auth", f"nc={nc:08x}", f"cnonce={quoted(cnonce)}"]
    if state.get("opaque") is not None:
        fields.append(f"opaque={quoted(state['opaque'])}")
    return "Digest " + ", ".join(fields)


def _digest_key(url: str, auth: Auth) -> tuple[str, str, str]:
    parts = urllib.parse.urlsplit(url)
    return (parts.scheme, parts.netloc.lower(), auth._secrets[0] if auth._secrets else "")


def _is_virtuoso_store(url: str) -> bool:
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] in ("sparql-graph-crud", "sparql-graph-crud-auth")


def _challenge_first(url: str) -> bool:
    """True for Virtuoso's authenticated endpoints (``/sparql-auth``, ``/sparql-graph-crud-auth``):
    they answer a pre-emptive Basic header with a bare 401 (no challenge) and accept only digest
    authentication, so the password is never sent there in the clear."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] in ("sparql-auth", "sparql-graph-crud-auth")


def _http(method: str, url: str, *, body: Optional[bytes] = None, content_type: Optional[str] = None,
          accept: Optional[str] = None, timeout: float, auth: Optional[Auth]) -> _Response:
    """One HTTP request. Returns 2xx responses; raises RemoteError (one line) for anything else.

    ``timeout`` bounds the connection, the wait for the answer and the whole download (of each
    exchange). User and password are sent with HTTP basic authentication, or with digest
    authentication (RFC 7616) where the server asks for it: a 401 with a ``Digest`` challenge
    is answered once, and the challenge is kept for the server's later requests (nonce count
    incremented). On Virtuoso's ``…-auth`` endpoints the challenge is fetched first with a
    bodiless ``HEAD``, so neither the password nor a large body is sent in vain.
    """
    challenge_first = _challenge_first(url)

    def probe(authorization: Any) -> None:
        """A bodiless HEAD that raises a refusal (401/403) clearly: Virtuoso closes the connection
        on a refused request without reading its body, which would show up as a broken pipe."""
        try:
            _exchange("HEAD", url, timeout=timeout, auth=auth, authorization=authorization)
        except RemoteError as exc:
            if getattr(exc, "status", None) in (401, 403):
                raise RemoteError(str(exc)) from None

    if auth is None or auth.scheme != "basic":
        if challenge_first and body:
            probe(_FROM_AUTH)
        return _exchange(method, url, body=body, content_type=content_type, accept=accept, timeout=timeout, auth=auth)
    key = _digest_key(url, auth)
    with _DIGEST_LOCK:
        state = _DIGEST_STATE.get(key)
        authorization = _digest_header(auth, method, url, state) if state else None
    if authorization is None and challenge_first:
        try:
            _exchange("HEAD", url, timeout=timeout, auth=auth, authorization="")
        except _DigestChallenge as ch:
            with _DIGEST_LOCK:
                state = _DIGEST_STATE[key] = dict(ch.params)
                check = _digest_header(auth, "HEAD", url, state) if body else None  # nonce count 1, then 2
                authorization = _digest_header(auth, method, url, state)
            if check:
                probe(check)  # wrong credentials: one clear 401 instead of a broken pipe
        except RemoteError:
            pass  # no challenge: the request itself will tell
    for attempt in range(2):
        try:
            return _exchange(method, url, body=body, content_type=content_type, accept=accept, timeout=timeout,
                             auth=auth, authorization=_FROM_AUTH if authorization is None else authorization)
        except _DigestChallenge as ch:
            stale = (ch.params.get("stale") or "").lower() == "true"
            if attempt or (authorization or "").startswith("Digest ") and not stale:
                # digest credentials were refused (not merely an expired nonce)
                raise RemoteError(str(ch)) from None
            with _DIGEST_LOCK:
                state = _DIGEST_STATE[key] = dict(ch.params)
                authorization = _digest_header(auth, method, url, state)
            if authorization is None:
                raise RemoteError(f"{ch} (the server asks for a digest algorithm cagraph does not speak: "
                                  f"{_one_line(ch.params.get('algorithm', '?'), 20)})") from None
    raise AssertionError("unreachable")


_FROM_AUTH = object()


def _exchange(method: str, url: str, *, body: Optional[bytes] = None, content_type: Optional[str] = None,
              accept: Optional[str] = None, timeout: float, auth: Optional[Auth],
              authorization: Any = _FROM_AUTH) -> _Response:
    """One HTTP exchange (see :func:`_http`). ``authorization``: the header value to send
    (default: from ``auth``; "" or None: none)."""
    shown = safe_url(url)
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("User-Agent", _user_agent())
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    header = (auth.header() if auth else None) if authorization is _FROM_AUTH else (authorization or None)
    if header:
        req.add_unredirected_header("Authorization", header)
    log.debug("%s %s (%d bytes%s)", method, shown, len(body or b""), f", credentials from {auth.source}" if header else "")
    deadline = time.monotonic() + timeout
    t0 = time.perf_counter()

    def fail(message: str) -> RemoteError:
        return RemoteError(auth.scrub(message) if auth else message)

    def timed_out() -> RemoteError:
        return fail(f"{shown}: timed out after {timeout:g} s (--timeout)")

    def answered(status: int, content_type: str, body: bytes) -> None:  # the --verbose line of an answer
        log.debug("%s %s -> HTTP %d %s, %d bytes in %.3f s", method, shown, status, content_type or "-", len(body),
                  time.perf_counter() - t0)

    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            chunks = []
            for _ in range(1 << 30):  # bounded: ends at EOF or at the deadline
                if time.monotonic() > deadline:
                    raise timed_out()
                data = resp.read(1 << 16)
                if not data:
                    break
                chunks.append(data)
            result = _Response(resp.status, resp.headers.get_content_type() if resp.headers.get("Content-Type") else "",
                               b"".join(chunks), resp.headers.get("X-SPARQL-MaxRows"))
    except urllib.error.HTTPError as exc:
        status = exc.code
        ctype = exc.headers.get_content_type() if exc.headers and exc.headers.get("Content-Type") else ""
        try:
            err_body = exc.read(65536) if exc.fp is not None else b""
        except (OSError, http.client.HTTPException):
            err_body = b""
        finally:
            exc.close()
        answered(status, ctype, err_body)
        reason = _one_line(str(exc.reason or http.client.responses.get(status, "")), 60)
        if 300 <= status < 400:
            where = exc.headers.get("Location", "") if exc.headers else ""
            raise fail(f"{shown} answered HTTP {status} {reason}: it redirects to "
                       f"{safe_url(where) or 'another address'}; use that URL") from None
        message = f"{shown} answered HTTP {status} {reason}"
        excerpt = _body_excerpt(err_body, ctype)
        if excerpt and excerpt.lower() != reason.lower():
            message += f": {excerpt}"
        challenge = (_parse_challenges(exc.headers.get_all("WWW-Authenticate") or []) if status == 401 and auth
                     and auth.scheme == "basic" and exc.headers else None)
        if status in (401, 403):
            message += (f" (credentials from {auth.source} were not accepted)" if header else
                        " (set CAGRAPH_TOKEN, or CAGRAPH_USER and CAGRAPH_PASSWORD, or add the host to ~/.netrc)")
        err = _DigestChallenge(auth.scrub(message) if auth else message, challenge) if challenge is not None \
            else fail(message)
        err.status = status  # type: ignore[attr-defined]
        raise err from None
    except urllib.error.URLError as exc:
        raise fail(_describe_os_error(shown, exc.reason, timeout)) from None
    except (TimeoutError, socket.timeout):
        raise timed_out() from None
    except http.client.RemoteDisconnected:
        raise fail(f"{shown} closed the connection without answering; is it an HTTP server?") from None
    except http.client.BadStatusLine:
        raise fail(f"{shown} is not a SPARQL endpoint (it does not speak HTTP)") from None
    except (http.client.HTTPException, OSError) as exc:
        raise fail(_describe_os_error(shown, exc, timeout)) from None
    except ValueError as exc:  # malformed URL that got past check_url
        raise fail(f"{shown}: not a valid URL ({_one_line(str(exc), 80)})") from None
    answered(result.status, result.content_type, result.body)
    return result


def _describe_os_error(shown: str, reason: Any, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"{shown}: timed out after {timeout:g} s (--timeout)"
    if isinstance(reason, socket.gaierror):
        host = urllib.parse.urlsplit(shown).hostname or shown
        return f"cannot reach {shown}: unknown host {host!r}"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach {shown}: connection refused (is the server running?)"
    import ssl

    if isinstance(reason, ssl.SSLError):
        return f"TLS error talking to {shown}: {_one_line(str(reason.reason or reason), 120)}"
    if isinstance(reason, ConnectionResetError):
        return f"{shown} reset the connection without answering"
    if isinstance(reason, OSError):
        text = reason.strerror or type(reason).__name__
        return f"cannot reach {shown}: {_one_line(str(text), 120)}"
    if isinstance(reason, http.client.IncompleteRead):
        return f"{shown} closed the connection in the middle of its answer"
    if isinstance(reason, http.client.HTTPException):
        return f"{shown} is not a SPARQL endpoint ({type(reason).__name__})"
    return f"cannot reach {shown}: {_one_line(str(reason), 120)}"


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------
class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint as a cagraph engine.

    ``endpoint`` may be the query URL or any URL :func:`derive_endpoints` understands (an
    Oxigraph server root ``http://host:7878`` becomes ``…/query``). ``timeout`` (seconds) bounds
    each request. ``auth=None`` looks up credentials with :func:`auth_from_env`; pass
    :data:`NO_AUTH` to send none. ``default_graphs`` are sent as ``default-graph-uri``.

    >>> RemoteEngine("http://127.0.0.1:7878").endpoint
    'http://127.0.0.1:7878/query'
    """

    name = "remote"

    def __init__(self, endpoint: str, *, timeout: float = DEFAULT_TIMEOUT, auth: Optional[Auth] = None,
                 default_graphs: Sequence[str] = ()):
        self.endpoint = query_url_for(endpoint)
        if not isinstance(timeout, (int, float)) or not timeout > 0 or timeout != timeout:
            raise RemoteError(f"timeout must be a positive number of seconds, not {timeout!r}")
        self.timeout = float(timeout)
        self.auth = auth_from_env(self.endpoint) if auth is None else auth
        self.default_graphs = [check_iri(g, what="default graph") for g in default_graphs]

    def __repr__(self) -> str:
        return f"RemoteEngine({safe_url(self.endpoint)!r}, timeout={self.timeout:g}, auth={self.auth!r})"

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult:
        form = query_form(text, allow_service=allow_service)  # refuses updates before any request
        # "query via URL-encoded POST" of the SPARQL 1.1 Protocol, which every server speaks
        # (Virtuoso 7 never answers a POST of application/sparql-query: docs/remote.md)
        params = [("query", text)] + [("default-graph-uri", g) for g in self.default_graphs]
        resp = _http("POST", self.endpoint, body=urllib.parse.urlencode(params).encode("ascii"), content_type=FORM,
                     accept=_ACCEPT[form], timeout=self.timeout, auth=self.auth)
        try:
            result = self._graph(resp) if form == "construct" else self._results(resp, form)
        except RemoteError as exc:
            raise RemoteError(self.auth.scrub(str(exc)) if self.auth else str(exc)) from None
        if resp.max_rows is not None:
            # Virtuoso cuts every answer at ResultSetMaxRows (10000 by default) and says so only in
            # this header (also when the answer has exactly that many rows: then it cannot be told
            # from a cut one). A partial answer is an error, never rows reported as complete.
            try:
                limit = int(resp.max_rows.strip())
            except ValueError:
                limit = 0
            if len(result.rows or result.triples or []) >= limit:
                raise RemoteError(f"{safe_url(self.endpoint)} cut its answer at {_one_line(resp.max_rows, 20)} rows "
                                  "(Virtuoso's ResultSetMaxRows in virtuoso.ini [SPARQL]); raise it, or page the "
                                  "query with LIMIT and OFFSET")
        return result

    # -- decoding ---------------------------------------------------------------------------
    def _not_sparql(self, resp: _Response, detail: str = "") -> RemoteError:
        got = resp.content_type or "no content type"
        return RemoteError(f"{safe_url(self.endpoint)} is not a SPARQL endpoint (got {got}{detail})")

    def _results(self, resp: _Response, form: str) -> QueryResult:
        if resp.content_type not in (SPARQL_JSON, "application/json"):
            raise self._not_sparql(resp)
        try:
            doc = json.loads(resp.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._not_sparql(resp, " that is not valid JSON") from None
        if not isinstance(doc, dict) or ("boolean" not in doc and not isinstance(doc.get("results"), dict)):
            raise self._not_sparql(resp, " that is not SPARQL results")
        if "boolean" in doc:
            if form != "ask" or not isinstance(doc["boolean"], bool):
                raise self._not_sparql(resp, " with a boolean answer to a SELECT query")
            return QueryResult("ask", boolean=doc["boolean"])
        head = doc.get("head") if isinstance(doc.get("head"), dict) else {}
        variables = head.get("vars", [])
        bindings = doc["results"].get("bindings", [])
        if form != "select" or not isinstance(variables, list) or not isinstance(bindings, list):
            raise self._not_sparql(resp, " that is not SPARQL SELECT results")
        try:
            rows = [tuple(Term.from_json(b[v]) if v in b else None for v in variables) for b in bindings]
        except (KeyError, TypeError, AttributeError):
            raise self._not_sparql(resp, " with malformed bindings") from None
        except ValueError as exc:  # e.g. RDF-star "triple" terms
            raise RemoteError(f"{safe_url(self.endpoint)}: unsupported result term ({_one_line(str(exc), 80)})") from None
        return QueryResult("select", variables=[str(v) for v in variables], rows=rows)

    def _graph(self, resp: _Response) -> QueryResult:
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_media_type(resp.content_type) if resp.content_type else None
        if fmt is None or "html" in resp.content_type:
            raise self._not_sparql(resp)
        try:
            quads = list(ox.parse(resp.body, format=fmt))
        except (SyntaxError, ValueError, OSError) as exc:
            raise self._not_sparql(resp, f" that does not parse: {_one_line(str(exc), 100)}") from None
        # A graph is a set: servers may repeat triples (Oxigraph does for CONSTRUCT); sort like rdflib.
        triples = sorted({(Term.from_oxigraph(q.subject), Term.from_oxigraph(q.predicate), Term.from_oxigraph(q.object))
                          for q in quads})
        return QueryResult("construct", triples=triples)


# ---------------------------------------------------------------------------------------------
# push
# ---------------------------------------------------------------------------------------------
@dataclass
class PushReport:
    """What :func:`push` did. ``graph`` is the target graph IRI, None for the default graph."""

    triples_sent: int
    server_count: int
    seconds: float
    graph: Optional[str]
    chunks: int = 0
    store_endpoint: str = ""  # printable (no credentials)
    query_endpoint: str = ""

    @property
    def ok(self) -> bool:
        return self.server_count == self.triples_sent


def _chunks(triples: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Chunks of at most ``size`` triples (always at least one, possibly empty).

    Blank-node labels are scoped to one request, so triples that share blank nodes (an OWL
    restriction, an RDF list) must travel in the same chunk: they are grouped into connected
    components, each sent whole (a component larger than ``size`` is sent as one larger chunk).
    """
    import pyoxigraph as ox

    buf: list[Any] = []
    with_bnodes: list[Any] = []
    sent_any = False
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            with_bnodes.append(t)
            continue
        buf.append(t)
        if len(buf) >= size:
            yield buf
            sent_any = True
            buf = []
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def labels(t: Any) -> list[str]:
        return [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]

    for t in with_bnodes:
        ls = labels(t)
        for other in ls[1:]:
            parent[find(other)] = find(ls[0])
        find(ls[0])
    components: dict[str, list[Any]] = {}
    for t in with_bnodes:
        components.setdefault(find(labels(t)[0]), []).append(t)
    for comp in components.values():
        if buf and len(buf) + len(comp) > size:
            yield buf
            sent_any = True
            buf = []
        buf.extend(comp)
    if buf or not sent_any:
        yield buf


def push(*, store_endpoint: str, graph: Optional[str] = None, inferred: bool = False,
         chunk_triples: int = 50_000, timeout: float = DEFAULT_TIMEOUT, auth: Optional[Auth] = None,
         progress: Optional[Callable[[int, int], None]] = None, query_endpoint: Optional[str] = None,
         files: Optional[Iterable[Path]] = None) -> PushReport:
    """Load the compiled graph into a server with the SPARQL 1.1 Graph Store HTTP Protocol.

    Sends the asserted triples (plus the OWL-RL entailments with ``inferred=True``) to
    ``store_endpoint`` as N-Triples into ``graph`` (an IRI; None for the default graph). The
    first chunk is a ``PUT``, which replaces the target graph, the others are ``POST``s that add
    to it: running ``push`` again replaces the graph and never duplicates triples. Afterwards the
    triples in the target graph are counted with a SPARQL ``COUNT`` on ``query_endpoint``
    (default: derived from ``store_endpoint``, see :func:`derive_endpoints`).

    ``progress(sent, total)`` is called after every chunk. ``auth=None`` takes credentials from
    the environment (:func:`auth_from_env`). If a chunk fails, the RemoteError says how much of
    the graph had arrived; the graph on the server is then incomplete until ``push`` is re-run.
    """
    import pyoxigraph as ox

    from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH
    from cagraph.build.store import open_store

    store_url = check_url(store_endpoint, what="store endpoint")
    if query_endpoint is None:
        try:
            query_url = derive_endpoints(store_url)[0]
        except RemoteError:
            raise RemoteError(f"cannot tell the query endpoint that belongs to {safe_url(store_url)}; "
                              "give it (--endpoint URL)") from None
    else:
        query_url = check_url(query_endpoint)
    if graph is not None:
        check_iri(graph, what="--graph")
    elif _is_virtuoso_store(store_url):
        raise RemoteError(f"{safe_url(store_url)}: Virtuoso's Graph Store cannot write its default graph (a query's "
                          "default graph there is the union of all graphs); give --graph IRI and query with "
                          "default-graph-uri=IRI (docs/remote.md)")
    if not isinstance(chunk_triples, int) or chunk_triples < 1:
        raise RemoteError(f"chunk size must be a positive number of triples, not {chunk_triples!r}")
    if not timeout > 0:
        raise RemoteError(f"timeout must be a positive number of seconds, not {timeout!r}")
    store_auth = auth_from_env(store_url) if auth is None else auth
    engine = RemoteEngine(query_url, timeout=timeout, auth=auth_from_env(query_url) if auth is None else auth)

    t0 = time.perf_counter()
    store, _info = open_store(files, quiet=True)
    sources = [ox.NamedNode(ASSERTED_GRAPH)] + ([ox.NamedNode(INFERRED_GRAPH)] if inferred else [])

    def triples() -> Iterator[Any]:
        for g in sources:
            for q in store.quads_for_pattern(None, None, None, g):
                yield q.triple

    total = sum(1 for _ in triples())
    target = [("graph", graph)] if graph is not None else [("default", None)]
    url = _with_query(store_url, target)
    sent = n_chunks = 0
    if progress:
        progress(0, total)
    for chunk in _chunks(triples(), chunk_triples):
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        method = "PUT" if n_chunks == 0 else "POST"
        try:
            _http(method, url, body=body, content_type=N_TRIPLES, accept="*/*", timeout=timeout, auth=store_auth)
        except RemoteError as exc:
            if n_chunks:
                raise RemoteError(f"{exc}; push stopped after {sent} of {total} triples, so the graph on the "
                                  "server is incomplete: run push again") from None
            raise
        n_chunks += 1
        sent += len(chunk)
        log.info("%s %d triples to %s (%d/%d)", method, len(chunk), safe_url(url), sent, total)
        if progress:
            progress(sent, total)

    if graph is None:
        count_q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    else:
        count_q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).sparql()} {{ ?s ?p ?o }} }}"
    res = engine.query(count_q)
    try:
        server_count = int(res.rows[0][0].value)  # type: ignore[union-attr]
    except (IndexError, AttributeError, TypeError, ValueError):
        raise RemoteError(f"{safe_url(query_url)} did not answer the COUNT query with a number") from None
    return PushReport(sent, server_count, time.perf_counter() - t0, graph, n_chunks, safe_url(store_url), safe_url(query_url))
