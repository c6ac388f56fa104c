# Coachbench: `make run` opens the app, `make test` runs every test. Both set up .venv first.
# Needs Python 3.11+ (python3) and, on Linux, Qt's system libraries (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint demo screenshots installer clean

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Coachbench needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m app

test: $(STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/lint-imports

# A demo database and screenshots of every page, for looking at the app without a screen.
demo: $(STAMP)
	rm -f demo.sqlite demo.sqlite-wal demo.sqlite-shm
	$(BIN)/python -m app --db demo.sqlite demo

screenshots: demo
	$(BIN)/python -m app --db demo.sqlite screenshot --out screenshots

# The Linux bundle (dist/coachbench/), its tarball, and a smoke test of the built program;
# see README.md, Installers. Needs python3 (3.11+) and the package registry, not .venv.
installer:
	PYTHON=$(PYTHON) installer/ci.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache screenshots demo.sqlite*
