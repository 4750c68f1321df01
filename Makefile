# DiA Scan: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8501
DB ?= data/dia_scan.db

.PHONY: run test lint format demo bench clean-venv

# The venv is rebuilt when pyproject.toml is newer than the last install (a stale venv).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# axe-core for the accessibility tests (tests/browser/test_accessibility.py), pinned in package.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json
	npm install --no-audit --no-fund
	@touch $(AXE)

$(DB): | $(STAMP)
	DIA_SCAN_DB=$(DB) $(BIN)/dia-scan demo --db $(DB) --if-empty

run: $(STAMP) $(DB)
	DIA_SCAN_DB=$(DB) $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true

# The storage tests run on SQLite and on a throwaway PostgreSQL cluster (Debian's postgresql package);
# without that package (or with DIA_SCAN_TEST_POSTGRES=0) the PostgreSQL half is skipped, and this says so.
test: $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	@[ "$$DIA_SCAN_TEST_POSTGRES" != 0 ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  && echo "PostgreSQL gevonden: de databasetests draaien op SQLite en PostgreSQL." \
	  || echo "LET OP: PostgreSQL is niet geinstalleerd (apt-get install postgresql): de PostgreSQL-helft van de databasetests wordt OVERGESLAGEN."
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo: $(STAMP)
	$(BIN)/dia-scan demo --db $(DB)

clean-venv:
	rm -rf $(VENV)
