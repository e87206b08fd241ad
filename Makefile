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

.PHONY: help setup spec generate check lint test lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv with the pinned tools and the package (editable)

$(STAMP): requirements/dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	@touch $@

spec: setup ## merge openapi/sources/* into openapi/elevenlabs-pvc.yaml
	$(BIN)/python -m scripts.merge_spec

generate: spec ## make spec, then regenerate generated/ from it
	$(BIN)/python -m scripts.generate

check: setup ## fail if the committed spec or generated/ differ from what the sources produce
	$(BIN)/python -m scripts.check_generated

lint: setup ## ruff and mypy --strict on facade/ and scripts/ (ruff on tests/ too)
	$(BIN)/ruff check facade scripts tests
	$(BIN)/ruff format --check facade scripts tests
	$(BIN)/mypy facade/elevenlabs_pvc scripts

test: setup check lint ## every test: check, lint, then pytest
	$(BIN)/pytest

lock: ## rewrite requirements/dev.txt from requirements/dev.in in a fresh venv
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip --quiet --disable-pip-version-check install -r requirements/dev.in
	{ echo '# Pinned development environment: written by `make lock` from requirements/dev.in. Do not edit by hand.'; \
	  .venv-lock/bin/python -m pip freeze --disable-pip-version-check; } > requirements/dev.txt
	rm -rf .venv-lock

clean: ## remove the venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
