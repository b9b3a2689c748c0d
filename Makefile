# Chainmatch: `make run` serves the platform, `make test` runs the whole suite.
# Both create .venv and install what they need on first use.

VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12+: take the newest interpreter of 3.12 or later this machine has (including
# pyenv's), else a 3.11 (Debian 12's), on which pyproject.toml selects the Django 5.2 LTS instead.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) python3.11 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run worker beat test lint format messages typecheck audit bandit clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Creating the virtualenv failed: on Debian, apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

# The demo: debug on, SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set.
run: export DJANGO_DEBUG ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A platform_site worker --loglevel=info -Q celery,background

beat: install
	$(VENV)/bin/celery -A platform_site beat --loglevel=info --schedule $(VENV)/celerybeat-schedule

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=true $(PY) manage.py check

typecheck: install
	$(VENV)/bin/mypy accounts listings matching orders financing information stats platform_site

# Known vulnerabilities in the installed packages (pip-audit, with a fallback for a PyPI mirror that
# serves no per-release documents: tools/audit_dependencies.py). Needs PyPI. An advisory that has no
# fixed release and does not affect us is skipped with `--ignore-vuln ID` here, beside a comment on why.
audit: install
	$(PY) tools/audit_dependencies.py

# Static security analysis of the app packages; configuration and the one skipped check in pyproject.toml.
bandit: install
	$(VENV)/bin/bandit -c pyproject.toml -q -r accounts listings matching orders financing information stats platform_site seeds

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract every user-facing string into the zh-hans catalogue, then compile it (needs GNU gettext).
messages: install
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=tests --ignore=seeds --ignore=docs --ignore=.venv
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles test_db*.sqlite3 .pytest_cache .ruff_cache .mypy_cache
