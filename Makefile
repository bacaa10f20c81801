# make demo: set up .venv and run the main job; make test: lint and the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: demo test lint bench bench-m3 bench-real clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-run the install when the package metadata or the pins change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	@touch $@

# One pip call for the package and its dev extras (make test on a fresh clone): two calls
# resolved and built the editable package twice. --no-compile: pip byte-compiles every module
# it installs (9,500 files, torch's and sympy's tests among them), about 50 s of a fresh clone's
# make test on 2 cores; the suite compiles the 2,900 it imports, once (see test).
$(VENV)/.installed-dev: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) --no-compile -e ".[dev]"
	@touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/wavecast demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# The report test renders report.html in headless Chromium (Debian's package). Installed here
# when missing and we are root (CI: a fresh machine); otherwise that test fails, never skips.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } || \
		echo "make: /usr/bin/chromium missing (install it: apt-get install chromium)"

# Two test processes (pytest-xdist), one a core, each with one torch thread (tests/conftest.py):
# on a 2-core AMD EPYC the suite took 10:56 in one process (other jobs beside it at times), 7:15
# in two. TEST_WORKERS=0 runs it in one.
# env -u PYTHONDONTWRITEBYTECODE: where it is set (this project's machines set it) an uncompiled
# module would be compiled again in every test process; unset, the first import writes its .pyc.
TEST_WORKERS ?= 2
test: lint chromium
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# make bench: the speed benchmarks, table printed, JSON in benchmarks/results/ (~5-10 min).
# Darts and NeuralForecast rows need .venv-compare: `make bench COMPARE=1` builds it (its own
# venv, so the main one stays light; ~15 min in all). Without it those rows say so.
bench: $(VENV)/.installed-dev $(if $(filter 1,$(COMPARE)),.venv-compare/.installed)
	$(BIN)/python -m benchmarks

.venv-compare/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv .venv-compare
	.venv-compare/bin/python -m pip install --disable-pip-version-check -q -c constraints.txt torch==2.13.0 -e ".[compare]"
	@touch $@

# make bench-m3: wavecast (and its Theta baseline) beside statsforecast (SeasonalNaive, Naive,
# AutoETS, AutoTheta, Theta) on the M3 competition (benchmarks/data/m3), one thread, systems in
# turn; table printed, JSON in benchmarks/results/m3-GROUP.json. GROUP=monthly|quarterly|yearly|other|all (default all),
# SEEDS=3 for the median over wavecast seeds, SYSTEMS=all adds Darts and NeuralForecast (slow).
# The statistical rows need .venv-compare (built here, ~15 min the first time). See docs/m3.md.
bench-m3: $(VENV)/.installed-dev .venv-compare/.installed
	$(BIN)/python -m benchmarks.m3 --group $(or $(GROUP),all) --seeds $(or $(SEEDS),1) \
		$(if $(SYSTEMS),--systems $(SYSTEMS))

# make bench-real: real weekly, monthly, quarterly, daily and hourly series (textbook datasets,
# some with drivers) beside statsforecast, rolling origins; ~40 min. See docs/real-series.md.
bench-real: .venv-compare/.installed
	.venv-compare/bin/python -m benchmarks.real $(if $(SETS),--sets $(SETS))

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache
