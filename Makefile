# The two commands: `make run` serves the app; `make test` runs the whole suite.
# Both install what they need into this folder first (.venv, node_modules, static/dist).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install assets lint format migrate seed bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed $(wildcard frontend/*)
	npm run --silent build
	touch $@

install: $(VENV)/.installed

assets: static/dist/.built

migrate: install
	$(PY) manage.py migrate --no-input

# The Kirklees inspection (idempotent) and its indicators.
seed: migrate
	$(PY) manage.py import_report inspections/data/kirklees-2024.md
	$(PY) manage.py load_indicators inspections/data/kirklees-2024-indicators.json

run: install assets seed
	$(PY) manage.py create_demo_users
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install assets lint
	$(PY) manage.py makemigrations --check --dry-run
	# Everything but the browser tests in two processes (pytest-xdist) and, at the same time, the
	# browser tests in a third (Playwright's event loop stays up until its session ends, so they
	# have a process of their own). Their report follows the others'. Exit 5: none were selected,
	# which is fine for one of the two runs but not for both.
	@browser_log=$$(mktemp); \
	$(PY) -m pytest -m browser $(PYTEST_ARGS) > $$browser_log 2>&1 & browser=$$!; \
	trap "kill $$browser 2>/dev/null" INT TERM; \
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS); others=$$?; \
	wait $$browser; in_browser=$$?; \
	echo "--- The browser tests:"; cat $$browser_log; rm -f $$browser_log; \
	{ test $$others -eq 0 || test $$others -eq 5; } && { test $$in_browser -eq 0 || test $$in_browser -eq 5; } \
	  && ! { test $$others -eq 5 && test $$in_browser -eq 5 && echo "No tests were selected."; }

bench: install assets
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
