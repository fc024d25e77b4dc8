# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate demo messages lint typecheck clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Omotenashi needs Python 3.11 ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/base.lock
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.lock
	$(BIN)/pip install --quiet -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: install
	$(BIN)/omotenashi compile_catalogs

migrate: install
	$(BIN)/omotenashi migrate --no-input -v 0

demo: migrate
	$(BIN)/omotenashi load_demo

run: install messages migrate demo
	$(BIN)/omotenashi serve --host $(HOST) --port $(PORT)

# A file-backed SQLite test database, so tests with several threads or processes (the API
# idempotency race, live-server browser tests) see one shared database.
test: export OMOTENASHI_TEST_SQLITE ?= $(CURDIR)/var/test.sqlite3
test: install-dev messages
	@mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

lint: install-dev
	$(BIN)/ruff check omotenashi bench tests
	$(BIN)/ruff format --check omotenashi bench tests

typecheck: install-dev
	$(BIN)/mypy omotenashi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
