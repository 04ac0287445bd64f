# aimsgraph: the two commands are `make demo` and `make test`; both set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LLM_STAMP := $(VENV)/.llm-stamp
DEMO_DIR ?= demo-data
HOST ?= 127.0.0.1
PORT ?= 8000
CORPUS ?= ../shared/corpus

.PHONY: install llm lint test demo benchmark clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The tests' local language-model server (llama-cpp-python, built from source: cmake and a
# C++ compiler) and Gemma 3 270M; `make demo` does not need them.
$(LLM_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[llm]'
	touch $(LLM_STAMP)

llm: $(LLM_STAMP)

lint: install
	$(BIN)/ruff check ontology ingest mapping shapes api tests benchmarks tools
	$(BIN)/ruff format --check ontology ingest mapping shapes api tests benchmarks tools
	$(BIN)/mypy

# pytest-xdist workers (tests/xdist_units.py): each test file (all browser files together) is
# one unit of work, run whole and in order on one worker, longest first by the last run's
# times in .pytest_cache; session fixtures (model, servers, Chromium) exist once per worker.
# TEST_WORKERS=0 runs everything in this one process (slower, same tests).
TEST_WORKERS ?= 2

test: install llm lint
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup

demo: install
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m api.demo --data-dir $(DEMO_DIR) --corpus $(CORPUS) --host $(HOST) --port $(PORT)

benchmark: install
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m benchmarks.quality.run

clean:
	rm -rf $(VENV) $(DEMO_DIR) .mypy_cache .pytest_cache .ruff_cache
