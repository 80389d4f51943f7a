"""`journeymap demo`: sample exports -> Dagster run -> DuckDB -> HTML maps."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from journeymap.commands.base import add_command
from journeymap.errors import JourneymapError


def cmd_demo(args: argparse.Namespace) -> None:
    from journeymap.samples import write_samples
    from journeymap.settings import Settings
    from pipelines.run import run_pipeline

    started = time.perf_counter()
    folder = Path(args.dir)
    truth = write_samples(folder, customers=args.customers, seed=args.seed)
    settings = Settings.for_project(folder)
    print(f"sample exports: {settings.exports_dir} ({truth['customers']} customers)")
    result = run_pipeline(settings)
    if not result.success:
        raise JourneymapError("the Dagster run failed; see the log above")
    maps_dir = settings.maps_dir.resolve()
    print(f"store: {settings.db_path.resolve()}")
    print(f"Dagster run {result.run_id} materialised "
          f"{len(result.get_asset_materialization_events())} assets "
          f"in {time.perf_counter() - started:.1f} s")
    print("journey maps:")
    for page in sorted(maps_dir.glob("*.html")):
        if page.name != "index.html":
            print(f"  {page}")
    print(f"open the index: {maps_dir / 'index.html'}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "demo", cmd_demo, "Sample exports -> Dagster run -> DuckDB -> HTML maps.")
    p.add_argument("--dir", default="demo", help="project folder to write (demo)")
    p.add_argument("--customers", type=int, default=400, help="customers to simulate (400)")
    p.add_argument("--seed", type=int, default=7, help="random seed (7)")
