"""Maps: designed maps (YAML), conformance overlays, and the Plotly journey maps.

Public functions: `load_designed_maps`, `load_designed_map`, `compute_overlays`, `render_maps`.
"""

from maps.conformance import compute_overlays
from maps.designed import DesignedMap, load_designed_map, load_designed_maps
from maps.render import render_maps

__all__ = ["DesignedMap", "compute_overlays", "load_designed_map", "load_designed_maps",
           "render_maps"]
