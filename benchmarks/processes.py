"""Each benchmark contestant runs in a fresh process of its script, so that its peak memory is
its own: the child prints its result as JSON on its last line of output."""

from __future__ import annotations

import json
import subprocess
import sys


def run_child(script: str, *args: str) -> dict:
    """Run `script` with `args` in a new Python process and return the JSON it printed last."""
    done = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
