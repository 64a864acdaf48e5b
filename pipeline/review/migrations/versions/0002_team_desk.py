"""team desk: reviewer accounts, processing jobs, duplicate links, decision groups

Revision ID: 0002_team_desk
Revises: 0001_initial
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002_team_desk"
down_revision: Union[str, Sequence[str], None] = "0001_initial"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=True),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("release_id", sa.String(255), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_table(
        "release_links",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("release_id", sa.String(255), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=True),
    )
    op.create_index("ix_release_links_release_id", "release_links", ["release_id"])
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("group_key", sa.String(64), nullable=True))
    with op.batch_alter_table("review_items") as batch:
        batch.add_column(sa.Column("template", sa.String(64), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
    _backfill_repair_templates()


def _backfill_repair_templates() -> None:
    """Repair items imported before this revision get their template and confidence from the record."""
    import json

    bind = op.get_bind()
    releases = bind.execute(sa.text(
        "select release_id, record from record_versions where version = 1 and release_id in "
        "(select release_id from review_items where kind = 'repair')")).all()
    for release_id, record in releases:
        for position, repair in enumerate(json.loads(record).get("repairs") or []):
            bind.execute(sa.text("update review_items set template = :t, confidence = :c where release_id = :r "
                                 "and kind = 'repair' and position = :p"),
                         {"t": repair.get("template"), "c": repair.get("confidence"), "r": release_id, "p": position})


def downgrade() -> None:
    with op.batch_alter_table("review_items") as batch:
        batch.drop_column("confidence")
        batch.drop_column("template")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("group_key")
    op.drop_index("ix_release_links_release_id", "release_links")
    op.drop_table("release_links")
    op.drop_index("ix_jobs_status", "jobs")
    op.drop_table("jobs")
    op.drop_table("users")
