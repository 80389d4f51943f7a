"""Collaboration store: accounts, roles, login sessions, comments, notifications, share links,
designed-map versions and the opportunities backlog, kept apart from the analytics store.

SQLite in WAL mode by default (one file beside the project); any SQLAlchemy URL (PostgreSQL
for teams) works. The schema is created and upgraded by Alembic (`open_store` runs it).
"""

from dashboards.collab.db import CollabStore, open_store

__all__ = ["CollabStore", "open_store"]
