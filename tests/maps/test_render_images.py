"""Figures as images for slide decks: kaleido draws them with Debian's chromium."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from maps.render_data import load_persona
from maps.render_images import DEBIAN_CHROMIUM, write_images
from maps.render_journey import journey_figure

pytestmark = pytest.mark.browser


def test_a_figure_exports_to_png_and_svg(sample_store: Path, tmp_path: Path) -> None:
    if not DEBIAN_CHROMIUM.exists():
        pytest.skip(f"image export needs Debian's chromium at {DEBIAN_CHROMIUM}")
    pytest.importorskip("kaleido")
    with duckdb.connect(str(sample_store), read_only=True) as con:
        fig = journey_figure(load_persona(con, "bargain_hunter"))
    png, svg = write_images([("journey", fig)], tmp_path / "images", ("png", "svg"))
    assert png.name == "journey.png" and svg.name == "journey.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png.read_bytes()[16:20], "big")  # IHDR: drawn at twice the size
    assert width == 2 * fig.layout.width
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text[:300]
    assert "Compares" in text and "ad_clicked" in text, "the map's text is in the SVG"
