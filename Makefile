# thaipress: every install step lives here, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
SAMPLE := seeds/apec-local-innovation-forum.th.txt

.PHONY: demo test install install-test model eval-ner bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up and run the pipeline on the bundled sample release.
demo: install
	$(VENV)/bin/thaipress process $(SAMPLE) --format markdown

## Set up (with test extras) and run the tests.
test: install-test
	$(PY) -m pytest

## Retrain our CRF entity tagger on ThaiNER 1.5 train, holding out val.
model: install
	$(VENV)/bin/thaipress train ner --train $(SHARED)/corpora/thainer-1.5/train.txt --held-out $(SHARED)/corpora/thainer-1.5/val.txt

## Entity scores on ThaiNER 1.5 val, ours and the bundled CRF peer in one run.
eval-ner: install
	$(VENV)/bin/thaipress eval ner $(SHARED)/corpora/thainer-1.5/val.txt

## Speed and memory against the peer, on the thaigov sample.
bench: install
	$(PY) benchmarks/bench_process.py --sample $(SHARED)/corpora/thaigov-sample.jsonl.gz

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
