"""Alembic environment: uses the connection handed over in ``config.attributes`` (see `upgrade_head`), or the
``sqlalchemy.url`` option when run for `revision`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import pipeline.review.glossary  # noqa: F401  (registers the reviewer_names table on Base)
from pipeline.review.store import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection) -> None:
    # Batch mode lets later revisions alter SQLite tables (copy-and-move), and is a no-op elsewhere.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
    else:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            run_with(conn)
        engine.dispose()
