"""Static word vectors of the thaigov archive, for the spaCy entity model (`make spacy-vectors`).

The archive's Thai releases are normalised and tokenised the way the pipeline tokenises
(`pipeline.normalize`, `pipeline.tokens.word_tokenize`; whitespace tokens dropped, one line a paragraph),
**leaving out** every release in bucket 0 of the project's split rule (`int(sha1(id), 16) % 5 == 0`, the
bucket every held-out set is drawn from) and every release annotated in `corpora/ner-dev/`. gensim's
word2vec (CBOW, one worker thread, fixed seed, a CRC32 hash for the initial vectors so PYTHONHASHSEED does
not matter) learns the vectors; the `max_words` most frequent words (none holding whitespace, which the
word2vec text format cannot carry) are written as a word2vec text file that `spacy init vectors` reads.

    python -m pipeline.entities.archive_vectors ../shared/corpora/thaigov-archive.jsonl.gz \
        --work build/spacy-vectors --every 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.archive.reader import bucket
from pipeline.entities.clusters import train_vectors
from pipeline.evaluation.ner_dev import annotation_files, read_annotations


def held_out_bucket(release_id: str) -> bool:
    """Bucket 0 of the project's split rule: never trained on.

    >>> held_out_bucket("a"), held_out_bucket("b")
    (False, True)
    """
    return bucket(release_id) == 0


def annotated_ids() -> frozenset[str]:
    """Ids of the hand-annotated releases of `corpora/ner-dev/` (every split)."""
    return frozenset(annotation["id"] for annotation in read_annotations(annotation_files()))


def training_releases(archive: str | Path, *, every: int = 1) -> Iterator[tuple[str, str]]:
    """(id, text) of the archive's Thai releases that vectors may be learned from: not bucket 0, not
    annotated, and (with `every` > 1) only every `every`-th of those, to bound the time."""
    excluded = annotated_ids()
    path = Path(archive)
    opener = gzip.open if path.suffix == ".gz" else open
    kept = 0
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {number} is not JSON ({exc})") from None
            release_id, text = record.get("id"), record.get("text")
            if record.get("lang", "th") != "th" or not isinstance(text, str) or not isinstance(release_id, str):
                continue
            if held_out_bucket(release_id) or release_id in excluded:
                continue
            kept += 1
            if (kept - 1) % every == 0:
                yield release_id, text


def write_token_file(archive: str | Path, out: Path, *, every: int = 1) -> dict[str, int]:
    """Tokenise the training releases into `out` (gzip; one paragraph a line, tokens joined by U+0001)."""
    from pipeline.normalize import normalize
    from pipeline.tokens import word_tokenize

    out.parent.mkdir(parents=True, exist_ok=True)
    releases = tokens = 0
    partial = out.with_suffix(".partial")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as handle:
        for _id, text in training_releases(archive, every=every):
            releases += 1
            for paragraph in normalize(text).text.split("\n"):
                words = [t for t in word_tokenize(paragraph) if not t.isspace()]
                if words:
                    handle.write("\x01".join(words) + "\n")
                    tokens += len(words)
    partial.replace(out)
    return {"releases": releases, "tokens": tokens}


def train_word2vec(
    token_file: Path,
    out: Path,
    *,
    dims: int = 100,
    min_count: int = 5,
    epochs: int = 3,
    seed: int = 1,
    max_words: int = 20_000,
) -> dict[str, int]:
    """Learn CBOW vectors and write the `max_words` most frequent words as word2vec text (gzip)."""
    model = train_vectors(token_file, min_count=min_count, seed=seed, epochs=epochs, dims=dims)
    words = [w for w in model.wv.index_to_key if not any(ch.isspace() for ch in w)][:max_words]
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=6) as handle:
        handle.write(f"{len(words)} {dims}\n")
        for word in words:
            handle.write(word + " " + " ".join(f"{x:.4f}" for x in model.wv[word]) + "\n")
    return {"vocabulary": len(model.wv.index_to_key), "written": len(words)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--work", type=Path, default=Path("build/spacy-vectors"))
    parser.add_argument("--every", type=int, default=1, help="keep every N-th training release (time bound)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--max-words", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    token_file = args.work / f"tokens-every{args.every}.txt.gz"
    started = time.perf_counter()
    if not token_file.exists():
        print("tokenised:", write_token_file(args.archive, token_file, every=args.every), flush=True)
    print(f"tokens ready in {time.perf_counter() - started:.0f}s: {token_file}", flush=True)
    started = time.perf_counter()
    out = args.work / "vectors.txt.gz"
    summary = train_word2vec(
        token_file, out, dims=args.dims, epochs=args.epochs, seed=args.seed, max_words=args.max_words
    )
    print(f"word2vec in {time.perf_counter() - started:.0f}s: {summary} -> {out}", flush=True)


if __name__ == "__main__":
    main()
