"""Alembic environment: runs against the engine handed over in config.attributes['engine']."""

from __future__ import annotations

from alembic import context

from profiling.persistence.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from profiling.persistence.database import create_database_engine
        from profiling.settings import Settings

        engine = create_database_engine(Settings().effective_database_url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys on, that drop
            # would cascade and delete dependent rows (ratings of interviews). Off for the migration only.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `profiling db upgrade`.")
run_migrations_online()
