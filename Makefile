# Two commands on a fresh machine:  `make run` (build the warehouse from seeds/)
# and `make test` (every check). Both create the virtualenv from the lock file first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PREFECT_PORT ?= 4200

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL ?= INFO
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export NEWS_WAREHOUSE_PATH ?= $(CURDIR)/warehouse/news.duckdb

.PHONY: setup run test lint docs briefing browser serve stop lock clean

$(BIN)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

# Prefect's database is created and migrated once here: a first start migrates it, which
# takes 60-120 s on a busy machine and would otherwise land on the first run.
$(PREFECT_HOME)/.migrated: $(BIN)/.installed
	@mkdir -p $(PREFECT_HOME)
	@echo "setting up Prefect's database in $(PREFECT_HOME) (once)"
	$(BIN)/prefect server database upgrade -y > $(PREFECT_HOME)/setup.log 2>&1 || { cat $(PREFECT_HOME)/setup.log; exit 1; }
	@touch $@

setup: $(BIN)/.installed $(PREFECT_HOME)/.migrated  ## create .venv from requirements.lock, set up Prefect's database

run: setup  ## ingest seeds/ and build the marts into warehouse/news.duckdb
	$(BIN)/python -m flows run

lint: setup  ## ruff (Python) and sqlfluff (dbt SQL)
	$(BIN)/ruff check flows tests bench
	$(BIN)/ruff format --check flows tests bench
	cd dbt && NEWS_WAREHOUSE_PATH=$$(mktemp -d)/lint.duckdb ../$(BIN)/sqlfluff lint models tests --disable-progress-bar

# The briefing's browser test drives Debian's chromium (headless, networking off): installed
# once here when missing, as the test command's first step on a fresh machine.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:  ## install Debian's chromium for the briefing's browser test, when missing
	@command -v chromium >/dev/null || { echo "installing Debian's chromium (once)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: setup lint browser  ## every check: lint, unit, flow, dbt and end-to-end tests
	$(BIN)/python -m pytest -q

briefing: setup  ## rewrite warehouse/news-briefing.html from the marts (a run does this itself)
	$(BIN)/python -m flows briefing

docs: setup  ## dbt docs with lineage on http://127.0.0.1:8080
	cd dbt && ../$(BIN)/dbt docs generate --profiles-dir . --quiet && ../$(BIN)/dbt docs serve --profiles-dir . --host 127.0.0.1 --port 8080

serve: setup  ## local Prefect server + the scheduled pipeline deployment (Ctrl-C or `make stop`)
	@bash bin/serve.sh $(PREFECT_PORT)

stop:  ## stop the server and deployment started by `make serve`
	@bash bin/serve.sh stop

lock:  ## re-resolve requirements.lock after editing pyproject.toml
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf dbt/target dbt/logs .pytest_cache .ruff_cache
