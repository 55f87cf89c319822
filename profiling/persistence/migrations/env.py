"""Alembic environment: runs against the engine handed over in config.attributes['engine']."""

from __future__ import annotations

from alembic import context

from profiling.persistence.rows import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from profiling.persistence.database import create_database_engine
        from profiling.settings import Settings

        engine = create_database_engine(Settings().effective_database_url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `profiling db upgrade`.")
run_migrations_online()
