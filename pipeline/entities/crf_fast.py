"""Our CRF's tags without pycrfsuite's per-attribute cost, identical to crfsuite's.

`pycrfsuite.Tagger.tag` is handed ~19 attribute strings per token: it copies each into a C++ item, looks it
up in the model's string table and adds its weights into the token's state scores; then crfsuite runs Viterbi.
That costs more than building the features. Here the model's weights are read once from the `.crfsuite` file
(the features chunk and the two string tables; the format is crfsuite's `crf1dm`), each word's attributes
become row numbers once per word, and a release's state scores are sums of gathered rows (numpy, one
addition per attribute slot over all tokens). Viterbi is crfsuite's own `crf1dc_viterbi`, called through
ctypes on those scores.

Identical by construction: crfsuite adds an item's attribute weights in the item's order into scores that
start at zero; the rows here are added in exactly that order (a word's own attributes, which come first, are
pre-summed in their order from zero, which is the same partial sum; a missing attribute adds a zero row,
which leaves every value as it was), so every state score is the same double, and the Viterbi is the same
code. `FastPressTagger.check` compares the tags with pycrfsuite's on a sample when the tagger is built; when
anything is off (another crfsuite build, a model file of another layout, no ctypes) the tagger is not used
and pycrfsuite tags as before.
"""

from __future__ import annotations

import ctypes
import struct
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.entities.features import _Edge, _stopwords, _WordFacts

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def read_crfsuite_model(path: str | Path) -> tuple[np.ndarray, list[str], list[str]]:
    """(features, labels, attributes) of a crfsuite CRF1d model file: features as a structured array of
    (type 0 state / 1 transition, source attribute or label id, destination label id, weight)."""
    data = Path(path).read_bytes()
    head = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    magic, _size, kind, _version, _nf, n_labels, n_attrs, off_features, off_labels, off_attrs = head[:10]
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"not a crfsuite CRF1d model: {path}")
    chunk, _chunk_size, n_features = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ValueError(f"no feature chunk in {path}")
    features = np.frombuffer(data, dtype=_FEATURE, count=n_features, offset=off_features + 12)

    def strings(offset: int, count: int) -> list[str]:  # a CQDB chunk, read through its id -> record array
        chunk, _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB" or bwd_size < count:
            raise ValueError(f"bad string table in {path}")
        out = []
        for i, at in enumerate(struct.unpack_from(f"<{bwd_size}I", data, offset + bwd_offset)[:count]):
            record_id, size = struct.unpack_from("<II", data, offset + at)
            if record_id != i:
                raise ValueError(f"bad string table in {path}")
            start = offset + at + 8
            out.append(data[start : start + size - 1].decode("utf-8", "surrogateescape"))
        return out

    return features, strings(off_labels, n_labels), strings(off_attrs, n_attrs)


class _CRFSuiteViterbi:
    """crfsuite's `crf1dc_viterbi` over state scores we computed, through ctypes (the library pycrfsuite
    loaded; the context's layout is crfsuite 0.12's `crf1d_context_t`, checked on every new context)."""

    def __init__(self, transitions: np.ndarray) -> None:
        from importlib.metadata import version

        import pycrfsuite._pycrfsuite as extension

        if not version("python-crfsuite").startswith("0.9."):  # the crfsuite 0.12 inside: the layout read here
            raise RuntimeError("python-crfsuite of another series: its crfsuite context is not read here")
        lib = ctypes.CDLL(extension.__spec__.origin)  # the loaded extension library
        self._new, self._set_items, self._viterbi = lib.crf1dc_new, lib.crf1dc_set_num_items, lib.crf1dc_viterbi
        self._new.restype, self._new.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._set_items.restype, self._set_items.argtypes = ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]
        self._viterbi.restype = ctypes.c_double
        self._viterbi.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        self._delete = lib.crf1dc_delete
        self._delete.argtypes = [ctypes.c_void_p]
        self.labels = transitions.shape[0]
        self._transitions = np.ascontiguousarray(transitions, dtype=np.float64)
        self._context = None
        self._capacity = 0

    def _prepare(self, n: int) -> int:
        if self._context is None or n > self._capacity:
            if self._context is not None:
                self._delete(self._context)
            self._capacity = max(n, 2 * self._capacity, 1024)
            self._context = self._new(1, self.labels, self._capacity)  # CTXF_VITERBI
            if not self._context:
                raise MemoryError("crfsuite context")
        context = self._context
        if self._set_items(context, n) != 0:
            raise MemoryError("crfsuite context")
        _flag, labels, items = struct.unpack("<iii", ctypes.string_at(context, 12))
        if labels != self.labels or items != n:
            raise RuntimeError("crfsuite's context has another layout")
        return context

    def __call__(self, state: np.ndarray) -> list[int]:
        n = state.shape[0]
        context = self._prepare(n)
        state_ptr, trans_ptr = struct.unpack("<QQ", ctypes.string_at(context + 24, 16))
        ctypes.memmove(state_ptr, np.ascontiguousarray(state, dtype=np.float64).ctypes.data, state.nbytes)
        ctypes.memmove(trans_ptr, self._transitions.ctypes.data, self._transitions.nbytes)
        out = (ctypes.c_int * n)()
        self._viterbi(context, out)
        return list(out)

    def __del__(self) -> None:
        if getattr(self, "_context", None) is not None:
            self._delete(self._context)
            self._context = None


class _Bigrams:
    """The bigram attributes of the model ("w-1|w:" + word + "|" + word, "w|w+1:" ...), found for all tokens
    at once: each word of a bigram has a number, a pair of numbers a code, and the codes are sorted.

    A word may hold "|" itself, so every split of an attribute is a pair: a pair that joins to the
    attribute's text is the attribute's, whichever split it is (as crfsuite, which sees the text)."""

    def __init__(self, attributes: Sequence[str]) -> None:
        self.words: dict[str, int] = {}
        pairs: list[list[tuple[int, int, int]]] = [[], []]
        for i, a in enumerate(attributes):
            kind = 0 if a.startswith("w-1|w:") else 1 if a.startswith("w|w+1:") else -1
            if kind < 0:
                continue
            pair = a[6:]
            at = pair.find("|")
            while at >= 0:
                first = self.words.setdefault(pair[:at], len(self.words))
                second = self.words.setdefault(pair[at + 1 :], len(self.words))
                pairs[kind].append((first, second, i))
                at = pair.find("|", at + 1)
        self.size = max(len(self.words), 1)
        self.codes: list[np.ndarray] = []
        self.ids: list[np.ndarray] = []
        for found in pairs:
            table = np.array(sorted((a * self.size + b, i) for a, b, i in found), dtype=np.int64).reshape(-1, 2)
            self.codes.append(table[:, 0])
            self.ids.append(table[:, 1].astype(np.intp))

    def find(self, before: np.ndarray, this: np.ndarray, after: np.ndarray, zero: int) -> tuple[np.ndarray, ...]:
        """Per token, the id of its "w-1|w" and of its "w|w+1" attribute (`zero` where the model has none),
        from the bigram numbers of the words before, at and after each token (-1: in no bigram)."""
        out = []
        for kind, (a, b) in enumerate(((before, this), (this, after))):
            ids = np.full(len(this), zero, dtype=np.intp)
            codes = self.codes[kind]
            where = np.flatnonzero((a >= 0) & (b >= 0))
            if len(where) and len(codes):
                wanted = a[where].astype(np.int64) * self.size + b[where]
                at = np.minimum(np.searchsorted(codes, wanted), len(codes) - 1)
                hit = codes[at] == wanted
                ids[where[hit]] = self.ids[kind][at[hit]]
            out.append(ids)
        return tuple(out)


class FastPressTagger:
    """Tags of our press CRF for (tokens, gazetteer tags), the same as `press_features` + pycrfsuite.

    `title_words`, `lexicon`, `clusters`, `known`: as given to `press_features` (the model's attributes for
    `known`)."""

    _WORD_LIMIT = 100_000  # words whose rows are kept (an archive's vocabulary keeps growing: start afresh)

    def __init__(
        self,
        model_path: str | Path,
        title_words: frozenset[str],
        lexicon: dict[str, str] | None,
        clusters: dict[str, str] | None,
        known: frozenset[str] | None,
    ) -> None:
        features, self.labels, attributes = read_crfsuite_model(model_path)
        n_labels = len(self.labels)
        self.index = {a: i for i, a in enumerate(attributes)}
        self.zero = len(attributes)  # the row of an attribute the model does not know: all zeros
        weights = np.zeros((len(attributes) + 1, n_labels))
        transitions = np.zeros((n_labels, n_labels))
        state = features[features["type"] == 0]
        weights[state["src"], state["dst"]] = state["weight"]
        trans = features[features["type"] == 1]
        transitions[trans["src"], trans["dst"]] = trans["weight"]
        self.weights = weights
        self.viterbi = _CRFSuiteViterbi(transitions)
        self._args = (title_words, lexicon, clusters, known)
        self._title1 = self.index.get("title-1", self.zero) if known is None or "title-1" in known else self.zero
        self._title2 = self.index.get("title-2", self.zero) if known is None or "title-2" in known else self.zero
        self._bigrams = _Bigrams(attributes)
        self._width = (lexicon is not None) + 2 * (clusters is not None)  # lex-1 (c4-1, c8-1) and the like
        self._start = _Edge(True, lexicon is not None, clusters is not None, known)
        self._end = _Edge(False, lexicon is not None, clusters is not None, known)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._rows: dict[str, int] = {}
        # (shape, word class, cluster) -> the ids a word of them gives its neighbours (`_context_ids`)
        self._contexts: dict[tuple[str, str, tuple[str, str] | None], tuple[int, int, list[int]]] = {}
        self._count = 0
        self._own = np.zeros((1024, self.weights.shape[1]))
        self._table = np.full((1024, 8 + 2 * self._width), self.zero, dtype=np.intp)
        self._pair_word = np.full(1024, -1, dtype=np.intp)  # the word's number in the bigram attributes
        self._add(["<s>", "</s>"], [self._start, self._end])  # rows 0 and 1: the stand-ins at the edges
        self._rows.clear()  # (a token "<s>" is a word of its own)

    def _ids(self, attributes: Sequence[str]) -> list[int]:
        get, zero = self.index.get, self.zero
        return [get(a, zero) for a in attributes]

    def _context_ids(self, context: tuple[str | None, list[str], str | None, list[str]]) -> tuple[int, int, list[int]]:
        """The ids of what a word gives its neighbours: its shape for the word after, for the word before,
        and its class (and cluster) attributes for the word after then for the word before, each padded
        with the zero row to the model's width."""
        get, zero, width = self.index.get, self.zero, self._width
        shape_before, rest_before, shape_after, rest_after = context
        before, after = self._ids(rest_before), self._ids(rest_after)
        if len(before) > width or len(after) > width:
            raise ValueError("more context attributes than expected")
        return (
            get(shape_before, zero) if shape_before is not None else zero,
            get(shape_after, zero) if shape_after is not None else zero,
            [*before, *[zero] * (width - len(before)), *after, *[zero] * (width - len(after))],
        )

    def _add(self, words: Sequence[str], facts: Sequence[_WordFacts | _Edge]) -> None:
        """New rows, one per word: its own state scores and the attribute ids it gives its neighbours."""
        first, k = self._count, len(words)
        while first + k > len(self._own):  # full: twice the room
            self._own = np.concatenate([self._own, np.zeros_like(self._own)])
            self._table = np.concatenate([self._table, np.full_like(self._table, self.zero)])
            self._pair_word = np.concatenate([self._pair_word, np.full_like(self._pair_word, -1)])
        self._count += k
        get, zero = self.index.get, self.zero
        lines, owns = [], []
        contexts = self._contexts
        for fact in facts:
            # what a word gives its neighbours beyond itself depends on its shape, class and cluster only
            key = (fact.shape, fact.lex, fact.cluster) if isinstance(fact, _WordFacts) else None
            context = contexts.get(key) if key is not None else None
            if context is None:
                context = self._context_ids(fact.context)
                if key is not None:
                    contexts[key] = context
            shape_before, shape_after, neighbours = context
            lines.append(
                [
                    get(fact.as_prev, zero) if fact.as_prev is not None else zero,
                    get(fact.as_next, zero) if fact.as_next is not None else zero,
                    get(fact.as_prev2, zero) if fact.as_prev2 is not None else zero,
                    get(fact.as_next2, zero) if fact.as_next2 is not None else zero,
                    shape_before,
                    shape_after,
                    self._title1 if fact.is_title else zero,
                    self._title2 if fact.is_title else zero,
                    *neighbours,
                ]
            )
            owns.append([get(a, zero) for a in getattr(fact, "own", ())])
        self._table[first : first + k] = lines
        self._pair_word[first : first + k] = [self._bigrams.words.get(w, -1) for w in words]
        # each word's own attributes summed from zero in the item's order: crfsuite's partial sums
        longest = max(map(len, owns), default=0)
        if longest:
            slots = np.array([o + [zero] * (longest - len(o)) for o in owns], dtype=np.intp)
            own = self.weights.take(slots[:, 0], axis=0)
            for c in range(1, longest):
                own += self.weights.take(slots[:, c], axis=0)
            self._own[first : first + k] = own
        self._rows.update(zip(words, range(first, first + k)))

    def state(self, tokens: Sequence[str], gazetteer_tags: Sequence[str] | None) -> np.ndarray:
        """The state scores of every token and label, as crfsuite computes them from `press_features`."""
        if len(self._rows) > self._WORD_LIMIT:
            self._reset()
        rows = self._rows
        ids = list(map(rows.get, tokens))
        if None in ids:
            new = list(dict.fromkeys(w for w, r in zip(tokens, ids) if r is None))
            stop, args = _stopwords(), self._args
            self._add(new, [_WordFacts(w, stop, *args) for w in new])
            ids = list(map(rows.get, tokens))
        own, table = self._own, self._table
        n = len(tokens)
        padded = np.array([0, 0, *ids, 1, 1], dtype=np.intp)
        # ndarray.take, not fancy indexing: the same rows, gathered faster
        before2, before, after, after2 = (table.take(padded[k : k + n], axis=0) for k in (0, 1, 3, 4))
        state = own.take(padded[2 : n + 2], axis=0)
        add = self._add_rows
        # the order of press_features: own, w-1, w+1, w-2, w+2, bigrams, shape-1, shape+1, title-1, title-2,
        # the word before's class (and clusters), the word after's, the gazetteer tags
        add(state, before[:, 0])
        add(state, after[:, 1])
        add(state, before2[:, 2])
        add(state, after2[:, 3])
        zero = self.zero
        pair_words = self._pair_word.take(padded)
        left, right = self._bigrams.find(pair_words[1 : n + 1], pair_words[2 : n + 2], pair_words[3 : n + 3], zero)
        add(state, left)
        add(state, right)
        add(state, before[:, 4])
        add(state, after[:, 5])
        add(state, before[:, 6])
        add(state, before2[:, 7])
        width = self._width
        for k in range(8, 8 + width):
            add(state, before[:, k])
        for k in range(8 + width, 8 + 2 * width):
            add(state, after[:, k])
        if gazetteer_tags is not None:
            tags = ["<s>", *gazetteer_tags, "</s>"]
            known = self._args[3]
            slots = []
            for t in set(zip(tags[1:], tags, tags[2:])):
                names = ["gaz:" + t[0], "gaz-1:" + t[1], "gaz+1:" + t[2]]
                if known is not None:
                    names = [a for a in names if a in known]
                slots.append((t, self._ids(names)))
            width = max(len(s) for _t, s in slots)
            by_triple = {t: s + [zero] * (width - len(s)) for t, s in slots}
            gaz = np.array([by_triple[t] for t in zip(tags[1:], tags, tags[2:])], dtype=np.intp).reshape(n, width)
            for k in range(width):
                add(state, gaz[:, k])
        return state

    def _add_rows(self, state: np.ndarray, ids: np.ndarray) -> None:
        """state[t] += weights[ids[t]] for every token t; only where the row is not the zero row when those
        are few (adding a zero row changes nothing)."""
        used = np.flatnonzero(ids != self.zero)
        if 2 * len(used) > len(ids):
            state += self.weights.take(ids, axis=0)
        elif len(used):
            state[used] += self.weights.take(ids.take(used), axis=0)

    def tag(self, tokens: Sequence[str], gazetteer_tags: Sequence[str] | None) -> list[str]:
        if not tokens:
            return []
        labels = self.labels
        with self._lock:  # the word rows and crfsuite's context are shared, and ctypes lets go of the GIL
            return [labels[i] for i in self.viterbi(self.state(tokens, gazetteer_tags))]
