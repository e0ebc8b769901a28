# marsad: `make demo` analyses the bundled examples; `make test` runs lint, types and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= out/examples.jsonl

.PHONY: install demo test test-slow test-all lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/marsad analyze examples/ -o $(DEMO_OUT) --summary
	$(BIN)/marsad validate $(DEMO_OUT)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q -m "not slow"

# Slow suites (run by CI too); pytest exits 5 when none is selected, which is fine here.
test-slow: install
	$(BIN)/python -m pytest -q -m slow; rc=$$?; [ $$rc -eq 5 ] && exit 0 || exit $$rc

test-all: test test-slow

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
