# The course kit's commands. On a fresh machine:
#   make book   build the whole book (installs what is needed, prepares the data,
#               executes the notebooks)
#   make test   run every test (what CI runs)
# Every target creates the virtual environment when it is missing and is safe to re-run.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

SETUP_STAMP := $(VENV)/.emiskit-installed
NODE_STAMP  := node_modules/.emiskit-installed

.PHONY: help setup data national-data exercises book facilitator-book check-book linkcheck \
	bundle handouts bench bench-grading bench-validate doctor hub test lint unit nbval browser lab serve clean

help:
	@echo "make book    build the book into _build/html (installs everything first)"
	@echo "make facilitator-book  the facilitator edition (session plans, notes, solutions)"
	@echo "             into _build/facilitator"
	@echo "make bundle  zip the book, notebooks, exercises and datasets for a USB stick"
	@echo "make handouts  print the book to PDF, one per module and one whole, in _build/handouts"
	@echo "make bench   time a clean build, a rebuild and each notebook; weigh the pages"
	@echo "make bench-grading  time grading a class of 40 (sandboxed) against otter run"
	@echo "make bench-validate  time and memory of emiskit data validate on census files"
	@echo "             of 1,000,000 rows and of 500 MB, against the targets"
	@echo "make linkcheck  check the book's links to other websites (needs the internet)"
	@echo "make test    run every test: lint, unit tests, notebooks, book build, browser"
	@echo "make data    check the sample datasets are there (regenerate if the generator changed)"
	@echo "make lab     open JupyterLab at the course folder (for participants)"
	@echo "make hub     run the workshop JupyterHub (as root: one account each; see hub/README.md)"
	@echo "make serve   serve the built book at http://$(HOST):$(PORT)"
	@echo "make clean   remove build outputs (keeps the environment)"

# Python environment: re-installed only when pyproject.toml changes.
$(SETUP_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[book,dev]"
	@touch $@

# JavaScript libraries the book serves offline: re-installed when the lock file changes.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(SETUP_STAMP) $(NODE_STAMP)

# The workshop-scale sample data are committed; they are written again (byte-identical)
# only when the generator changes or a file is missing.
DATA_STAMP := datasets/datapackage.json
$(DATA_STAMP): $(wildcard emiskit/data/*.py) | $(SETUP_STAMP)
	$(BIN)/emiskit data generate
	@touch $@

data: $(DATA_STAMP)

# National-scale data (about 16,000 schools, Parquet, not committed) for benchmarks.
national-data: setup
	$(BIN)/emiskit data generate --scale national

# Graded exercises: participant notebooks (committed) and, from the masters in
# exercises/source/, the private autograders and executed solutions (git-ignored). Fails
# if a solution misses a point or a blank copy earns one.
exercises: setup
	$(BIN)/emiskit exercises build

# The participant edition (what participants and self-study learners read). Warnings are
# errors; every problem is listed before the build fails.
book: setup data
	$(BIN)/emiskit book build --edition participant

# The facilitator edition: adds session plans, facilitator notes and the solutions of the
# graded exercises. Shares the executed notebooks' cache with `make book`.
facilitator-book: setup data exercises
	$(BIN)/emiskit book build --edition facilitator

# Quality gates on both built editions (also run by `make test`, through pytest).
check-book: book facilitator-book
	$(BIN)/emiskit book check --edition participant
	$(BIN)/emiskit book check --edition facilitator

# Links to other websites: separate from `make test`, which runs with no internet.
linkcheck: setup data
	$(BIN)/emiskit book build --builder linkcheck

# A zip a facilitator copies to USB sticks: open START-HERE.html, no internet needed.
bundle: book
	$(BIN)/emiskit book bundle

# Printable handouts for participants who print: one PDF per module and one for the whole
# participant book, in _build/handouts/. The system Chromium prints the built pages offline
# (PAPER=Letter for North American paper).
PAPER ?= A4
handouts: book
	$(BIN)/emiskit book handouts --paper $(PAPER)

# Check this machine is ready for the course (also for participants: `emiskit doctor`).
doctor: setup
	$(BIN)/emiskit doctor --facilitator

# A JupyterHub for one workshop room, offline (hub/README.md): as root, one account per
# participant; EMISKIT_HUB_MODE=shared-password for a demo as an ordinary user.
hub: setup
	$(BIN)/jupyterhub -f hub/jupyterhub_config.py

bench: setup data exercises
	$(PY) benchmarks/bench_book.py

# Grading a class of 40 in the sandbox, beside otter run on the same files.
bench-grading: setup exercises
	$(PY) benchmarks/bench_grading.py

# The validator on national-size files (1,000,000 rows; 500 MB): about 5 minutes.
bench-validate: setup
	$(PY) benchmarks/bench_validate.py

lint: setup
	$(BIN)/ruff check .

unit: setup
	$(PY) -m pytest -m "not browser"

# Worked examples and exercise solutions must reproduce their stored outputs (strict);
# participant copies, unanswered, must run top to bottom without an error (lax).
nbval: exercises
	$(PY) -m pytest --nbval notebooks exercises/autograder book/facilitators/capstone \
		--nbval-sanitize-with nbval-sanitize.cfg
	$(PY) -m pytest --nbval-lax exercises/*.ipynb

browser: book facilitator-book
	$(PY) -m pytest -m browser

test: lint book facilitator-book
	$(PY) -m pytest -m "not browser"
	$(MAKE) nbval
	$(PY) -m pytest -m browser

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/module0-getting-started.ipynb

serve: book
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory _build/html

clean:
	rm -rf _build .pytest_cache .ruff_cache
