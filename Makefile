# elevenlabs-pvc: every task a contributor or CI runs.  `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# Re-install when the pins or the package metadata change.
STAMP := $(VENV)/.installed
# The package and its `testing` extra only: what `make demo` needs.
DEMO_STAMP := $(VENV)/.demo-installed
# The wheels of the package's declared dependencies (testing extra included), pinned, for tests/test_wheel.py,
# which installs the built wheel from them with --no-index: a missing declaration fails there.
WHEELHOUSE = .wheelhouse/py$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# npm ci writes this file; re-run it when the lock file changes.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: help setup demo spec generate check update-spec drift lint test test-all bench bench-compare lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP) $(NODE_STAMP) ## create .venv (pinned tools, the package) and node_modules (Prism)

$(STAMP): requirements/dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	$(PIP) download -d "$(WHEELHOUSE)" -c requirements/dev.txt --no-build-isolation '.[testing]' 2>&1 | grep -v '^WARNING: Location' || true
	@touch $@ $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "make demo: creating .venv with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "make demo: installing elevenlabs-pvc and its testing extra into .venv (pinned by requirements/dev.txt)"
	$(BIN)/python -m pip --disable-pip-version-check install --progress-bar on -c requirements/dev.txt -e '.[testing]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(DEMO_STAMP) ## the main job: the whole PVC workflow against a local fake API (scripts/demo.py)
	$(BIN)/python scripts/demo.py

spec: setup ## merge openapi/sources/* into openapi/elevenlabs-pvc.yaml
	$(BIN)/python -m scripts.merge_spec

generate: spec ## make spec, regenerate generated/ from it, the facade's types.py and regions.py, the sync client and the README's rules table
	$(BIN)/python -m scripts.generate
	$(BIN)/python -m scripts.from_spec
	$(BIN)/python -m scripts.unasync
	$(BIN)/python -m scripts.readme_rules

check: setup ## fail if the spec, generated/, types.py, regions.py or _sync/ differ from their sources
	$(BIN)/python -m scripts.check_generated

DOCS_ORIGIN ?=
update-spec: $(STAMP) ## refresh every page of the sections in openapi/sources.yaml (llms.txt), regenerate, write openapi/CHANGES.md; DOCS_ORIGIN=URL for a mirror
	$(BIN)/python -m scripts.update_spec $(if $(DOCS_ORIGIN),--docs-origin '$(DOCS_ORIGIN)')

OLD ?= git:HEAD
NEW ?= openapi/elevenlabs-pvc.yaml
drift: $(STAMP) ## classify the API changes from OLD to NEW (spec files, page folders or git:REV)
	$(BIN)/python -m scripts.spec_diff $(OLD) $(NEW)

lint: setup ## ruff; mypy --strict on facade/ and scripts/; mypy --strict and pyright on the README's blocks and the demo; actionlint and zizmor on the workflows
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows/
	$(BIN)/ruff check facade scripts tests
	$(BIN)/ruff format --check facade scripts tests
	$(BIN)/mypy facade/elevenlabs_pvc scripts
	@blocks=$$(mktemp -d) && trap 'rm -rf "$$blocks"' EXIT && \
	  $(BIN)/python -m scripts.readme_blocks --out "$$blocks" >/dev/null && \
	  echo "mypy --strict and pyright: the README's Python blocks, scripts/demo.py" && \
	  $(BIN)/mypy --strict "$$blocks/readme_blocks.py" && \
	  node_modules/.bin/pyright --pythonpath $(BIN)/python "$$blocks/readme_blocks.py" scripts/demo.py

test: setup check lint ## every test: check, lint, then pytest
	$(BIN)/pytest

test-all: setup ## the test suite on every Python 3.11+ this machine has (nox; see noxfile.py)
	PATH="$$(ls -d $$(pyenv root 2>/dev/null || echo /nonexistent)/versions/3.1[1-9]*/bin 2>/dev/null | tr '\n' ':')$$PATH" \
	  $(BIN)/nox --no-error-on-missing-interpreters

BENCH_OUT ?= bench-results.json
# The official SDK, for bench-compare only: never a dependency of this project.
ELEVENLABS_SDK ?= elevenlabs==2.78.0

bench: $(STAMP) ## measure the client's own cost; the table is printed, the JSON goes to $(BENCH_OUT)
	$(BIN)/python -m scripts.bench --json $(BENCH_OUT)

bench-compare: $(STAMP) ## make bench, plus the official SDK (installed in a throwaway .venv-sdk) as a column
	@test -x .venv-sdk/bin/python || $(PYTHON) -m venv .venv-sdk
	.venv-sdk/bin/python -m pip --quiet --disable-pip-version-check install '$(ELEVENLABS_SDK)'
	$(BIN)/python -m scripts.bench --json $(BENCH_OUT) --compare-python .venv-sdk/bin/python

lock: ## rewrite requirements/dev.txt from requirements/dev.in in a fresh venv
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip --quiet --disable-pip-version-check install -r requirements/dev.in
	{ echo '# Pinned development environment: written by `make lock` from requirements/dev.in. Do not edit by hand.'; \
	  .venv-lock/bin/python -m pip freeze --disable-pip-version-check; } > requirements/dev.txt
	rm -rf .venv-lock

clean: ## remove the venv, node_modules and caches
	rm -rf $(VENV) .venv-sdk node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
