# The two set-up commands of the README, and the tools behind them.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: run test test-fast browser-deps report-deps bench bench-deps docs screenshots clean

# Install the product (with the test tools) into .venv once per change of pyproject.toml.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## run: install, then serve the dashboard (demo data is generated and loaded on the first start)
run: $(VENV)/.installed report-deps
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

## test: install, then run every test, browser tests included (headless Chromium)
test: $(VENV)/.installed browser-deps
	$(BIN)/python -m pytest

## browser-deps: Debian's chromium and chromium-driver for the browser tests (apt-get when root)
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "The browser tests need Chromium and its driver: sudo apt-get install chromium chromium-driver"; exit 1; fi

## report-deps: Debian's chromium, which draws and prints the committee's PDF report (apt-get when root);
## without it the app runs and the report says what to install
report-deps:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "The PDF report needs Chromium: sudo apt-get install chromium"; fi

## test-fast: every test but the browser ones
test-fast: $(VENV)/.installed report-deps
	$(BIN)/python -m pytest -m "not browser"

## bench: the benchmarks of bench/README.md (scale 20; several minutes)
bench: $(VENV)/.installed bench-deps
	$(BIN)/python -m bench.run_all

## bench-deps: locust, for the load benchmark (kept out of the test tools: it pins requests, pulls gevent)
bench-deps: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"

## docs: regenerate docs/warehouse.md from the warehouse's own comments
docs: $(VENV)/.installed
	$(BIN)/workforce docs

## screenshots: regenerate docs/screenshots/ from the running app on demo data
screenshots: $(VENV)/.installed
	$(BIN)/python -m bench.screenshots

clean:
	rm -rf $(VENV) build *.egg-info
