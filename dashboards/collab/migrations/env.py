"""Alembic environment of the collaboration store: the URL comes from the caller's config
(`dashboards.collab.db.migrate`), the target schema from `dashboards.collab.models`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from dashboards.collab.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(con) -> None:
    context.configure(connection=con, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as con:
        run(con)
