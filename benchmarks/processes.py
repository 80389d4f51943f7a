"""Each benchmark contestant runs in a fresh process of its script, so that its peak memory is
its own: the child prints its result as JSON on its last line of output."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path


def run_child(script: str, *args: str) -> dict:
    """Run `script` with `args` in a new Python process and return the JSON it printed last."""
    done = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def add_child_options(parser: argparse.ArgumentParser,
                      contestants: Iterable[str] | None = None) -> None:
    """The hidden options a script's children are started with: `--make N` (write the data set
    into `--folder`) and `--contestant NAME` (run one contestant on it)."""
    parser.add_argument("--make", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--contestant", choices=list(contestants) if contestants else None,
                        help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
