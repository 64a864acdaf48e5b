"""Schema migrations of the review store (Alembic), run from code: no alembic.ini needed.

To add a revision after changing `pipeline.review.store`'s tables::

    python -c "from pipeline.review.migrations import revision; revision('add reviewer notes')"

then edit the new file in ``versions/`` (autogenerate compares against a database at the newest revision).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    """An Alembic `Config` pointing at this directory (and at ``url``, when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(HERE / "versions"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_head(engine: Engine) -> None:
    """Bring the database behind ``engine`` to the newest revision (creating the tables on first use)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def revision(message: str, url: str = "sqlite:///thaipress-review.sqlite", autogenerate: bool = True) -> None:
    """Write a new revision file (for developers)."""
    from alembic import command

    command.revision(alembic_config(url), message=message, autogenerate=autogenerate)
