"""`python -m pipeline.batch INPUT... --out DIR`: the `thaipress batch` command on its own."""

from pipeline.batch.cli import batch_app

if __name__ == "__main__":
    batch_app()
