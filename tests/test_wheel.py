"""The wheel carries everything a release needs (corpora/ and models/ included).

Built by `pip wheel`, installed in a fresh venv and run from a folder outside the repository, it gives
the same record as the checkout. Slow (a new venv and its dependencies): `make wheel-check` runs it, and
`.ci/run` runs that; a plain `pytest` skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "apec-local-innovation-forum.th.txt"

pytestmark = pytest.mark.skipif(
    os.environ.get("THAIPRESS_WHEEL_CHECK") != "1", reason="slow: `make wheel-check` runs it"
)


def _run(args: list, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def test_the_installed_wheel_processes_the_reference_release_outside_the_repository(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("THAIPRESS_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", ROOT], tmp_path, env)
    (wheel,) = (tmp_path / "dist").glob("thaipress-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(
        ["git", "ls-files", "corpora", "models"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked and {f"pipeline/_home/{name}" for name in tracked} <= names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, env)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], tmp_path, env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEED, elsewhere / SEED.name)
    where = _run(
        [venv / "bin" / "python", "-c", "import pipeline.resources as r; print(r.__file__); print(r.project_home())"],
        elsewhere,
        env,
    ).split()
    assert where[0].startswith(str(venv)) and where[1].startswith(str(venv)), where

    command = ["process", SEED.name, "--release-date", "2019-08-02"]
    installed = json.loads(_run([venv / "bin" / "thaipress", *command], elsewhere, env))
    checkout = json.loads(
        _run([sys.executable, "-m", "pipeline.cli", *command], elsewhere, {**env, "PYTHONPATH": str(ROOT)})
    )
    assert installed["repairs"] and installed["entities"] and installed["summary_en"]
    assert installed == checkout
