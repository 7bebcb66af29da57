# Granska: `make run` starts the demo service, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test lint check lock bench clean demo-env

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.base: requirements/base.lock | $(VENV)/bin/python
	$(VENV)/bin/pip install -q --require-hashes -r requirements/base.lock
	touch $@

$(VENV)/.dev: requirements/dev.lock | $(VENV)/bin/python
	$(VENV)/bin/pip install -q --require-hashes -r requirements/dev.lock
	touch $@ $(VENV)/.base

# The demo runs with DEBUG off, as a deployment does: the site's own 403/404/500 pages, never
# Django's technical pages with the settings. GRANSKA_DEMO=1 is the demo switch (demo users,
# the fallback SECRET_KEY, static files found by WhiteNoise without collectstatic).
# Ctrl-C (or SIGTERM) stops web, worker and beat quietly, and the recipe ends with status 0, so
# make reports no error (scripts/run.py; exec'd, so that a SIGTERM make passes on reaches it).
# The demo data is put under a signed checkpoint at once (beat signs the next in an hour), so that
# an export checked as the auditors' page says (--require-checkpoint) passes from the start.
run: $(VENV)/.base
	@mkdir -p var
	GRANSKA_DEMO=1 DEBUG=0 $(PY) manage.py migrate --noinput -v0
	GRANSKA_DEMO=1 DEBUG=0 $(PY) manage.py seed_demo
	GRANSKA_DEMO=1 DEBUG=0 $(PY) manage.py audit_demo_key --path var/audit-signing-key.pem
	GRANSKA_DEMO=1 DEBUG=0 $(PY) manage.py audit_checkpoint
	@echo ""
	@echo "  Granska is starting on http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo "  Demo logins are printed above (\"Demoinloggningar\", demo mode only)."
	@echo ""
	GRANSKA_DEMO=1 DEBUG=0 AUDIT_SIGNING_KEY_FILE=var/audit-signing-key.pem \
		GRANSKA_WEBHOOK_ALLOW_HTTP=1 GRANSKA_WEBHOOK_ALLOW_PRIVATE=1 \
		exec $(PY) scripts/run.py -f Procfile

# TESTS narrows the run (paths or node ids); empty runs the whole suite.
TESTS ?=
test: $(VENV)/.dev
	$(PY) -m pytest -p no:cacheprovider -n 2 --dist loadgroup $(TESTS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -q -o requirements/dev.lock

clean:
	rm -rf var $(VENV)
