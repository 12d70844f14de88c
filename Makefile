# Two commands set everything up on a fresh machine: `make run` and `make test`.
# The interpreter is the one .python-version selects (pyenv); override with PYTHON=...
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Test tools from npm (axe-core, vnu-jar: package.json); their tests skip without them.
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format bench clean setup migrate

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13), "Python 3.13 is required (see .python-version): " + sys.version'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund && touch $(NODE_STAMP); \
	else \
		echo "npm not found: the accessibility and HTML checks will be skipped"; \
	fi

setup: $(STAMP) $(NODE_STAMP)

migrate: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

run: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py seed_petitions
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

# The site under load at full size on PostgreSQL (README, "Benchmark"): pages cached and
# uncached against a static file, query plans, search, confirmations and digests per
# second. The database (BENCH_DATABASE_URL) is built on the first run, reused after.
bench: setup
	$(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache node_modules
