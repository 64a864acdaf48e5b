"""reviewer glossary: English names of people corrected on the desk

Revision ID: 0003_reviewer_glossary
Revises: 0001_initial
Create Date: 2026-12-01
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003_reviewer_glossary"
down_revision: Union[str, Sequence[str], None] = "0002_team_desk"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "reviewer_names",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name_key", sa.String(255), nullable=False),
        sa.Column("thai", sa.Text(), nullable=False),
        sa.Column("english", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(255), nullable=False),
        sa.Column("release_id", sa.String(255), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name_key", name="uq_reviewer_names_name_key"),
    )


def downgrade() -> None:
    op.drop_table("reviewer_names")
