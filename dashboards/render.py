"""Pictures of a view: the page exactly as the user sees it, rendered by headless Chromium as a
PNG (the whole page) or a PDF (printed, backgrounds kept), for "export the current view" and
for the digests of saved views.

Chromium is Debian's (`maps.render_images.browser_path`), driven over the DevTools protocol by
choreographer (the library kaleido uses; nothing is downloaded). It loads the view from the
workspace itself on its loopback address, as the user: with the user's own session cookie (or
share-link cookie, or the proxy's sign-in header), so a picture never shows more than its
requester may read. The page is drawn by Dash's callbacks, so rendering waits until the page's
body and every figure in it are drawn.
"""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, field
from typing import Literal

from choreographer import Browser

from journeymap.errors import JourneymapError
from maps.render_images import browser_path

Format = Literal["png", "pdf"]
WIDTH_PX = 1400
TIMEOUT_S = 60.0
# Drawn: the page's body is there, no callback is loading, no part drawn after the page is
# still a placeholder, and every figure (dcc.Graph, whose Plotly bundle loads lazily) has its
# SVG; the page's height then stays put for a moment.
DRAWN = """(() => {
  const body = document.querySelector('#page-body');
  if (!body || document.querySelector('._dash-loading, ._dash-loading-callback, '
                                      + '.deferred-loading')) return -1;
  const graphs = [...document.querySelectorAll('.dash-graph')];
  if (!graphs.every(g => g.querySelector('.main-svg'))) return -1;
  return document.documentElement.scrollHeight;
})()"""
MIME = {"png": "image/png", "pdf": "application/pdf"}
PAGE_HEIGHT = ("Math.ceil(Math.max(document.body.scrollHeight, "
               "document.documentElement.scrollHeight, "
               "document.querySelector('#page-body').getBoundingClientRect().bottom + 24))")


@dataclass(frozen=True)
class Visitor:
    """Who the picture is taken as: cookies and headers Chromium sends to the workspace."""

    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


async def _command(tab, method: str, **params: object) -> dict:
    response = await tab.send_command(method, params=params or None)
    if "error" in response:
        raise JourneymapError(f"rendering the view: {method} failed: {response['error']}")
    return response.get("result", {})


async def _value(tab, expression: str) -> object:
    result = await _command(tab, "Runtime.evaluate", expression=expression, returnByValue=True)
    return result.get("result", {}).get("value")


async def _wait_drawn(tab, timeout: float) -> None:
    end, last = time.monotonic() + timeout, -1
    while time.monotonic() < end:
        height = await _value(tab, DRAWN)
        if height is not None and height >= 0 and height == last:
            return
        last = height
        await asyncio.sleep(0.3)
    raise JourneymapError(f"rendering the view: the page was not drawn within {timeout:.0f} s")


async def _render(url: str, origin: str, fmt: Format, visitor: Visitor, timeout: float) -> bytes:
    async with Browser(path=browser_path(), headless=True) as browser:
        tab = await browser.create_tab("about:blank")
        await _command(tab, "Network.enable")
        for name, value in visitor.cookies.items():
            await _command(tab, "Network.setCookie", name=name, value=value, url=origin)
        if visitor.headers:
            await _command(tab, "Network.setExtraHTTPHeaders", headers=visitor.headers)
        await _command(tab, "Emulation.setDeviceMetricsOverride", width=WIDTH_PX, height=1000,
                       deviceScaleFactor=1, mobile=False)
        await _command(tab, "Page.enable")
        await _command(tab, "Emulation.setEmulatedMedia", media="print")  # the view alone
        await _command(tab, "Page.navigate", url=url)
        await _wait_drawn(tab, timeout)
        if fmt == "pdf":
            result = await _command(tab, "Page.printToPDF", printBackground=True,
                                    landscape=True, preferCSSPageSize=False, scale=0.7)
        else:
            height = int(await _value(tab, PAGE_HEIGHT) or 1000)
            result = await _command(tab, "Page.captureScreenshot", format="png",
                                    captureBeyondViewport=True,
                                    clip={"x": 0, "y": 0, "width": WIDTH_PX, "height": height,
                                          "scale": 1})
        return base64.b64decode(result["data"])


def render_view(base_url: str, path: str, fmt: Format, visitor: Visitor | None = None,
                timeout: float = TIMEOUT_S) -> bytes:
    """The view at `path` (with its query string) of the workspace at `base_url` (its loopback
    address), as PNG or PDF bytes, taken as `visitor`."""
    if fmt not in MIME:
        raise JourneymapError(f"format: {fmt!r} is not png or pdf")
    if not path.startswith("/"):
        raise JourneymapError(f"path: {path!r} is not a path of the workspace")
    base = base_url.rstrip("/")
    return asyncio.run(_render(base + path, base, fmt, visitor or Visitor(), timeout))
