# kgraph: `make demo` builds the sample corpus, `make test` runs every test.
# Both set up .venv/ from nothing first (Python 3.11, packages from PyPI only).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kgraph-installed

.PHONY: setup browser virtuoso demo test test-servers notebooks validate clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	$(PY) -c "import kgraph.pipeline.model as m; print('spaCy model:', m.default_model_name())"
	touch $(STAMP)

# Exit status 3 means "finished, some files skipped": still a finished demo.
demo: setup
	$(PY) -m kgraph build corpus --out out || [ $$? -eq 3 ]
	$(PY) -m kgraph validate --graph out/graph.ttl

# Debian's Chromium and ChromeDriver for the report's browser test (no downloads at run time).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }

test: setup browser
	$(PY) -m pytest

# Virtuoso Open Source 7 from Debian for `make test-servers` (the Oxigraph server comes with the test extras).
virtuoso:
	@command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; }

# The graph pushed to and read back from a real Virtuoso server on 127.0.0.1.
test-servers: setup virtuoso
	$(PY) -m pytest -m servers

# Re-run the notebooks in place after a library change, so their committed outputs stay true.
notebooks: setup
	$(PY) notebooks/execute.py

clean:
	rm -rf out .pytest_cache
