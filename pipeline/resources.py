"""Where the project's data files live: `corpora/` and `models/`.

In a checkout (or an editable install) they are the repository's own, beside the package. An installed
wheel carries a copy inside the package, as `pipeline/_home/` (see setup.py). THAIPRESS_HOME overrides
both: the folder that holds the `corpora/` and `models/` to use.
"""

from __future__ import annotations

import csv
import os
import tomllib
from collections.abc import Callable, Iterable
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


def read_word_table(path: Path, fingerprint: Callable[[], str]) -> dict[str, str]:
    """Word → value from a two-column table written by `write_word_table`; empty when the file is absent or was
    made with another model or tagger (its ``# fingerprint: ...`` line differs from `fingerprint()`)."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                if key.strip() == "fingerprint" and value.strip() != fingerprint():
                    return {}
                continue
            word, sep, cell = line.rstrip("\n").partition("\t")
            if sep and word != "word":
                out[word] = cell
    return out


def write_word_table(path: Path, comment: str, fingerprint: str, column: str, rows: Iterable[tuple[str, str]]) -> None:
    """Write a table `read_word_table` reads: a comment line, the fingerprint, a header ``word<TAB>column``,
    one row a word; through a ``.partial`` file, so that readers never see a half-written table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.write(f"# {comment}\n# fingerprint: {fingerprint}\nword\t{column}\n")
        for word, cell in rows:
            out.write(f"{word}\t{cell}\n")
    os.replace(partial, path)


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML data file, parsed (ValueError names the file when it is malformed)."""
    with open(path, "rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from None
