# Two commands: `make run` (the dashboard on the sample warehouse) and `make test` (every test);
# `make test-fast` leaves out the browser tests and those marked slow.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/warehouse/adoption.duckdb
PORT ?= 8501

.PHONY: run test test-fast sample bench browser-deps clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The marts and the metric macros live in the warehouse: when their SQL changes, the next `make run` loads
# again, and the loader rebuilds a warehouse an older ETL built.
$(DB): $(wildcard etl/sql/*.sql etl/sql/marts/*.sql) | $(BIN)/.installed
	$(BIN)/python -m etl sample data/sample
	$(BIN)/python -m etl load data/sample --sample --db $(DB)
	touch $@

# Rebuild the sample warehouse from scratch.
sample: $(BIN)/.installed
	rm -rf data/sample $(DB)
	$(MAKE) $(DB)

run: $(BIN)/.installed $(DB)
	EGOV_DB=$(DB) $(BIN)/streamlit run dashboard.py --server.port $(PORT)

# Browser tests need Debian's Chromium, Thai fonts, nginx (the reverse-proxy test) and LibreOffice Impress (the
# briefing's PPTX rendered slide by slide); installed here when missing and we are root.
browser-deps:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -i laksaman >/dev/null \
	  && fc-list 2>/dev/null | grep -i "noto color emoji" >/dev/null && command -v soffice >/dev/null \
	  && { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q chromium fonts-thai-tlwg fonts-noto-color-emoji poppler-utils nginx libreoffice-impress; \
	  else echo "browser tests need: sudo apt-get install chromium fonts-thai-tlwg fonts-noto-color-emoji poppler-utils nginx libreoffice-impress"; exit 1; fi; }

test: $(BIN)/.installed browser-deps
	$(BIN)/python -m pytest -q

# Every test but the browser tests (tests/browser/) and the ones marked slow: no Chromium needed.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not slow" --ignore=tests/browser

bench: $(BIN)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data/sample $(DB) .pytest_cache tests/artifacts
