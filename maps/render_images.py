"""Static images of the figures (PNG, SVG) for slide decks, with Plotly's kaleido.

kaleido 1.x drives a Chrome-like browser through choreographer, which takes the browser from
the `BROWSER_PATH` environment variable, else a copy it downloaded itself, else the first
`chrome`/`chromium` on the PATH. We point it at Debian's chromium (`/usr/bin/chromium`) unless
the caller set `BROWSER_PATH`, so nothing is downloaded. All figures of a run are written in one
browser session (`plotly.io.write_images`), which is much faster than one session each.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from journeymap.errors import JourneymapError

FORMATS = ("png", "svg")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
EXPORT_WIDTH = 1280  # px, for figures that follow the page's width
PNG_SCALE = 2  # sharp on slides and high-density screens


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """ "png,svg" (or a list) as formats; an unknown one is refused with the known ones."""
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in items if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise JourneymapError(
            f"unknown image format {', '.join(unknown)}: choose from {', '.join(FORMATS)}"
        )
    return formats


def browser_path() -> str:
    """The browser kaleido will use: `BROWSER_PATH`, else Debian's chromium, else the PATH."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    found = shutil.which("chromium") or shutil.which("google-chrome") or shutil.which("chrome")
    if not found:
        raise JourneymapError(
            "image export needs Chromium: install Debian's chromium (make browser) or set "
            "BROWSER_PATH to a Chrome or Chromium executable"
        )
    return found


def write_images(
    figures: list[tuple[str, go.Figure]], folder: Path, formats: tuple[str, ...]
) -> list[Path]:
    """Write each (name, figure) as `folder/name.<format>` for every format; return the paths.

    Figures keep their own height, and their width when they have one (the journey map);
    others are drawn EXPORT_WIDTH px wide."""
    if not figures or not formats:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(name, fig, fmt) for name, fig in figures for fmt in formats]
    paths = [folder / f"{name}.{fmt}" for name, _, fmt in jobs]
    before = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = browser_path()  # what choreographer reads (module docstring)
    try:
        pio.write_images(
            [fig for _, fig, _ in jobs],
            paths,
            format=[fmt for _, _, fmt in jobs],
            width=[fig.layout.width or EXPORT_WIDTH for _, fig, _ in jobs],
            height=[fig.layout.height or 500 for _, fig, _ in jobs],
            scale=[PNG_SCALE if fmt == "png" else 1 for _, _, fmt in jobs],
        )
    finally:
        if before is None:
            os.environ.pop("BROWSER_PATH", None)
    return paths
