"""The `journeymap` command line; each room's commands live in `journeymap.commands`."""

from __future__ import annotations

import argparse
import sys

from journeymap.commands import MODULES
from journeymap.errors import JourneymapError


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command of every room."""
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer-journey maps from tool exports, held against the designed journey.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `journeymap` command: 0 on success, 2 on a user error."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except JourneymapError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
