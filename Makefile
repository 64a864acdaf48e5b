# thaipress: every install step lives here, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
SAMPLE := seeds/apec-local-innovation-forum.th.txt

.PHONY: demo test install install-test browser screenshot model gap-model name-model eval-translit eval-ner eval-repair bench clean pairs glossary glossary-dev eval-people count-pairs eval-twin twin-phrases twin-placement install-dev lint wheel-check ci gazetteers gazetteer-archive eval-ner-gov clusters model-clusters bench-archive spacy-vectors model-spacy compare-spacy eval-people-tune thai2rom-table translit-table classifier-table model-check

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test,review,transformers]"
	touch $@

# mypy reads the same packages the tests import (the review desk, the batch extras), so lint installs them too.
$(VENV)/.installed-dev: $(VENV)/.installed-test
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# The name transliterator's spellings of the shipped thai2rom tables' words: built here, not tracked (5.8 MB;
# about a minute; byte for byte the same from the same model and tables). See `translit-table` below.
TRANSLIT_DIR := models/name-translit
TRANSLIT_TABLE := $(TRANSLIT_DIR)/spelled-words.tsv
$(TRANSLIT_TABLE): $(VENV)/.installed $(TRANSLIT_DIR)/name-translit.crfsuite $(TRANSLIT_DIR)/rom-align.tsv $(TRANSLIT_DIR)/thai2rom-words.tsv $(TRANSLIT_DIR)/thai2rom-archive-names.tsv
	$(PY) -m pipeline.english.transliterator

install: $(VENV)/.installed $(TRANSLIT_TABLE)
install-test: $(VENV)/.installed-test $(TRANSLIT_TABLE)
install-dev: $(VENV)/.installed-dev

## Set up and run the pipeline on the bundled sample release.
demo: install
	$(VENV)/bin/thaipress process $(SAMPLE) --format markdown

## Set up (with test extras) and run the tests.
test: install-test
	$(PY) -m pytest

## Lint and type gate: ruff (lint and format) and mypy on pipeline/ (settings in pyproject.toml).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## Build the wheel, install it in a fresh venv, and process the sample release from a folder outside the
## repository: the same record as the checkout gives (tests/test_wheel.py; a few minutes).
wheel-check: install-test
	rm -rf build  # setuptools leaves old copies there, which a new wheel would pick up
	THAIPRESS_WHEEL_CHECK=1 $(PY) -m pytest tests/test_wheel.py -p no:cacheprovider

## What CI runs (.ci/run): the lint gate, the tests, the wheel check.
ci: lint test wheel-check

## Regenerate the province and district gazetteers from the geothai package (the `build` extra).
gazetteers: install
	$(PY) -m pip install -q -e ".[build]"
	$(PY) corpora/gazetteers/build_from_packages.py

## Headless Chromium (and a Thai font, for screenshots) for the review desk's browser test.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-tlwg-loma-otf; fi

## Refresh docs/review-desk.png.
screenshot: install-test browser
	THAIPRESS_SCREENSHOT=1 $(PY) -m pytest tests/e2e -q

## Relearn the archive's word clusters (corpora/clusters/, about 25 minutes of CPU; gensim is installed for
## this step only).
clusters: install
	$(PY) -m pip install -q "gensim>=4.3,<5"
	$(PY) -m pipeline.entities.clusters $(SHARED)/corpora/thaigov-archive.jsonl.gz --work build/clusters

## Train the CRF with the word-cluster features too (build/ner-clusters.crfsuite) and score it next to the
## shipped model and the peer on ThaiNER val (the comparison in models/README.md).
model-clusters: install
	$(VENV)/bin/thaipress train ner --train $(SHARED)/corpora/thainer-1.5/train.txt --held-out $(SHARED)/corpora/thainer-1.5/val.txt --clusters --out build/ner-clusters.crfsuite
	$(PY) benchmarks/compare_ner.py $(SHARED)/corpora/thainer-1.5/val.txt --model "with clusters=build/ner-clusters.crfsuite"

## Retrain our CRF entity tagger (models/ner-crf/) on ThaiNER 1.5 train, holding out val, and on the government
## releases annotated for training (corpora/ner-dev/train.jsonl: every line by default, GOV_LIMIT=N for the first
## N only; each GOV_REPEAT times); features read corpora/gazetteers. Deterministic: it rebuilds the shipped file
## byte for byte from the same train.jsonl (sha1 in models/README.md; `make model-check` trains into build/ and compares).
GOV_REPEAT ?= 1
GOV_LIMIT ?= all
NER_GOV_LIMIT = $(if $(filter-out all 0,$(GOV_LIMIT)),--gov-limit $(GOV_LIMIT))
NER_TRAIN = $(VENV)/bin/thaipress train ner --train $(SHARED)/corpora/thainer-1.5/train.txt --held-out $(SHARED)/corpora/thainer-1.5/val.txt --gov $(ARCHIVE) --gov-repeat $(GOV_REPEAT) $(NER_GOV_LIMIT)
model: install
	$(NER_TRAIN)

## Train as `make model` does into build/ and check that the result is the shipped file, byte for byte.
model-check: install
	$(NER_TRAIN) --out build/ner-check.crfsuite
	cmp build/ner-check.crfsuite models/ner-crf/thaipress-ner.crfsuite && echo "make model rebuilds the shipped file"

## Static word vectors of the thaigov archive for the spaCy entity model (build/spacy-ner/vectors): every
## 2nd Thai release outside bucket 0 and corpora/ner-dev, pipeline tokens, word2vec seed 1 (about 15 min).
SPACY_THREADS := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
spacy-vectors: install
	$(PY) -m pip install -q "gensim>=4.3,<5"
	$(SPACY_THREADS) nice $(PY) -m pipeline.entities.archive_vectors $(SHARED)/corpora/thaigov-archive.jsonl.gz --work build/spacy-vectors --every 2 --epochs 5 --seed 1
	$(PY) -m spacy init vectors th build/spacy-vectors/vectors.txt.gz build/spacy-ner/vectors --name thaigov_w2v_100

## Train the spaCy entity model (tok2vec + NER, models/spacy-ner/config.cfg) on ThaiNER 1.5 train minus val,
## with the archive's static vectors (built first if missing); the last model (not the one best on val, which is what is compared) in build/spacy-ner/out/model-last.
model-spacy: install
	[ -d build/spacy-ner/vectors ] || $(MAKE) spacy-vectors
	$(PY) -m pipeline.entities.spacy_ner docbin $(SHARED)/corpora/thainer-1.5/train.txt --held-out $(SHARED)/corpora/thainer-1.5/val.txt --out build/spacy-ner/train.spacy
	$(PY) -m pipeline.entities.spacy_ner docbin $(SHARED)/corpora/thainer-1.5/val.txt --out build/spacy-ner/val.spacy
	$(SPACY_THREADS) nice $(PY) -m spacy train models/spacy-ner/config.cfg --code pipeline/entities/spacy_ner.py --output build/spacy-ner/out --paths.train build/spacy-ner/train.spacy --paths.dev build/spacy-ner/val.spacy --paths.vectors build/spacy-ner/vectors

## CRF stage, spaCy model and their combinations on ThaiNER val and the government dev half, with speed.
compare-spacy: install
	$(PY) benchmarks/compare_spacy_ner.py --spacy-model build/spacy-ner/out/model-last --val $(SHARED)/corpora/thainer-1.5/val.txt --gov $(SHARED)/corpora/thaigov-archive.jsonl.gz --sample $(SHARED)/corpora/thaigov-sample.jsonl.gz

## Retrain the numeral-repair gap model on intact thaigov releases 3000-4999 and 6000-9999 (about 2 minutes).
gap-model: install
	$(VENV)/bin/thaipress train gaps $(SHARED)/corpora/thaigov-sample.jsonl.gz

## The ORCHID tagger's classifier reading of pythainlp's dictionary words, looked up instead of tagging
## (models/count-gap/tagged-classifiers.tsv; pipeline/numerals/lexicon.py; a few minutes).
classifier-table: install
	$(PY) -c "from pipeline.numerals.lexicon import build_classifier_table; print(build_classifier_table(), 'words')"

## Retrain the name transliterator on the archive's people glossary, held-out persons left out (about a minute).
name-model: install
	$(VENV)/bin/thaipress train names corpora/glossary/people.tsv

## thai2rom's romanisation of pythainlp's given names, family names and dictionary words, looked up instead of running thai2rom
## (models/name-translit/thai2rom-words.tsv), and of the name words after titles in the archive past its first 10,000 lines
## (thai2rom-archive-names.tsv); pipeline/english/romanization_cache.py; several minutes.
thai2rom-table: install
	$(PY) -m pipeline.english.romanization_cache
	$(PY) -m pipeline.english.romanization_cache $(ARCHIVE)

## The name transliterator's spelling of every word of those two tables (models/name-translit/spelled-words.tsv),
## looked up instead of spelled. Built by `make install` when missing or older than the model and the tables;
## this target rebuilds it (a stale table, made with another model, is not read).
translit-table: $(VENV)/.installed
	rm -f $(TRANSLIT_TABLE)
	$(MAKE) $(TRANSLIT_TABLE)

## The name transliterator against thai2rom on held-out persons of the people glossary, same run.
eval-translit: install
	$(VENV)/bin/thaipress eval translit corpora/glossary/people.tsv

## Relearn the count-pair table (corpora/numerals/count_pairs.tsv) from the same slices as the gap model.
count-pairs: install
	$(VENV)/bin/thaipress train pairs $(SHARED)/corpora/thaigov-sample.jsonl.gz

## Rebuild corpora/gazetteers/archive_agencies.tsv: agency names the archive writes as "NAME (ABBR)" (about 10 minutes).
gazetteer-archive: install
	$(PY) -m pipeline.entities.agencies $(SHARED)/corpora/thaigov-archive.jsonl.gz

## Entity scores on ThaiNER 1.5 val, ours and the bundled CRF peer in one run.
eval-ner: install
	$(VENV)/bin/thaipress eval ner $(SHARED)/corpora/thainer-1.5/val.txt

## Entity scores on the hand-annotated government releases (corpora/ner-dev), ours and the peer's;
## SPLIT=heldout for the held-out half, SPLIT=heldout2 / SPLIT=heldout3 / SPLIT=heldout4 for the fresh held-out sets (report only, never tune on them).
SPLIT ?= dev
eval-ner-gov: install
	$(VENV)/bin/thaipress eval ner --gov $(SHARED)/corpora/thaigov-archive.jsonl.gz --split $(SPLIT)

## Entity scores on corpora/ner-dev train lines 61-260, which the shipped CRF (trained on the first 60) has
## not seen: a 4,156-mention development set for the rules, per label with error kinds (UNSEEN_ARGS="--errors e.tsv").
eval-ner-unseen: install
	$(PY) benchmarks/eval_ner_unseen.py --archive $(SHARED)/corpora/thaigov-archive.jsonl.gz --start 60 $(UNSEEN_ARGS)

## Numeral repair scores on damaged intact releases (dev slice, then a held-out slice).
eval-repair: install
	$(VENV)/bin/thaipress eval repair $(SHARED)/corpora/thaigov-sample.jsonl.gz --limit 500
	$(VENV)/bin/thaipress eval repair $(SHARED)/corpora/thaigov-sample.jsonl.gz --offset 5000 --limit 1000

ARCHIVE := $(SHARED)/corpora/thaigov-archive.jsonl.gz

## Pair each English release of the archive with its Thai twin (corpora/archive/pairs.jsonl; ~20 min on a busy 2-core box).
pairs: install
	$(VENV)/bin/thaipress archive pairs $(ARCHIVE) --out corpora/archive/pairs.jsonl

## Rebuild the pairs and the mined glossaries (people, roles, agencies, mined gazetteer rows), byte for byte.
glossary: pairs
	$(VENV)/bin/thaipress archive glossary $(ARCHIVE) --pairs corpora/archive/pairs.jsonl --out-dir corpora/glossary \
	  --gazetteer-out corpora/gazetteers/th_government_mined.tsv

## The same glossaries from the development pairs only (for honest held-out evaluation), under build/glossary-dev/.
glossary-dev: install
	$(VENV)/bin/thaipress archive glossary $(ARCHIVE) --pairs corpora/archive/pairs.jsonl --out-dir build/glossary-dev \
	  --exclude-split heldout

## People in held-out pairs: share within 0.85 of the government's spelling, the shipped name chain with its
## glossary and transliterator learned from dev pairs only (under build/eval-people/), thai2rom in the same run;
## and agencies named as the English release prints them.
eval-people: install
	$(VENV)/bin/thaipress archive eval-people $(ARCHIVE) --pairs corpora/archive/pairs.jsonl --split heldout

## The same on the dev-internal tuning slice (bucket 1, learning from buckets 2-4): tune on this, not on held-out.
eval-people-tune: install
	$(VENV)/bin/thaipress archive eval-people $(ARCHIVE) --pairs corpora/archive/pairs.jsonl --split tune
## Learned twin tables (corpora/twin/figure_phrases.tsv, unit_pairs.tsv) from the development archive pairs.
twin-phrases: install
	$(PY) -m pipeline.twin.phrases corpora/archive/pairs.jsonl $(SHARED)/corpora/thaigov-archive.jsonl.gz

## The twin's learned placement (models/twin-placement/placement.json), trained on the dev archive pairs only
## (buckets 1-4 of sha1(en_id) % 5; damage seeds apart from the evaluation's; deterministic; ~40 min on a busy box).
twin-placement: install
	$(PY) -m pipeline.twin.train_placement corpora/archive/pairs.jsonl $(SHARED)/corpora/thaigov-archive.jsonl.gz --buckets 1,2,3,4 --seeds 100,101,102 --out models/twin-placement/placement.json

## Restoring lost numerals from the English twin, on the held-out archive pairs (dev: --split dev).
eval-twin: install
	$(VENV)/bin/thaipress eval twin corpora/archive/pairs.jsonl --archive $(SHARED)/corpora/thaigov-archive.jsonl.gz --split heldout

## Speed and memory against the peer, on fresh archive releases (3 rounds of 300, each release seen once; CPU time).
## The old warm measure (the same 300 sample releases every round): add --sample ... without --fresh, see the script.
bench: install
	$(PY) benchmarks/bench_process.py --archive $(SHARED)/corpora/thaigov-archive.jsonl.gz --fresh --cpu

## The whole archive (63,192 releases) through `thaipress batch --workers 2`: wall time, docs/s, errors by
## kind, lost inputs (must be 0), peak memory per worker. A slice: make bench-archive BENCH_ARCHIVE_ARGS="--stride 31".
BENCH_ARCHIVE_ARGS ?=
bench-archive: install
	$(PY) benchmarks/bench_archive.py --archive $(SHARED)/corpora/thaigov-archive.jsonl.gz --workers 2 $(BENCH_ARCHIVE_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
