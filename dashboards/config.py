"""The workspace's configuration: typed, validated at the edge, from environment variables
with defaults that work on a laptop (everything under the project folder)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from journeymap.errors import JourneymapError

AuthMode = Literal["none", "password", "header"]
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class WorkspaceConfig:
    """Where snapshots and the collaboration store are, how users sign in, where to bind.

    `auth` is `none` (one local analyst, loopback only), `password` (accounts and login
    sessions), or `header` (an authenticating proxy in front sets `auth_header` to the user's
    email). `secret_key` signs sessions and share links; without JOURNEYMAP_SECRET_KEY a random
    one is made per process, so sessions and links end when the server restarts."""

    snapshots_dir: Path
    collab_url: str
    host: str = "127.0.0.1"
    port: int = 8050
    auth: AuthMode = "none"
    auth_header: str = "X-Forwarded-Email"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "journeymap@localhost"
    webhook_url: str | None = None
    base_url: str = ""
    designed_dir: Path | None = None
    write_back: bool = False  # saved map versions also written to designed_dir/<persona>.yaml
    max_run_drop: float = 0.05  # conversion or fitness fall (0..1) that makes a run a problem
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-* headers are true

    def validate(self) -> WorkspaceConfig:
        """Refuse a workspace without authentication on a non-loopback address."""
        if self.auth not in ("none", "password", "header"):
            raise JourneymapError(f"JOURNEYMAP_AUTH: {self.auth!r} is not none, password or header")
        if self.auth == "none" and self.host not in LOOPBACK:
            raise JourneymapError(
                f"refusing to serve on {self.host} without authentication: set "
                "JOURNEYMAP_AUTH=password (or header behind a proxy), or bind 127.0.0.1")
        return self

    @property
    def writable_designed(self) -> Path | None:
        """Where saved designed maps are written back as YAML files, if anywhere."""
        return self.designed_dir if self.write_back and self.designed_dir else None

    @property
    def public_url(self) -> str:
        """The address links in emails point at."""
        return self.base_url or f"http://{self.host}:{self.port}"


def env_number(name: str, default: str, kind: type = int) -> float:
    """A number from the environment variable `name`, refused by name when it is not one."""
    text = os.environ.get(name) or default
    try:
        return kind(text)
    except ValueError as error:
        raise JourneymapError(f"{name}: {text!r} is not a {kind.__name__}") from error


def from_env(**overrides: object) -> WorkspaceConfig:
    """The configuration from JOURNEYMAP_* variables (project folder: JOURNEYMAP_PROJECT,
    default `demo`), with explicit overrides (command-line flags) winning."""
    env = os.environ
    project = Path(env.get("JOURNEYMAP_PROJECT", "demo"))
    values: dict[str, object] = {
        "snapshots_dir": Path(env.get("JOURNEYMAP_SNAPSHOTS", project / "snapshots")),
        "collab_url": env.get("JOURNEYMAP_WORKSPACE_DB",
                              f"sqlite:///{(project / 'workspace.sqlite').resolve()}"),
        "auth": env.get("JOURNEYMAP_AUTH", "none"),
        "auth_header": env.get("JOURNEYMAP_AUTH_HEADER", "X-Forwarded-Email"),
        "smtp_host": env.get("JOURNEYMAP_SMTP_HOST") or None,
        "smtp_port": env_number("JOURNEYMAP_SMTP_PORT", "25"),
        "mail_from": env.get("JOURNEYMAP_MAIL_FROM", "journeymap@localhost"),
        "webhook_url": env.get("JOURNEYMAP_WEBHOOK_URL") or None,
        "base_url": env.get("JOURNEYMAP_BASE_URL", ""),
        "designed_dir": Path(env.get("JOURNEYMAP_DESIGNED", project / "designed")),
        "write_back": env.get("JOURNEYMAP_WRITE_BACK", "") in ("1", "true", "yes"),
        "max_run_drop": env_number("JOURNEYMAP_MAX_RUN_DROP", "0.05", float),
        "trusted_proxies": env_number("JOURNEYMAP_TRUSTED_PROXIES", "0"),
    }
    if env.get("JOURNEYMAP_SECRET_KEY"):
        values["secret_key"] = env["JOURNEYMAP_SECRET_KEY"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return WorkspaceConfig(**values)  # type: ignore[arg-type]
