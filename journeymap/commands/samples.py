"""`journeymap samples`: the seeded sample world."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeymap.commands.base import add_command, print_json


def cmd_samples(args: argparse.Namespace) -> None:
    from journeymap.samples import write_samples

    truth = write_samples(args.out_dir, customers=args.customers, seed=args.seed)
    if args.json:
        print_json(truth)
        return
    print(f"wrote {truth['customers']} customers, {truth['touchpoint_events']} touchpoint "
          f"events to {Path(args.out_dir) / 'exports'}")
    for name, entry in truth["files"].items():
        print(f"  {name:32} {entry['source']:12} {entry['rows']:>7} rows")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "samples", cmd_samples, "Write the seeded sample world: exports, "
                    "designed maps, persona rules and ground truth.")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--customers", type=int, default=400, help="customers to simulate (400)")
    p.add_argument("--seed", type=int, default=7, help="random seed (7)")
    p.add_argument("--json", action="store_true", help="print the ground truth as JSON")
