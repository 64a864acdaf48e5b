"""Packaging that pyproject.toml cannot say: `corpora/` and `models/` travel inside the wheel.

They stay at the top of the repository (reviewable data, rebuilt by Makefile targets) and are mapped to
`pipeline/_home/corpora` and `pipeline/_home/models` in the built package, where `pipeline.resources`
finds them when the package runs outside a checkout. Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA_FOLDERS = {"pipeline._home.corpora": "corpora", "pipeline._home.models": "models"}

setup(
    packages=find_packages(include=["pipeline", "pipeline.*"]) + list(DATA_FOLDERS),
    package_dir=DATA_FOLDERS,
    package_data={
        "pipeline.review": ["templates/*.html", "static/*", "migrations/script.py.mako", "migrations/versions/*.py"],
        **{package: ["**/*"] for package in DATA_FOLDERS},
    },
    exclude_package_data={package: ["**/__pycache__/*", "**/*.pyc"] for package in DATA_FOLDERS},
)
