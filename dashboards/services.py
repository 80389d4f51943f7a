"""The workspace's collaboration services in one place: the store, the configuration and
where notifications go. Built once by `build_workspace`, handed to routes and pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from dashboards.collab import CollabStore, open_store
from dashboards.collab.accounts import add_user
from dashboards.collab.models import Role, User
from dashboards.collab.notify import Delivery
from dashboards.config import WorkspaceConfig


@dataclass(frozen=True)
class Services:
    store: CollabStore
    config: WorkspaceConfig
    delivery: Delivery

    def roles_of(self, user_id: int) -> dict[str, str]:
        with self.store.session() as s:
            return {r.scope: r.role for r in s.scalars(select(Role).where(Role.user_id == user_id))}

    def local_user_id(self) -> int:
        """The account of the one local analyst (auth none): made on first use."""
        with self.store.session() as s:
            user = s.scalar(select(User).where(User.name == "local"))
            if user is None:
                user = add_user(s, "local@localhost", "local", None, "owner")
            return user.id


def make_services(config: WorkspaceConfig) -> Services:
    """Open the collaboration store and read where notifications go."""
    delivery = Delivery(smtp_host=config.smtp_host, smtp_port=config.smtp_port,
                        mail_from=config.mail_from, webhook_url=config.webhook_url,
                        public_url=config.public_url)
    return Services(open_store(config.collab_url), config, delivery)
