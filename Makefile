# The two set-up commands: `make run` (app on the sample portfolio) and `make test` (ruff, then every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run lint test cli-sample sample bench chromium fonts postgresql messages clean

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

# The customer report's PDF needs DejaVu Sans (adoption/report/pdf.py); install it when missing.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { \
	  echo "Installing Debian's fonts-dejavu-core for the PDF reports"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

# The store tests run against PostgreSQL too (a throwaway cluster: devtools/postgres.py); install the server when missing.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql for the PostgreSQL store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# Translations: extract the strings of the code and templates, merge them into each .po (then translate).
messages: $(BIN)/.installed
	$(BIN)/pybabel -q extract -F adoption/locale/babel.cfg -k N_ -k Nn_:1,2 --no-location --omit-header -o $(VENV)/messages.pot .
	$(BIN)/pybabel -q update -i $(VENV)/messages.pot -d adoption/locale -D messages --ignore-obsolete --width 100

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint chromium fonts postgresql
	$(BIN)/python -m pytest -q

sample: $(BIN)/.installed
	$(BIN)/python scripts/make_sample.py data

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
