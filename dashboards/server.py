"""Running the workspace: the Dash app on a threaded WSGI server, with security headers, and
behind reverse proxies when told how many to trust.

The server binds 127.0.0.1 by default; binding another address needs authentication
configured (checked by the caller, `journeymap serve`), so an unauthenticated workspace is
never exposed on a network by accident. Behind a proxy (JOURNEYMAP_TRUSTED_PROXIES=n), the
last n X-Forwarded-For/-Proto/-Host/-Port values are believed (werkzeug's ProxyFix): the client's
address (for sign-in rate limits), https (secure cookies, HSTS) and the public host name. With
no trusted proxy those headers are ignored, since anyone could send them.

Pages and data are never cached; static files whose URL names their version are kept by
browsers for a year, and the others are checked on each page load, answered without reading
the file again (`answer_unchanged`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import BaseWSGIServer, make_server

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"  # sent over https only (RFC 6797)
STATIC = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")  # the same for everyone
SUITES = "/_dash-component-suites/"  # Dash's and its components' scripts
# Static files whose URL names their version (Dash adds an asset's modification time as ?m=,
# its own version to the favicon as ?v=): a new file is a new URL, so browsers keep them.
VERSIONED = {"/assets/": "m", "/_favicon.ico": "v"}
IMMUTABLE = "public, max-age=31536000, immutable"
# Scripts only from the workspace itself, plus Dash's two inline bootstrap scripts by hash;
# Plotly sets inline styles and compiles its number formats with `new Function` (eval);
# images may be data: URLs (PNG export of a figure).
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval' {hashes}; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


def add_security_headers(server: Flask, script_hashes: list[str]) -> None:
    """Every response carries the security headers (a page's own may not weaken them)."""
    headers = {**SECURITY_HEADERS,
               "Content-Security-Policy": CSP.format(hashes=" ".join(script_hashes))}

    @server.after_request
    def _headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not request.path.startswith(STATIC):  # pages and data of one user: never cached
            response.headers["Cache-Control"] = "no-store"
        elif versioned(request.path, request.args):
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def versioned(path: str, args: Mapping[str, str]) -> bool:
    """Whether a static file's URL names its version (`VERSIONED`)."""
    return any(path.startswith(prefix) and key in args for prefix, key in VERSIONED.items())


def answer_unchanged(server: Flask) -> None:
    """Answer "not modified" at once to a browser checking a file of Dash's component suites
    it already has. Files asked for by their plain name (plotly.js, dcc's parts loaded when a
    page needs them) are checked on every page load by their ETag, and Dash reads and hashes
    the file each time to answer (~20 ms for plotly.js's 4.8 MB); the files of an installed
    package do not change while the server runs, so the tag it sent once is kept."""
    sent: dict[str, str] = {}

    @server.before_request
    def _unchanged() -> Response | None:
        tag = sent.get(request.path)
        if tag is not None and request.if_none_match.contains(tag):
            response = Response(status=304)
            response.set_etag(tag)
            return response
        return None

    @server.after_request
    def _remember(response: Response) -> Response:
        if request.path.startswith(SUITES) and response.status_code == 200:
            tag, weak = response.get_etag()
            if tag and not weak:
                sent[request.path] = tag
        return response


def trust_proxies(server: Flask, count: int) -> None:
    """Believe the X-Forwarded-* headers of the `count` proxies in front of the app."""
    if count > 0:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=count, x_proto=count,  # type: ignore
                                   x_host=count, x_port=count)


@dataclass
class RunningServer:
    """A server started in a background thread (tests, the benchmark); `stop()` ends it."""

    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


def own_address(app: Flask, server: BaseWSGIServer) -> None:
    """Tell the app the loopback address it answers on (exports render views from it)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(server.host, server.host)
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    app.config["SELF_URL"] = f"http://{host}:{server.server_port}"


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve until interrupted, one thread per request."""
    server = make_server(host, port, app, threaded=True)
    own_address(app, server)
    server.serve_forever()


def start_in_thread(app: Flask, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve in a daemon thread on a free port (port 0) and return at once."""
    server = make_server(host, port, app, threaded=True)
    own_address(app, server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return RunningServer(server, thread)
