# newsmon: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Every installed distribution is pinned, with hashes, in requirements.lock
# (runtime + test + bench extras, for any platform, Python >= 3.11).
LOCK   := requirements.lock
# uv resolves in seconds; it lives in its own small venv, never in .venv.
TOOLS  := .venv-tools
UV_VERSION ?= 0.13.10

.PHONY: demo test bench soak eval venv lock clean

venv: $(STAMP)

# Rebuild the virtualenv when the package metadata or the lock changes.
# Only hashed, pinned files are installed; newsmon itself goes in without
# dependencies, and `pip check` fails if pyproject.toml needs something the
# lock lacks (then run `make lock`).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m pip check || { echo "requirements.lock is out of date with pyproject.toml: run 'make lock'" >&2; exit 1; }
	touch $(STAMP)

## lock: re-resolve requirements.lock from pyproject.toml (after adding or upgrading a dependency)
lock: $(TOOLS)/bin/uv
	$(TOOLS)/bin/uv pip compile pyproject.toml --extra test --extra bench --universal --python-version 3.11 \
		--generate-hashes --quiet --output-file $(LOCK)

$(TOOLS)/bin/uv:
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install -q 'uv==$(UV_VERSION)'

## demo: serve the fixture news web on loopback, crawl it into a throwaway SQLite file, print what was found
demo: $(STAMP)
	$(BIN)/python -m tests.fixtureweb.demo

# Byte-compile our sources first: the suite and the benchmarks start `python -m newsmon`
# (and its workers) hundreds of times, and with PYTHONDONTWRITEBYTECODE set (CI,
# containers) each would compile them again, as an installed package never does.
# Half a second; harmless where .pyc files get written anyway.
COMPILE := $(BIN)/python -m compileall -q newsmon pipelines tests bench >/dev/null

# The suite runs on two processes (pytest-xdist): most of its time is spent in crawls and
# other `newsmon` processes it starts, and the machine has two cores. loadgroup keeps each
# group of tests.conftest.XDIST_GROUPS on one process; every other test is handed out on its
# own. `make test XDIST=` (or PYTEST_ARGS="-n 0") runs the suite on one process.
XDIST ?= -n 2 --dist loadgroup

## test: the whole suite; PostgreSQL tests run when 127.0.0.1:5432 answers (required in CI)
test: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m pytest -p no:cacheprovider -m "not slow" $(XDIST) $(PYTEST_ARGS)

## bench: offline benchmarks on loopback; prints a table and writes bench/results.json
bench: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m bench.run

## soak: kill -9 a crawl of >= 1,000 fixture articles at random points, then check nothing was lost or duplicated
soak: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -m slow tests/crawl/test_soak.py

## eval: accuracy on public pages (dates vs htmldate, text and metadata vs trafilatura) from ../shared/eval
## or $$NEWSMON_EVAL_DIR; prints the table and writes docs/accuracy.md. Not part of `make test`.
eval: $(STAMP)
	$(BIN)/python -m bench.eval_accuracy

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info
