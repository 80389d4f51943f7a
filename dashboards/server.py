"""Running the workspace: the Dash app on a threaded WSGI server, with security headers.

The server binds 127.0.0.1 by default; binding another address needs authentication
configured (checked by the caller, `journeymap serve`), so an unauthenticated workspace is
never exposed on a network by accident.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Flask, Response
from werkzeug.serving import BaseWSGIServer, make_server

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
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
        return response


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


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve until interrupted, one thread per request."""
    make_server(host, port, app, threaded=True).serve_forever()


def start_in_thread(app: Flask, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve in a daemon thread on a free port (port 0) and return at once."""
    server = make_server(host, port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return RunningServer(server, thread)
