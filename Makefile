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

# Every command on the example, as a unit and its supervisors run them. `lz monitor` finds
# the example's red cards and `lz warn` its overdue disposals on purpose: both exit 1, and
# that is what the demo shows.
AS_OF ?= 2026-11-28
demo: setup
	$(BIN)/lz --version
	$(BIN)/lz validate $(EXAMPLE) --as-of $(AS_OF)
	$(BIN)/lz rules K003
	$(BIN)/lz schema --out $(OUT)/schemas
	$(BIN)/lz grade $(EXAMPLE) --check
	$(BIN)/lz due $(EXAMPLE) --as-of $(AS_OF)
	$(BIN)/lz monitor $(EXAMPLE) --as-of $(AS_OF) --log permits --out $(OUT)/monitor || test $$? -eq 1
	$(BIN)/lz warn $(EXAMPLE) --as-of $(AS_OF) || test $$? -eq 1
	$(BIN)/lz codeowners $(EXAMPLE)
	$(BIN)/lz render $(EXAMPLE) --out $(OUT)/flows
	$(BIN)/lz render $(EXAMPLE) --out $(OUT)/flows-png --format png --audience public
	$(BIN)/lz publish $(EXAMPLE) --out $(OUT)/site --as-of $(AS_OF)
	$(BIN)/lz assess $(EXAMPLE) --as-of $(AS_OF) --by department
	$(BIN)/lz assess $(EXAMPLE) --as-of $(AS_OF) --by department --format markdown > $(OUT)/assess.md
	$(BIN)/lz export $(EXAMPLE) --out $(OUT)/lianzheng.xlsx
	rm -rf $(OUT)/imported && $(BIN)/lz init $(OUT)/imported
	$(BIN)/lz import $(OUT)/lianzheng.xlsx --into $(OUT)/imported
	./scripts/demo-diff $(BIN)/lz $(EXAMPLE) $(OUT)/review
	$(BIN)/lz export examples/city-investment-group --format parquet --as-of $(AS_OF) --out $(OUT)/city-parquet
	$(BIN)/lz rollup $(EXAMPLE) $(OUT)/city-parquet --as-of $(AS_OF) --out $(OUT)/rollup
	@echo "flowcharts: $(OUT)/flows  sites: $(OUT)/site/public/index.html, $(OUT)/site/internal/index.html"
	@echo "register: $(OUT)/lianzheng.xlsx  imported into: $(OUT)/imported  assessment: $(OUT)/assess.md"
	@echo "roll-up of both examples: $(OUT)/rollup/index.html"

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
