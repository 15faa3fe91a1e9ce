# Dijkwacht. The README's two commands: `make run` and `make test`. Everything else is for
# developers and CI.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv/bin
MANAGE := $(VENV)/python manage.py
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

# Settings for the test run: production-like (debug and demo off), with fixed throwaway keys.
TEST_ENV := DIJKWACHT_DEBUG=0 DIJKWACHT_DEMO=0 \
	DIJKWACHT_SECRET_KEY=test-secret-key-not-for-production-0123456789abcdefghijklmnop \
	DIJKWACHT_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	DIJKWACHT_ENCRYPTION_KEYS=dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0= \
	DIJKWACHT_SSL_REDIRECT=0 DATABASE_CONN_MAX_AGE=0 DIJKWACHT_TASKS=immediate \
	DJANGO_ALLOW_ASYNC_UNSAFE=true
DEMO_ENV := DIJKWACHT_DEMO=1

.PHONY: help install setup run test test-unit test-browser lint fmt openapi messages bench load-meldpunt fuzz-api browser clean

help:
	@echo "make run    set everything up and serve http://127.0.0.1:$(PORT) with demo data"
	@echo "make test   set everything up and run every test (unit, integration and browser)"
	@echo "make lint   ruff, mypy, makemigrations --check, OpenAPI drift"
	@echo "make fmt    format and auto-fix with ruff"
	@echo "make load-meldpunt   load test of the public meldpunt on loopback (30 s, 8 users)"
	@echo "make fuzz-api        the API fuzzed per role with Schemathesis (a few minutes)"

$(VENV)/python .venv/.synced: pyproject.toml uv.lock .python-version
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch .venv/.synced

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: .venv/.synced node_modules/.installed

# Translations are compiled from the committed .po files on every set-up.
setup: install
	$(DEMO_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(DEMO_ENV) $(MANAGE) migrate --noinput -v0

run: setup
	$(DEMO_ENV) $(MANAGE) load_demo_data
	$(DEMO_ENV) $(MANAGE) collectstatic --noinput -v0
	@echo "Dijkwacht: http://127.0.0.1:$(PORT)  (log in as coordinator@dijkwacht.test / dijkwacht-demo)"
	@echo "The web server and a task worker (it sends the mails of notifications; here to the console)."
	$(DEMO_ENV) DIJKWACHT_BASE_URL=http://127.0.0.1:$(PORT) $(VENV)/honcho start --procfile Procfile --port $(PORT)

# Debian's Chromium for the browser tests (never a downloaded browser) and Debian's
# redis-server, which the tests of the shared cache start on a port of their own.
browser:
	@missing=""; [ -x $(CHROMIUM) ] || missing="chromium"; \
	command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
			|| { echo "Could not install Debian's $$missing"; exit 1; }; \
		elif command -v sudo >/dev/null; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Install Debian's packages for the tests: $$missing"; exit 1; fi; \
	fi

test: setup browser
	@echo "pytest: every test (unit, integration, browser) on $${DATABASE_URL:-SQLite}"
	@$(TEST_ENV) $(VENV)/pytest -p no:cacheprovider -n 2 --dist loadgroup

test-unit: setup browser
	@$(TEST_ENV) $(VENV)/pytest -p no:cacheprovider -m "not browser" -n 2

test-browser: setup browser
	@$(TEST_ENV) $(VENV)/pytest -p no:cacheprovider -m browser

lint: install
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	@echo "mypy" && $(TEST_ENV) $(VENV)/mypy .
	@echo "makemigrations --check" && $(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	@echo "check" && $(TEST_ENV) $(MANAGE) check
	@echo "OpenAPI drift" && $(TEST_ENV) $(VENV)/python -m config.openapi --check

fmt: install
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

openapi: install
	@$(TEST_ENV) $(VENV)/python -m config.openapi --write

# Refresh the message catalogue after changing user-facing strings; then translate in the .po.
messages: install
	$(DEMO_ENV) $(MANAGE) makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete

# Benchmarks at national scale; ratios against floors measured in the same run (bench/run.py).
bench: setup
	$(VENV)/python bench/run.py

# The API fuzzed per role (Schemathesis against docs/api/openapi.json): its own server and
# temporary database with the demo data, on 127.0.0.1 only; a few minutes; fails on any 5xx or
# any answer the document does not describe.
fuzz-api: setup
	$(VENV)/python -m bench.api_fuzz

# The public meldpunt under load: its own server and temporary database, on 127.0.0.1 only.
load-meldpunt: setup
	$(VENV)/python -m bench.meldpunt_load

clean:
	rm -rf .venv node_modules var
