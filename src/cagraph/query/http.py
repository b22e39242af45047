"""HTTP for the remote engine and ``push``: httpx, held to cagraph's safety rules.

The requests are made by `httpx <https://www.python-httpx.org/>`_ (one :class:`httpx.Client`
per engine or per push, see :class:`HttpClient`), including its ``BasicAuth`` and ``DigestAuth``.
What this module adds is policy, not protocol:

* **Credentials** come only from the environment (``CAGRAPH_TOKEN``; ``CAGRAPH_USER`` +
  ``CAGRAPH_PASSWORD``) or from ``~/.netrc`` (``$NETRC``), see :func:`auth_from_env`; never from
  the command line or a URL (:func:`check_url` refuses ``user:password@``). A user and password
  go as HTTP basic, or as digest where the server asks for it. Virtuoso's ``…-auth`` endpoints
  refuse basic, so there digest is used from the start, after a bodiless ``HEAD`` that fetches
  the challenge: the password never travels in the clear and a large body is not sent in vain
  (``httpx.DigestAuth`` alone would send the whole body once unauthenticated to get the challenge).
* **Redirects are not followed** (``follow_redirects=False``): a redirected ``POST`` would lose the
  query, and credentials must not travel to another host. A 3xx is an error naming its target.
* **Timeouts**: ``timeout`` bounds connecting, each read and write, and the whole download.
* **Errors** are one :class:`cagraph.errors.RemoteError` line. URLs are printed with
  :func:`safe_url`, and every message (a server's error page included) is scrubbed of every form
  of the secret with :meth:`Auth.scrub` *before* it is cut to length. The ``--verbose`` log
  (logger ``cagraph.query.http``) names each request, where its credentials came from and its
  answer, never the credentials.

>>> safe_url("https://alice:s3cret@example.org/ds/sparql")
'https://example.org/ds/sparql'
>>> with_query("http://h/store", [("graph", "http://g/1")])
'http://h/store?graph=http%3A%2F%2Fg%2F1'
"""
from __future__ import annotations

import base64
import functools
import html
import json
import logging
import netrc
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence

import httpx

from cagraph.errors import RemoteError

log = logging.getLogger("cagraph.query.http")

# httpcore's DEBUG log prints every response header verbatim, a redirect's Location too, which a
# hostile server may fill with an echoed token: keep it quiet unless someone configured it.
if logging.getLogger("httpcore").level == logging.NOTSET:
    logging.getLogger("httpcore").setLevel(logging.INFO)

DEFAULT_TIMEOUT = 30.0
ERROR_BODY_BYTES = 65536  # read at most this much of an error page


def user_agent() -> str:
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


def with_query(url: str, params: Sequence[tuple[str, Optional[str]]]) -> str:
    """Append URL query parameters; a value of None gives a bare key (``?default``)."""
    if not params:
        return url
    encoded = "&".join(urllib.parse.quote(k, safe="-_.") if v is None
                       else f"{urllib.parse.quote(k, safe='-_.')}={urllib.parse.quote(v, safe='')}"
                       for k, v in params)
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + encoded


def _last_segment(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def is_virtuoso_store(url: str) -> bool:
    """True for Virtuoso's Graph Store endpoints (``/sparql-graph-crud``, ``…-auth``)."""
    return _last_segment(url) in ("sparql-graph-crud", "sparql-graph-crud-auth")


def digest_only(url: str) -> bool:
    """True for Virtuoso's authenticated endpoints (``/sparql-auth``, ``/sparql-graph-crud-auth``):
    they answer a pre-emptive Basic header with a bare 401 (no challenge) and accept only digest
    authentication, so the password is never sent there in the clear."""
    return _last_segment(url) in ("sparql-auth", "sparql-graph-crud-auth")


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
        """The value of a pre-emptive ``Authorization`` header (None for no credentials)."""
        if self.scheme == "bearer":
            return "Bearer " + self._secrets[0]
        if self.scheme == "basic":
            raw = f"{self._secrets[0]}:{self._secrets[1]}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None

    def httpx_auth(self) -> Optional[httpx.Auth]:
        """The ``httpx.Auth`` that sends these credentials (a new one, with its own digest state)."""
        if self.scheme == "bearer":
            return _Bearer(self.header() or "")
        if self.scheme == "basic":
            return _UserPassword(*self._secrets)
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
    return _from_netrc(path, urllib.parse.urlsplit(url).hostname or "") if path.is_file() else None


def _from_netrc(path: Path, host: str) -> Optional[Auth]:
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


class _Bearer(httpx.Auth):
    def __init__(self, value: str):
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = self._value
        yield request


def _asks_for_digest(response: httpx.Response) -> bool:
    return response.status_code == 401 and any(
        v.lower().startswith("digest ") for v in response.headers.get_list("www-authenticate"))


class _UserPassword(httpx.Auth):
    """``httpx.BasicAuth``, switching to ``httpx.DigestAuth`` for good once the server answers
    401 with a ``Digest`` challenge; digest from the start on :func:`digest_only` endpoints.

    The switch hands the 401 already received to the digest flow (through the generator protocol
    of ``httpx.Auth.auth_flow``), so it costs one request, not two."""

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._use_digest = False

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        try:
            if self._use_digest or digest_only(str(request.url)):
                yield from self._digest.auth_flow(request)
                return
            response = yield next(self._basic.auth_flow(request))
            if not _asks_for_digest(response):
                return
            self._use_digest = True
            del request.headers["Authorization"]
            flow = self._digest.auth_flow(request)
            next(flow)  # the request as DigestAuth sends it first (no challenge yet) ...
            yield flow.send(response)  # ... and its answer: the 401 with the challenge
        except StopIteration:
            return
        except (KeyError, NotImplementedError, httpx.ProtocolError):
            # an algorithm (KeyError), auth-int or a challenge that httpx.DigestAuth does not speak
            raise RemoteError(f"{safe_url(str(request.url))} answered HTTP 401 and asks for a kind of digest "
                              "authentication that cagraph does not speak (it speaks MD5, SHA-256 and SHA-512, qop=auth)") from None


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
@dataclass
class Response:
    """An answer, read whole (an error page: its first 64 KiB)."""

    status: int
    content_type: str  # lower-case media type without parameters ("" if none)
    body: bytes
    max_rows: Optional[str] = None  # Virtuoso's X-SPARQL-MaxRows: the answer was cut at this many rows
    reason: str = ""
    location: str = ""  # of a redirect
    authorized: bool = False  # the (last) request carried credentials


class _Deadline(Exception):
    """The whole download took longer than the timeout."""


class _Answering(Exception):
    """A transport error after the status line: the server stopped in the middle of its answer."""

    def __init__(self, exc: Exception):
        self.exc = exc


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def media_type(value: Optional[str]) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return (value or "").split(";", 1)[0].strip().lower()


class HttpClient:
    """One ``httpx.Client`` for one engine or one push (connections are kept alive between its
    requests, and so is the digest challenge). See the module docstring for the rules it keeps.

    ``request()`` returns 2xx answers and raises :class:`RemoteError` (one line, scrubbed) for
    anything else. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, auth: Optional[Auth] = None):
        self.timeout = float(timeout)
        self.auth = auth
        self._client: Optional[httpx.Client] = None
        self._probed: set[str] = set()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def scrub(self, text: str) -> str:
        return self.auth.scrub(text) if self.auth else text

    def _fail(self, message: str) -> RemoteError:
        return RemoteError(self.scrub(message))

    def _httpx(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                auth=self.auth.httpx_auth() if self.auth else None, follow_redirects=False,
                timeout=httpx.Timeout(self.timeout), headers={"User-Agent": user_agent()}, verify=_tls_context(),
                event_hooks={"request": [self._log_request]})
        return self._client

    def _log_request(self, request: httpx.Request) -> None:
        sent = f", credentials from {self.auth.source}" if self.auth and "authorization" in request.headers else ""
        log.debug("%s %s (%d bytes%s)", request.method, safe_url(str(request.url)),
                  int(request.headers.get("content-length") or 0), sent)

    # -- the request ------------------------------------------------------------------------
    def request(self, method: str, url: str, *, body: Optional[bytes] = None, content_type: Optional[str] = None,
                accept: Optional[str] = None) -> Response:
        """One request (with the exchanges its authentication needs); a 2xx :class:`Response`."""
        if body and digest_only(url) and url not in self._probed:
            self._probe(url)
        headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
        resp = self._send(method, url, body=body, headers=headers)
        if not 200 <= resp.status < 300:
            raise self._status_error(url, resp)
        return resp

    def _probe(self, url: str) -> None:
        """A bodiless HEAD first, on Virtuoso's ``…-auth`` endpoints: it fetches the digest
        challenge (reused by the request that follows), and a refusal (401/403) becomes one clear
        line, where Virtuoso would close the connection on the refused body (a broken pipe)."""
        resp = self._send("HEAD", url)
        if resp.status in (401, 403):
            raise self._status_error(url, resp)
        self._probed.add(url)

    def _send(self, method: str, url: str, *, body: Optional[bytes] = None,
              headers: Optional[dict[str, str]] = None) -> Response:
        shown = safe_url(url)
        deadline = time.monotonic() + self.timeout
        try:
            with self._httpx().stream(method, url, content=body, headers=headers) as r:
                data = _read(r, deadline)
        except _Deadline:
            raise self._fail(f"{shown}: timed out after {self.timeout:g} s (--timeout)") from None
        except _Answering as exc:
            raise self._fail(_transport_failure(exc.exc, shown, self.timeout, answering=True)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise self._fail(_transport_failure(exc, shown, self.timeout)) from None
        for earlier in r.history:
            _log_answer(earlier, len(earlier.content))
        _log_answer(r, len(data))
        return Response(r.status_code, media_type(r.headers.get("content-type")), data,
                        r.headers.get("x-sparql-maxrows"), r.reason_phrase, r.headers.get("location", ""),
                        "authorization" in r.request.headers)

    def _status_error(self, url: str, resp: Response) -> RemoteError:
        shown = safe_url(url)
        reason = one_line(self.scrub(resp.reason or httpx.codes.get_reason_phrase(resp.status)), 60)
        if 300 <= resp.status < 400:
            return self._fail(f"{shown} answered HTTP {resp.status} {reason}: it redirects to "
                              f"{safe_url(resp.location) or 'another address'}; use that URL")
        message = f"{shown} answered HTTP {resp.status} {reason}"
        excerpt = body_excerpt(resp.body, resp.content_type, scrub=self.scrub)
        if excerpt and excerpt.lower() != reason.lower():
            message += f": {excerpt}"
        if resp.status in (401, 403):
            message += (f" (credentials from {self.auth.source} were not accepted)" if resp.authorized and self.auth
                        else " (set CAGRAPH_TOKEN, or CAGRAPH_USER and CAGRAPH_PASSWORD, or add the host to ~/.netrc)")
        return self._fail(message)


@functools.lru_cache(maxsize=1)
def _tls_context() -> Any:
    """httpx's default TLS context (certifi's CAs, or ``SSL_CERT_FILE``), made once: it takes
    some 80 ms, which every engine would otherwise pay again."""
    return httpx.create_ssl_context()


def _read(r: httpx.Response, deadline: float) -> bytes:
    """The body of ``r`` (of an error: its start), within the deadline."""
    limit = None if r.is_success else ERROR_BODY_BYTES
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in r.iter_bytes():
            if time.monotonic() > deadline:
                raise _Deadline()
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size >= limit:
                break
    except httpx.HTTPError as exc:
        if limit is not None:  # the server hung up in the middle of an error page: what came is enough
            return b"".join(chunks)
        raise _Answering(exc) from None
    return b"".join(chunks)[:limit]


def _log_answer(r: httpx.Response, size: int) -> None:
    """The ``--verbose`` line of one answer."""
    log.debug("%s %s -> HTTP %d %s, %d bytes in %.3f s", r.request.method, safe_url(str(r.request.url)),
              r.status_code, media_type(r.headers.get("content-type")) or "-", size, r.elapsed.total_seconds())


def _os_cause(exc: BaseException) -> Optional[OSError]:
    """The OSError under an httpx exception (httpx and httpcore chain them with ``from``)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return None


def _transport_failure(exc: Exception, shown: str, timeout: float, *, answering: bool = False) -> str:
    """One line for an httpx exception (no answer, or a broken one)."""
    if isinstance(exc, httpx.TimeoutException):
        return f"{shown}: timed out after {timeout:g} s (--timeout)"
    if answering:
        return f"{shown} closed the connection in the middle of its answer"
    if isinstance(exc, httpx.ConnectError):
        return _unreachable(shown, _os_cause(exc))
    if isinstance(exc, httpx.RemoteProtocolError):
        # httpcore: "Server disconnected without sending a response."; h11: "illegal status line ..."
        if "disconnected" in str(exc).lower():
            return f"{shown} closed the connection without answering; is it an HTTP server?"
        return f"{shown} is not a SPARQL endpoint (it does not speak HTTP)"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return f"{shown} reset the connection without answering"
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return f"{shown}: not a valid URL ({one_line(str(exc), 80)})"
    if isinstance(exc, httpx.DecodingError):
        return f"{shown} sent an answer that cannot be decoded ({one_line(str(exc), 80)})"
    return f"cannot reach {shown}: {one_line(str(exc) or type(exc).__name__, 120)}"


def _unreachable(shown: str, cause: Optional[OSError]) -> str:
    import socket
    import ssl

    if isinstance(cause, socket.gaierror):
        host = urllib.parse.urlsplit(shown).hostname or shown
        return f"cannot reach {shown}: unknown host {host!r}"
    if isinstance(cause, ConnectionRefusedError):
        return f"cannot reach {shown}: connection refused (is the server running?)"
    if isinstance(cause, ssl.SSLError):
        return f"TLS error talking to {shown}: {one_line(str(cause.reason or cause), 120)}"
    text = (cause.strerror or str(cause)) if cause is not None else "connection failed"
    return f"cannot reach {shown}: {one_line(str(text), 120)}"


def body_excerpt(body: bytes, content_type: str, *, scrub: Any = None) -> str:
    """The first meaningful line of an error body (tags stripped from HTML), scrubbed with
    ``scrub(text)`` before it is cut, so no part of a secret survives the cut."""
    text = body[:8192].decode("utf-8", errors="replace")
    if "html" in content_type or text.lstrip()[:1] == "<":
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?s)<[^>]*>", "\n", text)
        text = html.unescape(text)
    if scrub is not None:
        text = scrub(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    # Virtuoso breaks its messages after "Error SQ074: Line 41:"; keep the line that says what
    if lines[0].rstrip().endswith(":") and len(lines) > 1:
        return one_line(lines[0] + " " + lines[1])
    return one_line(lines[0])
