# newsroom: two commands do everything on a fresh machine with Python 3.11:
#   make run   install, migrate, import the demo pages, build the search index, serve on 127.0.0.1:8000
#   make test  install (with test tools and a headless Chromium), run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE ?= newsroom.settings.dev

.PHONY: run serve test lint format install install-dev browser demo bench clean vendor demo-scans

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo ">> creating virtualenv $(VENV) and installing requirements"
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

browser:
	@bash scripts/install-browser.sh
	@bash scripts/install-axe.sh

# OpenSeadragon is vendored (committed) into static/vendor/; this re-fetches the pinned
# version from npm, checks its integrity and copies it there again.
vendor:
	@bash scripts/vendor-static.sh

# The demo pages' generated scans are committed; this draws them again.
demo-scans: install
	$(PY) scripts/make_demo_scans.py demo/pages

demo: install
	@echo ">> migrating the database"
	$(PY) manage.py migrate --noinput
	@echo ">> importing the demo pages"
	$(PY) manage.py import_pages demo/pages --manifest demo/pages/manifest.csv
	@echo ">> building the search index"
	$(PY) manage.py rebuild_index --noinput

run: demo
	@echo ">> serving on http://$(HOST)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST)

# The production stack on this machine: prod settings, collectstatic, gunicorn (whitenoise serves
# /static/). INSECURE_LOCAL_HTTP=true lets it answer plain http on 127.0.0.1 (no HTTPS redirect,
# no secure-only cookies); a throwaway SECRET_KEY is made unless one is set.
serve: demo
	@echo ">> collecting static files"
	DJANGO_SETTINGS_MODULE=newsroom.settings.prod INSECURE_LOCAL_HTTP=true \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ">> gunicorn (production settings) on http://$(HOST)/ (Ctrl-C to stop)"
	DJANGO_SETTINGS_MODULE=newsroom.settings.prod INSECURE_LOCAL_HTTP=true BIND=$(HOST) \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

test: install browser
	@echo ">> running the test suite"
	DJANGO_SETTINGS_MODULE=newsroom.settings.test $(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) bench/import_pages.py
	$(PY) bench/segmentation.py --pages 500
	$(PY) bench/search.py
	$(PY) bench/scans.py

clean:
	rm -rf $(VENV) var .pytest_cache
