# marsad: `make demo` analyses the bundled examples; `make test` runs lint, types and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= out/examples.jsonl
DEMO_DB ?= marsad.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo demo-check test test-slow test-all lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The web UI's static assets (world-atlas country outlines) come from npm (package.json), into node_modules.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed node_modules/.installed

# Analyse examples/ into $(DEMO_DB), then serve the web UI and the API at http://$(HOST):$(PORT) (Ctrl-C stops).
demo: install
	$(BIN)/marsad analyze examples/ -o $(DEMO_OUT) --db $(DEMO_DB) --summary
	$(BIN)/marsad validate $(DEMO_OUT)
	@echo "marsad: web UI at http://$(HOST):$(PORT)/"
	$(BIN)/marsad serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

# What CI runs instead of the blocking server: analyse into the store and validate.
demo-check: install
	$(BIN)/marsad analyze examples/ -o $(DEMO_OUT) --db $(DEMO_DB) --summary
	$(BIN)/marsad validate $(DEMO_OUT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q -m "not slow"

# Slow suites (run by CI too); pytest exits 5 when none is selected, which is fine here.
test-slow: install
	$(BIN)/python -m pytest -q -m slow; rc=$$?; [ $$rc -eq 5 ] && exit 0 || exit $$rc

test-all: test test-slow

clean:
	rm -rf $(VENV) node_modules out .pytest_cache .mypy_cache .ruff_cache .hypothesis
