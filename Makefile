# claimscope: `make reports` builds the sample report site, `make test` runs the tests.
# Every target sets up the environment it needs (a .venv installed from requirements.lock).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := build/sample
SOURCES := $(shell find lib -name '*.py' -o -name '*.tsv' -o -name '*.j2' -o -name '*.css' 2>/dev/null)
NOTEBOOKS := $(wildcard notebooks/*.ipynb)

.DEFAULT_GOAL := help
.PHONY: help setup extract reports test lint format lab schema clean

help: ## show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install claimscope with pinned dependencies (no-op when up to date)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

$(SAMPLE)/manifest.json: $(STAMP) $(wildcard data/*) $(SOURCES)
	$(BIN)/claimscope extract data --out $(SAMPLE)

extract: $(SAMPLE)/manifest.json ## extract the tables of the sample article into build/sample

reports: $(SAMPLE)/manifest.json $(NOTEBOOKS) $(wildcard notebooks/scripts/*.py) ## extract the sample and write the report site to reports/
	$(BIN)/claimscope report --data $(SAMPLE) --out reports --topic "North Korea"
	@echo "open reports/index.html in a browser"

test: $(STAMP) lint ## run the linter and the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check lib tests notebooks
	$(BIN)/ruff format --check lib tests notebooks

format: $(STAMP) ## format the code with ruff
	$(BIN)/ruff format lib tests notebooks
	$(BIN)/ruff check --fix lib tests notebooks

lab: $(SAMPLE)/manifest.json ## start JupyterLab on 127.0.0.1 with the notebooks (trusted: charts interactive)
	$(BIN)/jupyter trust notebooks/*.ipynb >/dev/null
	$(BIN)/jupyter lab --ip 127.0.0.1 --no-browser --notebook-dir notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

schema: $(STAMP) ## regenerate docs/data-dictionary.md from the declared schemas
	$(BIN)/claimscope schema --out docs/data-dictionary.md

clean: ## remove generated tables and reports (keeps .venv)
	rm -rf build reports/*.html reports/notebooks reports/charts reports/assets

.PHONY: eval
eval: $(STAMP) ## score quotes and speakers on every gold set in ../shared/gold (parses once: ~6 min, then ~1 min)
	$(BIN)/python benchmarks/eval_quotes.py --fast

.PHONY: train-resolver
train-resolver: $(STAMP) ## fit the speaker model on the development gold (lib/claimscope/rules/speaker_model.tsv)
	$(BIN)/python benchmarks/train_resolver.py

.PHONY: bench
bench: $(STAMP) ## measure scale figures on the Wikinews corpus (BENCH_ARGS=--quick for a short run)
	$(BIN)/python benchmarks/bench_stages.py
	$(BIN)/python benchmarks/bench_scale.py $(BENCH_ARGS)
