# The README's verbs. Everything installs into .venv/ in the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench bench-full screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: build the demo organisation on the embedded SQLite default and summarise it.
demo: install
	$(BIN)/multitrack demo --people 2000 --seed 1

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	$(BIN)/python -m bench --quick

bench-full: install
	$(BIN)/python -m bench

# Re-make the user guide's pictures from the real commands (docs/user-guide/img/).
screenshots: install
	$(BIN)/python docs/user-guide/screenshots.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
