# The complaints portal. `make run` sets everything up and serves the portal;
# `make test` runs the whole test suite. Both are safe to run again and again.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
export PORTAL_ENV ?= development

.DEFAULT_GOAL := help
.PHONY: help setup run test test-fast lint db demo assets bench bench-scale bench-costs screenshots clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed scripts/build-assets.sh $(wildcard static/scss/*.scss static/scss/brand/*.scss)
	sh scripts/build-assets.sh
	touch $@

assets: static/build/.built ## Build the CSS and copy front-end assets from npm

db: $(BIN)/.installed ## Create or upgrade the database (SQLite in instance/ unless DATABASE_URL is set)
	$(FLASK) db upgrade
	$(FLASK) deadlines rebuild

demo: db ## Load demo data (safe to repeat)
	$(FLASK) demo

setup: $(BIN)/.installed assets demo ## Everything `run` needs: venv, npm packages, CSS, database, demo data

run: setup ## Set up, then serve the portal at http://127.0.0.1:5000
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(BIN)/.installed ## ruff and the import-linter layer contracts
	$(BIN)/ruff check .
	$(BIN)/lint-imports --config .importlinter

test: $(BIN)/.installed assets ## Run the whole test suite (SQLite and PostgreSQL, browser journeys)
	sh scripts/system-packages.sh
	$(MAKE) --no-print-directory lint
	PORTAL_ENV=test DATABASE_URL=sqlite:///$(CURDIR)/instance/check.sqlite $(FLASK) db upgrade
	PORTAL_ENV=test DATABASE_URL=sqlite:///$(CURDIR)/instance/check.sqlite $(FLASK) db check
	rm -f instance/check.sqlite
	$(BIN)/pytest -q --numprocesses=auto --dist=loadfile --no-loadscope-reorder

test-fast: $(BIN)/.installed ## Unit and architecture tests only, SQLite only (seconds)
	PORTAL_TEST_DATABASES=sqlite $(BIN)/pytest -q tests/unit tests/architecture

bench: $(BIN)/.installed ## Run the benchmarks in bench/
	$(BIN)/python bench/bench_working_days.py
	$(BIN)/python bench/bench_letters.py
	$(BIN)/python bench/bench_notifications.py

# DB=sqlite|postgresql, COMPLAINTS=100000; needs wrk (Debian: apt-get install wrk).
bench-scale: $(BIN)/.installed ## Load test at a landlord's scale: gunicorn + wrk over HTTP (minutes)
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed: sudo apt-get install wrk"; exit 2; }
	$(BIN)/python bench/bench_scale.py --db $(or $(DB),sqlite) --complaints $(or $(COMPLAINTS),100000)

bench-costs: $(BIN)/.installed ## Each page's cost in process, layer by layer, at a landlord's scale (minutes)
	$(BIN)/python bench/bench_request_costs.py --db $(or $(DB),sqlite)

screenshots: setup ## Screenshots of the resident complaint page, the staff queue and a letter
	$(BIN)/python scripts/screenshots.py

clean: ## Remove the venv, npm packages, built assets and local data
	rm -rf $(VENV) node_modules static/build instance
