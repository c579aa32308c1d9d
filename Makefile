# The two commands of the README, and friends. Everything runs in .venv, created on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
export PATH := $(abspath $(BIN)):$(PATH)
export MPLBACKEND := Agg

.PHONY: reports test lab bench docs clean help

help:
	@echo "make reports  render every notebook on the bundled data into reports/"
	@echo "make test     run the whole test suite"
	@echo "make lab      start JupyterLab with the project's environment"
	@echo "make bench    run the benchmarks against their baselines"
	@echo "make docs     build the documentation into docs/_build/html (make reports docs: with the reports)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

reports: $(STAMP)
	$(BIN)/insight report --all --out reports

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

$(VENV)/.installed-lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,lab]"
	touch $@

$(VENV)/.installed-spark: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,spark]"
	touch $@

$(VENV)/.installed-docs: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,docs]"
	touch $@

# Warnings are errors (-W), and every cross-reference must resolve (-n; conf.py sets nitpicky); `make docs
# SPHINXOPTS=--keep-going` drops -W while working on the pages. The gallery copies the reports `make reports` left
# in reports/ (never re-executed; run `make reports docs` for a gallery with them: rendering them would double the
# build's time, so `docs` does not depend on it). The example scripts of docs/examples run during the build.
SPHINXOPTS ?= -W --keep-going

docs: $(VENV)/.installed-docs
	$(BIN)/python -m sphinx -b html -n $(SPHINXOPTS) -d docs/_build/doctrees docs docs/_build/html

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab --allow-root --no-browser --ip=127.0.0.1 notebooks/data_quality.ipynb

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports/*.html reports/*.ipynb .pytest_cache docs/_build
