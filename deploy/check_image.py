"""Check the code location's image without a Docker daemon: run deploy/Dockerfile's install steps
in a fresh virtual environment and load the code location from it.

    .venv/bin/python deploy/check_image.py            # prints each step; exit 0 when it loads

What it does: copies what the Dockerfile COPYs into a temp folder, creates a virtual environment
with this Python (3.11, as the image's base), runs each `RUN pip install ...` step there, then
from that environment: imports the Kubernetes and PostgreSQL integrations and the Spark Connect
client, writes the sample project and runs `dagster definitions validate` on the code location
with JOURNEYMAP_ENGINE=spark. What it does not: the apt-get step (Java, chromium: the image's
base system), the image build itself, pulling it in a cluster.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
CHECKS = ("import dagster_k8s, dagster_postgres, sqlglot; "
          "from pyspark.sql.connect.session import SparkSession; print('imports ok')")


def dockerfile_steps(path: Path = DOCKERFILE) -> tuple[list[str], list[list[str]]]:
    """(paths the Dockerfile COPYs from the build context, argument lists of its pip installs)."""
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        if raw.lstrip().startswith("#"):
            continue
        current += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            lines.append(current.strip())
            current = ""
    copies, installs = [], []
    for line in lines:
        instruction, _, rest = line.partition(" ")
        if instruction == "COPY":
            copies += shlex.split(rest)[:-1]
        elif instruction == "RUN":
            for command in rest.split("&&"):
                words = shlex.split(command)
                if words[:2] == ["pip", "install"]:
                    installs.append(words[2:])
    return copies, installs


def run(command: list[str], **kwargs) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def main() -> int:
    copies, installs = dockerfile_steps()
    if not installs:
        print("the Dockerfile has no pip install step", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="journeymap-image-") as tmp:
        root = Path(tmp)
        context = root / "opt" / "journeymap"
        context.mkdir(parents=True)
        for name in copies:
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(
                source, context / name,
                **({"ignore": shutil.ignore_patterns("__pycache__")} if source.is_dir() else {}))
        environment = root / "venv"
        venv.create(environment, with_pip=True)
        python = environment / "bin" / "python"
        for arguments in installs:
            run([str(python), "-m", "pip", "install", "--quiet", *arguments], cwd=context)
        run([str(python), "-c", CHECKS], cwd=root)
        project, home = root / "project", root / "dagster-home"
        home.mkdir()
        run([str(environment / "bin" / "journeymap"), "samples", str(project)], cwd=root)
        env = {**os.environ, "JOURNEYMAP_PROJECT": str(project), "DAGSTER_HOME": str(home),
               "JOURNEYMAP_ENGINE": "spark"}
        run([str(environment / "bin" / "dagster"), "definitions", "validate", "-m",
             "pipelines.definitions"], cwd=root, env=env)
    print("the code location loads from the image's install steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
