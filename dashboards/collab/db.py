"""Opening the collaboration store: the engine (SQLite in WAL mode), sessions, migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the app's readers go on while one request writes; foreign keys enforced."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, an in-memory SQLite one shared connection."""
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if not memory:
            make_url(url).database and Path(make_url(url).database).parent.mkdir(
                parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False},
            poolclass=StaticPool if memory else None)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on an empty database)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class CollabStore:
    """The open store: `session()` gives a unit of work committed on success."""

    engine: Engine
    factory: sessionmaker

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.factory() as s, s.begin():
            yield s


def open_store(url: str) -> CollabStore:
    """Open (and migrate) the collaboration store at a SQLAlchemy URL."""
    engine = make_engine(url)
    migrate(engine)
    return CollabStore(engine, sessionmaker(engine, expire_on_commit=False))
