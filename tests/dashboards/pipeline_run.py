"""A pipeline run in its own process, as Dagster would launch it: it holds the store's single
writer lock while it loads more exports, stitches, mines and conforms, then publishes a
snapshot. Used by the test that the workspace keeps answering meanwhile.

    python -m tests.dashboards.pipeline_run STORE EXPORTS PROJECT SNAPSHOTS
"""

from __future__ import annotations

import sys
from pathlib import Path

from connectors import connect, ingest
from dashboards import publish_snapshot
from maps import compute_overlays, load_designed_maps
from mining import assign_personas, compute_observed_maps, load_persona_rules


def run(store: Path, exports: Path, project: Path, snapshots: Path) -> Path:
    con = connect(store)
    try:
        ingest(exports, con)
        assign_personas(con, load_persona_rules(project / "personas.yaml"))
        compute_observed_maps(con)
        compute_overlays(con, load_designed_maps(project / "designed"))
    finally:
        con.close()
    return publish_snapshot(store, snapshots)


if __name__ == "__main__":
    print(run(*(Path(a) for a in sys.argv[1:5])))
