"""The review desk: a store of records awaiting a person's decision, and a web page to make them.

>>> from pipeline.review import open_store, import_records, decide, current_record, export_approved
>>> store = open_store("sqlite:///review.sqlite")          # doctest: +SKIP
>>> import_records(store, "records.jsonl")                  # doctest: +SKIP
>>> decide(store, 1, "accept", "somchai", expected_version=1)  # doctest: +SKIP
>>> export_approved(store, "jsonl", "approved.jsonl")       # doctest: +SKIP

Needs the ``review`` extra (SQLAlchemy, Alembic; FastAPI and Jinja2 for the web page). Importing this
package is cheap: the store and the web app load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConflictError",
    "DecisionError",
    "ReviewStore",
    "open_store",
    "import_records",
    "import_record",
    "decide",
    "correct_entity",
    "add_entity",
    "undo_last",
    "queue_page",
    "current_record",
    "export_approved",
    "create_app",
]

_FROM = {
    "ConflictError": "pipeline.review.store",
    "DecisionError": "pipeline.review.store",
    "ReviewStore": "pipeline.review.store",
    "open_store": "pipeline.review.store",
    "import_records": "pipeline.review.store",
    "import_record": "pipeline.review.store",
    "decide": "pipeline.review.store",
    "correct_entity": "pipeline.review.store",
    "add_entity": "pipeline.review.store",
    "undo_last": "pipeline.review.store",
    "queue_page": "pipeline.review.store",
    "current_record": "pipeline.review.store",
    "export_approved": "pipeline.review.export",
    "create_app": "pipeline.review.app",
}


def __getattr__(name: str) -> Any:
    if name in _FROM:
        import importlib

        return getattr(importlib.import_module(_FROM[name]), name)
    raise AttributeError(name)
