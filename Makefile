# One command per habit: make test | make lint | make demo | make bench | make serve
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test lint format demo serve bench neo4j-start neo4j-stop schema clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

## make test: start a real Neo4j (local, no Docker), run every test, stop Neo4j.
test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make demo: local Neo4j + demo region + API on http://127.0.0.1:8000 (Ctrl-C stops the API).
demo: install
	scripts/demo.sh

serve: install
	$(BIN)/cgintel serve

bench: install
	scripts/bench.sh

schema: install
	$(BIN)/python -m api.gql.export > api/schema.graphql

neo4j-start: install
	$(BIN)/cgintel neo4j start

neo4j-stop: install
	$(BIN)/cgintel neo4j stop

clean:
	rm -rf var/neo4j-test .pytest_cache .mypy_cache .ruff_cache artifacts
