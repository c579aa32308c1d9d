# The two commands of the README, and friends. Everything runs in .venv, created on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
export PATH := $(abspath $(BIN)):$(PATH)
export MPLBACKEND := Agg

.PHONY: reports test lab bench clean help

help:
	@echo "make reports  render every notebook on the bundled data into reports/"
	@echo "make test     run the whole test suite"
	@echo "make lab      start JupyterLab with the project's environment"
	@echo "make bench    run the benchmarks against their baselines"

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

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab --allow-root --no-browser --ip=127.0.0.1 notebooks/data_quality.ipynb

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports/*.html reports/*.ipynb .pytest_cache
