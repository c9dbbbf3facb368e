# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
LINT_PATHS := graphql_api tests $(wildcard bench)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck schema bench clean build-GraphQLFunction

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m graphql_api serve --port $${PORT:-3001}

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/cfn-lint template.yaml

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q

schema: install
	$(BIN)/python -m graphql_api export-schema > schema.graphql

BENCHMARKS := cold_start graphql_overhead read_cost throughput storage_requests ai_overhead

bench: install
	@for name in $(BENCHMARKS); do echo "== bench/$$name.py"; $(BIN)/python -m bench.$$name || exit 1; echo; done

clean:
	rm -rf $(VENV) .data .mypy_cache .pytest_cache .ruff_cache

# `sam build` calls this (template.yaml: BuildMethod makefile) with ARTIFACTS_DIR set:
# the Lambda package holds graphql_api and its runtime dependencies only, as wheels for
# Python 3.12 on arm64 (the function's runtime and architecture).
LAMBDA_PYTHON ?= python3
build-GraphQLFunction:
	$(LAMBDA_PYTHON) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > "$(ARTIFACTS_DIR)/requirements.txt"
	grep -v '^font-roboto' "$(ARTIFACTS_DIR)/requirements.txt" > "$(ARTIFACTS_DIR)/binary.txt"
	$(LAMBDA_PYTHON) -m pip install --quiet --target "$(ARTIFACTS_DIR)" --requirement "$(ARTIFACTS_DIR)/binary.txt" \
		--platform manylinux2014_aarch64 --implementation cp --python-version 3.12 --only-binary=:all:
	# font-roboto (the PDF font) is pure Python and published as an sdist only.
	grep '^font-roboto' "$(ARTIFACTS_DIR)/requirements.txt" | xargs $(LAMBDA_PYTHON) -m pip install --quiet --no-deps --target "$(ARTIFACTS_DIR)"
	rm "$(ARTIFACTS_DIR)/requirements.txt" "$(ARTIFACTS_DIR)/binary.txt"
	cp -R graphql_api "$(ARTIFACTS_DIR)/graphql_api"
	find "$(ARTIFACTS_DIR)" -name __pycache__ -prune -exec rm -rf {} +
