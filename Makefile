# Bairn: the two commands a new user needs are `make demo` and `make test`.
# Everything they need is installed here: Python packages into .venv from the lock files, the web
# assets from package-lock.json (npm; Node.js installed through apt when missing), and (for the
# test suite) PostgreSQL and Chromium through the system package manager when missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
ASSETS := src/bairn/web/core/static/vendor/.built

.PHONY: demo test lint format install install-dev assets system-deps bench docs clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.core: $(BIN)/uv requirements/core.lock pyproject.toml
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/core.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.dev
	touch $@

$(VENV)/.dev: $(BIN)/uv requirements/dev.lock pyproject.toml
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@ $(VENV)/.core

# The web application's CSS/JS (Scottish Government Design System, htmx), vendored from npm.
$(ASSETS): package.json package-lock.json scripts/build-assets.sh
	@command -v npm >/dev/null 2>&1 || scripts/system-deps.sh --node
	scripts/build-assets.sh

assets: $(ASSETS)
install: $(VENV)/.core $(ASSETS)
install-dev: $(VENV)/.dev $(ASSETS)

system-deps:
	@scripts/system-deps.sh

demo: install
	$(BIN)/bairn demo

test: install-dev system-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	scripts/run-tests.sh

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

docs: install
	$(BIN)/bairn standard docs --out docs
	$(BIN)/bairn catalogue --format md > docs/indicators-catalogue.md

bench: install-dev
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) bairn-data .pytest_cache test-artefacts node_modules
	find src/bairn/web/core/static/vendor -mindepth 1 ! -name .gitignore -delete
