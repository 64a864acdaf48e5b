"""Where the project's data files live: `corpora/` and `models/`.

In a checkout (or an editable install) they are the repository's own, beside the package. An installed
wheel carries a copy inside the package, as `pipeline/_home/` (see setup.py). THAIPRESS_HOME overrides
both: the folder that holds the `corpora/` and `models/` to use.
"""

from __future__ import annotations

import csv
import os
import tomllib
from pathlib import Path
from typing import Any


def project_home() -> Path:
    """The folder holding `corpora/` and `models/`."""
    override = os.environ.get("THAIPRESS_HOME")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    bundled = package / "_home"
    return bundled if bundled.is_dir() else package.parent


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


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML data file, parsed (ValueError names the file when it is malformed)."""
    with open(path, "rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from None
