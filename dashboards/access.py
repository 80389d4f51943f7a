"""Who is asking, and what they may do: the `Access` every page and action checks on the
server (hiding a button is never the check)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboards.collab.accounts import rank
from dashboards.collab.models import WORKSPACE


class Forbidden(Exception):
    """The user has no role that allows this read (shown as such, never as the content)."""


@dataclass(frozen=True)
class Access:
    """A signed-in user's roles (scope -> role), their CSRF token, or a share link's view.

    `shared_path` is set for a visitor through a share link: they may read that one view and
    nothing else."""

    user_id: int | None
    user_name: str
    roles: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    shared_path: str | None = None

    @classmethod
    def local(cls) -> Access:
        """The one local analyst of a workspace without authentication (loopback only)."""
        return cls(user_id=None, user_name="local", roles={WORKSPACE: "owner"})

    def role(self, persona: str | None = None) -> str | None:
        """The higher of the workspace role and the persona's map role."""
        scoped = [self.roles.get(WORKSPACE), self.roles.get(persona or WORKSPACE)]
        return max(scoped, key=rank) if any(scoped) else None

    def can(self, needed: str, persona: str | None = None) -> bool:
        """Whether the role over the persona's map (or the workspace) is at least `needed`."""
        if self.shared_path is not None:
            return needed == "viewer"
        return rank(self.role(persona)) >= rank(needed) > 0

    def readable(self, personas: list[str]) -> list[str]:
        """The personas whose maps this user may read."""
        return [p for p in personas if self.can("viewer", p)]
