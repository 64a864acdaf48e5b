"""Word clusters learned from the thaigov archive: in-domain knowledge for the entity CRF.

The table (`corpora/clusters/thaigov-word-clusters.tsv`) gives each frequent word of the archive a binary
path in a cluster tree, like a Brown cluster's bit string: words that occur in similar contexts share long
prefixes ("กระทรวงพาณิชย์" and "กระทรวงการคลัง", "เชียงใหม่" and "ขอนแก่น"). The CRF reads prefixes of it
(`press_features`) for the word and its neighbours, so a name it never saw in ThaiNER still looks like the
names it did see.

How the table is built (`make clusters`, byte for byte the same on a rerun):

1. every Thai release of the archive is normalised and tokenised with the pipeline's own tokenizer
   (`pipeline.tokens.word_tokenize`), one line a paragraph, whitespace tokens dropped;
2. word2vec (gensim, CBOW, 100 dimensions, window 5, one worker, seed 1, a hash that does not depend on
   PYTHONHASHSEED) learns a vector for every word seen at least `min_count` times;
3. the `max_words` most frequent words' unit vectors are split in two by 2-means (cosine, seeded),
   then each half again, down to `depth` levels: a word's path of 0/1 choices is its bit string.

    python -m pipeline.entities.clusters ../shared/corpora/thaigov-archive.jsonl.gz \
        --out corpora/clusters/thaigov-word-clusters.tsv
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.resources import corpus_file

CLUSTER_TABLE = ("clusters", "thaigov-word-clusters.tsv")
PREFIXES = (4, 8, 12)


@functools.cache
def word_clusters() -> dict[str, str]:
    """Word -> bit string, from the shipped table; FileNotFoundError names it and how to rebuild it."""
    path = corpus_file(*CLUSTER_TABLE)
    if not path.exists():
        raise FileNotFoundError(f"word cluster table not found: {path} (run `make clusters` to build it)")
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(("#", "word\t")):
                continue
            word, _tab, rest = line.rstrip("\n").partition("\t")
            bits = rest.partition("\t")[0]
            if not word or not bits or set(bits) - {"0", "1"}:
                raise ValueError(f"{path}: malformed line {line[:60]!r} (run `make clusters` to rebuild it)")
            table[word] = bits
    return table


def cluster_features(word: str, table: dict[str, str], prefix: str = "c") -> list[str]:
    """CRF attributes of one word's cluster: its bit string cut at each length of `PREFIXES`.

    >>> cluster_features("กรม", {"กรม": "0110100111010"})
    ['c4:0110', 'c8:01101001', 'c12:011010011101']
    >>> cluster_features("zzz", {})
    ['c:none']
    """
    bits = table.get(word)
    if bits is None:
        return [prefix + ":none"]
    return [f"{prefix}{n}:{bits[:n]}" for n in PREFIXES]


# -- building the table ------------------------------------------------------------------------------


def archive_paragraphs(archive: str | Path, exclude: frozenset[str] = frozenset()) -> Iterator[list[str]]:
    """Token lists, one per non-empty paragraph, of every Thai release of a JSONL(.gz) archive."""
    from pipeline.normalize import normalize
    from pipeline.tokens import word_tokenize

    path = Path(archive)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text")
            if record.get("lang", "th") != "th" or not isinstance(text, str) or record.get("id") in exclude:
                continue
            for paragraph in normalize(text).text.split("\n"):
                tokens = [t for t in word_tokenize(paragraph) if not t.isspace()]
                if tokens:
                    yield tokens


def write_token_file(paragraphs: Iterable[list[str]], out: Path) -> int:
    """One paragraph a line, tokens separated by U+0001 (tokens may hold spaces); returns the token count."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=3) as handle:
        for tokens in paragraphs:
            handle.write("\x01".join(tokens) + "\n")
            count += len(tokens)
    return count


class TokenFile:
    """Re-iterable paragraphs of a token file (gensim reads the corpus once per epoch)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[list[str]]:
        with gzip.open(self.path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield line.rstrip("\n").split("\x01")


def stable_hash(text: str) -> int:
    # gensim seeds each word's initial vector with hashfxn(word + seed); Python's hash() changes per run.
    return zlib.crc32(text.encode("utf-8"))


def train_vectors(token_file: Path, *, min_count: int, seed: int, epochs: int, dims: int = 100):
    from gensim.models import Word2Vec

    return Word2Vec(
        sentences=TokenFile(token_file),
        vector_size=dims,
        window=5,
        min_count=min_count,
        sg=0,
        negative=5,
        sample=1e-4,
        epochs=epochs,
        workers=1,
        seed=seed,
        hashfxn=stable_hash,
    )


def bisect_tree(vectors, depth: int, seed: int) -> list[str]:
    """Bit strings of `depth` binary choices: each group of unit vectors split in two by spherical 2-means."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    bits: list[list[str]] = [[] for _ in range(len(x))]
    groups = [np.arange(len(x))]
    for _level in range(depth):
        next_groups = []
        for idx in groups:
            if len(idx) < 2:
                for i in idx:
                    bits[i].append("0")
                next_groups.append(idx)
                continue
            side = _two_means(x[idx], rng)
            for i, s in zip(idx, side):
                bits[i].append("1" if s else "0")
            next_groups.extend([idx[~side], idx[side]])
        groups = [g for g in next_groups if len(g)]
    return ["".join(b) for b in bits]


def _two_means(x, rng, iterations: int = 20):
    import numpy as np

    centres = x[rng.choice(len(x), size=2, replace=False)]
    side = np.zeros(len(x), dtype=bool)
    for _ in range(iterations):
        sims = x @ centres.T
        new_side = sims[:, 1] > sims[:, 0]
        if new_side.all() or not new_side.any():  # degenerate start: split on the first principal direction
            direction = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)[2][0]
            new_side = (x - x.mean(axis=0)) @ direction > 0
        if (new_side == side).all():
            break
        side = new_side
        centres = np.stack([x[~side].mean(axis=0), x[side].mean(axis=0)])
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    return side


def build(
    archive: Path,
    out: Path,
    *,
    work: Path,
    max_words: int = 100_000,
    min_count: int = 5,
    depth: int = 16,
    seed: int = 1,
    epochs: int = 5,
    exclude: frozenset[str] = frozenset(),
) -> dict:
    """Tokenise the archive (cached in `work`), learn vectors, cut the tree, write the table to `out`."""
    token_file = work / "archive-tokens.txt.gz"
    if not token_file.exists():
        write_token_file(archive_paragraphs(archive, exclude), token_file)
    model = train_vectors(token_file, min_count=min_count, seed=seed, epochs=epochs)
    words = model.wv.index_to_key[:max_words]  # by frequency, most frequent first
    counts = {w: model.wv.get_vecattr(w, "count") for w in words}
    bits = bisect_tree(model.wv.vectors[: len(words)], depth, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(
            f"# Word clusters of the thaigov archive ({archive.name}), built by `make clusters` "
            f"(pipeline/entities/clusters.py): word2vec CBOW d=100 window=5 min_count={min_count} epochs={epochs} "
            f"seed={seed}, spherical 2-means bisection to depth {depth}; the {len(words)} most frequent words.\n"
            "# Source text: thaigov.go.th press releases (public domain, Thai Copyright Act B.E. 2537 s.7).\n"
        )
        handle.write("word\tbits\tcount\n")
        for word, b in zip(words, bits):
            if "\t" in word or "\n" in word:
                continue
            handle.write(f"{word}\t{b}\t{counts[word]}\n")
    return {"words": len(words), "vocabulary": len(model.wv.index_to_key), "out": str(out)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--out", type=Path, default=corpus_file(*CLUSTER_TABLE))
    parser.add_argument("--work", type=Path, default=Path("build/clusters"), help="where the token file is cached")
    parser.add_argument("--max-words", type=int, default=100_000)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--depth", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exclude-ids", type=Path, help="a file of release ids (one a line) to leave out")
    args = parser.parse_args(argv)
    exclude = frozenset(args.exclude_ids.read_text(encoding="utf-8").split("\n")) if args.exclude_ids else frozenset()
    summary = build(
        args.archive,
        args.out,
        work=args.work,
        max_words=args.max_words,
        min_count=args.min_count,
        depth=args.depth,
        seed=args.seed,
        epochs=args.epochs,
        exclude=exclude - {""},
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
