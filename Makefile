# The two set-up commands: `make run` (app on the sample portfolio) and `make test` (ruff, then every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run lint test cli-sample sample bench chromium clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m devtools.serve $(PORT)  # streamlit run app.py, its caches warmed at start-up

# Browser tests need Debian's Chromium; install it when missing (CI is a fresh Debian machine).
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint chromium
	$(BIN)/python -m pytest -q

sample: $(BIN)/.installed
	$(BIN)/python scripts/make_sample.py data

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
