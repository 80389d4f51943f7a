"""journeymap: customer-journey maps from what customers did, held against the designed journey.

The product packages follow the data flow: `connectors` (exports -> DuckDB touchpoints),
`mining` (journeys -> observed maps), `maps` (designed maps, overlay, Plotly HTML),
`dashboards` (the workspace) and `pipelines` (Dagster wiring). This package holds what they
share: the project error type, settings, the sample world and the command line.
"""

from journeymap.errors import JourneymapError

__all__ = ["JourneymapError"]
__version__ = "0.1.0"
