# lianzheng — the two commands of the README:
#   make demo   set everything up and run the main job on an example
#   make test   set everything up and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/county-market-bureau
OUT ?= build/demo

.PHONY: setup system demo test bench schemas docs clean

$(BIN)/lz: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

system:
	./scripts/install-system-deps

# The spark extra (PySpark, ~450 MB once) for the Spark equivalence test of lz rollup.
$(VENV)/.spark: pyproject.toml $(BIN)/lz
	$(BIN)/python -m pip install -q -e '.[test,spark]'
	touch $@

setup: system $(BIN)/lz

demo: setup
	$(BIN)/lz validate $(EXAMPLE)
	$(BIN)/lz grade $(EXAMPLE) --check
	$(BIN)/lz render $(EXAMPLE) --out $(OUT)/flows
	$(BIN)/lz render $(EXAMPLE) --out $(OUT)/flows-png --format png --audience public
	$(BIN)/lz publish $(EXAMPLE) --out $(OUT)/site
	$(BIN)/lz export $(EXAMPLE) --out $(OUT)/lianzheng.xlsx
	rm -rf $(OUT)/imported && $(BIN)/lz init $(OUT)/imported
	$(BIN)/lz import $(OUT)/lianzheng.xlsx --into $(OUT)/imported
	@echo "flowcharts: $(OUT)/flows  sites: $(OUT)/site/public/index.html, $(OUT)/site/internal/index.html"

# LZ_SPARK=1: install-system-deps adds Java 17 when it is missing
test: export LZ_SPARK := 1
test: setup $(VENV)/.spark
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider

bench: setup
	$(BIN)/python benchmarks/run.py

schemas: setup
	$(BIN)/lz schema --out schemas

docs: setup
	$(BIN)/lz rules --format markdown > docs/rules.md

clean:
	rm -rf $(VENV) build site .lz-cache
