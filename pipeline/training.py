"""What training a crfsuite model to a file takes, shared by `thaipress train ner` and `thaipress train gaps`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any


def train_to_file(trainer: Any, params: dict[str, Any], out_path: str | Path) -> tuple[Path, float]:
    """Set ``params`` on a filled ``pycrfsuite.Trainer``, train it into ``out_path`` (its folder made if
    missing) and return the path and the seconds training took."""
    trainer.set_params(params)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(out_path))
    return out_path, round(time.perf_counter() - started, 1)
