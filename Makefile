# Faultline: two commands for a newcomer. `make run` serves the seeded API; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the API on http://$${HOST:-127.0.0.1}:$${PORT:-8000} (migrates and seeds ./data/faultline.db first).
run: $(STAMP)
	$(BIN)/faultline serve

## The whole suite: lint, types, tests on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set.
test: $(STAMP)
	$(BIN)/ruff check app tests migrations
	$(BIN)/ruff format --check app tests migrations
	$(BIN)/mypy app
	$(BIN)/python -m app.tools.layout >/dev/null
	$(BIN)/hadolint --failure-threshold warning Dockerfile
	$(BIN)/pytest -q -n auto
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL pass on $$TEST_POSTGRES_URL =="; \
		FAULTLINE_TEST_DATABASE=postgresql $(BIN)/pytest -q -n auto; \
	else \
		echo "== PostgreSQL pass SKIPPED: set TEST_POSTGRES_URL=postgresql://user:pw@host/db to run it =="; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations
	$(BIN)/ruff format --check app tests migrations
	$(BIN)/mypy app
	$(BIN)/python -m app.tools.layout >/dev/null

clean:
	rm -rf $(VENV) data/faultline.db data/faultline.db-*
