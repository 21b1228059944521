# Sigap: the README's commands live here. Only Python >= 3.11 is needed on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# make test runs the suite on every core (pytest-xdist; CI has 2): a test module or class stays in one worker,
# so its browser and module fixtures start once. PYTEST_WORKERS=0 runs it in one process (for pdb, -x).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadscope

.PHONY: run test check lint e2e demo setup setup-dev translations clean help bench

help:
	@echo "make run    - install, migrate, load data, seed the demo, start web + worker on http://127.0.0.1:8000"
	@echo "make test   - install dev tools and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make check  - ruff, mypy, the import floors (make lint), makemigrations --check, check --deploy (production settings)"
	@echo "make lint   - the import floors of docs/architecture.md (lint-imports)"
	@echo "make e2e    - browser tests only (Debian's chromium)"
	@echo "make bench  - synthetic data + benchmark (PRESET=10k|100k|1m, BENCH_DB=sqlite|postgres)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-runtime

setup: $(VENV)/.stamp-runtime
setup-dev: $(VENV)/.stamp-dev

.env:
	$(PYTHON) scripts/make_env.py .env

translations: setup
	$(MANAGE) compile_translations

demo: setup .env translations
	mkdir -p var/log
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_regions
	$(MANAGE) load_reference
	$(MANAGE) seed_demo

run: demo
	$(MANAGE) run_demo --addr 127.0.0.1:8000

test: setup-dev
	$(MANAGE) compile_translations
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

e2e: setup-dev
	$(MANAGE) compile_translations
	$(VENV)/bin/pytest -m browser $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The floors of docs/architecture.md: an app imports only the apps below it (pyproject.toml, [tool.importlinter]).
lint: setup-dev
	$(VENV)/bin/lint-imports

check: setup-dev lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy sigap
	SIGAP_ENV=test $(MANAGE) makemigrations --check --dry-run
	SIGAP_ENV=production SIGAP_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	  SIGAP_ALLOWED_HOSTS=sigap.example.go.id SIGAP_CLIENT_IP_HEADER=X-Real-IP \
	  SIGAP_DATA_KEYS=kcheck:$$($(PY) -c 'import base64,secrets;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())') \
	  SIGAP_INDEX_KEY=$$($(PY) -c 'import base64,secrets;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())') \
	  $(MANAGE) check --deploy --fail-level WARNING

# Scale benchmark (docs/performance.md): PRESET=10k|100k|1m, BENCH_DB=sqlite|postgres (sigap_bench).
PRESET ?= 10k
BENCH_DB ?= $(if $(filter 10k,$(PRESET)),sqlite,postgres)
BENCH_ARGS ?=
bench: setup-dev
	$(MANAGE) compile_translations
	$(PY) -m bench.run --preset $(PRESET) --db $(BENCH_DB) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
