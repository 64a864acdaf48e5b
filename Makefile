# thaipress: every install step lives here, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
SAMPLE := seeds/apec-local-innovation-forum.th.txt

.PHONY: demo test install install-test browser screenshot model clusters model-clusters gap-model eval-ner eval-repair bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test,review,transformers]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up and run the pipeline on the bundled sample release.
demo: install
	$(VENV)/bin/thaipress process $(SAMPLE) --format markdown

## Set up (with test extras) and run the tests.
test: install-test
	$(PY) -m pytest

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

## Retrain our CRF entity tagger on ThaiNER 1.5 train, holding out val (features read corpora/gazetteers).
model: install
	$(VENV)/bin/thaipress train ner --train $(SHARED)/corpora/thainer-1.5/train.txt --held-out $(SHARED)/corpora/thainer-1.5/val.txt

## Retrain the numeral-repair gap model on intact thaigov releases 3000-4999 and 6000-9999 (about 2 minutes).
gap-model: install
	$(VENV)/bin/thaipress train gaps $(SHARED)/corpora/thaigov-sample.jsonl.gz

## Entity scores on ThaiNER 1.5 val, ours and the bundled CRF peer in one run.
eval-ner: install
	$(VENV)/bin/thaipress eval ner $(SHARED)/corpora/thainer-1.5/val.txt

## Numeral repair scores on damaged intact releases (dev slice, then a held-out slice).
eval-repair: install
	$(VENV)/bin/thaipress eval repair $(SHARED)/corpora/thaigov-sample.jsonl.gz --limit 500
	$(VENV)/bin/thaipress eval repair $(SHARED)/corpora/thaigov-sample.jsonl.gz --offset 5000 --limit 1000

## Speed and memory against the peer, on the thaigov sample.
bench: install
	$(PY) benchmarks/bench_process.py --sample $(SHARED)/corpora/thaigov-sample.jsonl.gz

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
