# The SXSH portal. `make run` and `make test` are all a new machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint format migrate demo messages bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_plan
	$(PY) manage.py seed_demo

run: demo
	@echo "Cổng SXSH: http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Rebuild the translation catalogues after changing translatable text, then fill in the English msgstr.
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

# Figures at scale on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sxsh_bench, re-created):
# BENCH_N facilities (default 100000); BENCH_N=2000 for a quick check. Printed, never asserted.
bench: install
	BENCH_N=$${BENCH_N:-100000} $(PY) -m bench.run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
