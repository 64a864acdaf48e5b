"""Where the project's data files live: `corpora/` and `models/` beside the package.

THAIPRESS_HOME overrides the folder that holds them (for an installed package run outside the checkout).
"""

from __future__ import annotations

import csv
import os
import tomllib
from pathlib import Path


def project_home() -> Path:
    """The folder holding `corpora/` and `models/`."""
    override = os.environ.get("THAIPRESS_HOME")
    return Path(override) if override else Path(__file__).resolve().parent.parent


def corpus_file(*parts: str) -> Path:
    """Path of a data file under `corpora/`."""
    return project_home().joinpath("corpora", *parts)


def model_file(*parts: str) -> Path:
    """Path of a model file under `models/`."""
    return project_home().joinpath("models", *parts)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV with a header line; lines starting with '#' before the header are comments."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_toml(path: Path) -> dict:
    """A TOML data file, parsed (ValueError names the file when it is malformed)."""
    with open(path, "rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from None
