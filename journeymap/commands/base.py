"""What every command module shares: registering a subcommand and printing JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any


def print_json(data: Any) -> None:
    """Machine-readable output of `--json`."""
    print(json.dumps(data, indent=2, default=str))


def add_command(sub: argparse._SubParsersAction, name: str, func: Callable[[argparse.Namespace],
                None], help_text: str) -> argparse.ArgumentParser:
    """A subcommand whose `--help` repeats its one-line description."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    return parser
