"""`journeymap serve` as its own process on a free loopback port, as users start it."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.dashboards.receivers import free_port, wait_for

JOURNEYMAP = Path(sys.executable).with_name("journeymap")


class ServeProcess:
    """A running `journeymap serve`; `stop()` ends that process (by its own handle)."""

    def __init__(self, snapshots: Path, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [str(JOURNEYMAP), "serve", "--snapshots", str(snapshots), "--port", str(self.port)],
            env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_for(self.answers, timeout=60):
            self.stop()
            raise RuntimeError(f"journeymap serve did not start; see {log}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/login", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError):
            return self.process.poll() is not None  # ended: stop waiting, fail above

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
