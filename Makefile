# newsmon: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench soak venv clean

venv: $(STAMP)

# Rebuild the virtualenv when the package metadata changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $(STAMP)

## demo: serve the fixture news web on loopback, crawl it into a throwaway SQLite file, print what was found
demo: $(STAMP)
	$(BIN)/python -m tests.fixtureweb.demo

## test: the whole suite; PostgreSQL tests run when 127.0.0.1:5432 answers (required in CI)
test: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -m "not slow" $(PYTEST_ARGS)

## bench: offline benchmarks on loopback; prints a table and writes bench/results.json
bench: $(STAMP)
	$(BIN)/python -m bench.run

## soak: kill -9 a crawl of >= 1,000 fixture articles at random points, then check nothing was lost or duplicated
soak: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -m slow tests/crawl/test_soak.py

clean:
	rm -rf $(VENV) build *.egg-info
