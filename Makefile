# CNN course companion. Students: `make lab`. Maintainers: `make check` (quick), `make test` (all).
# With no Python environment active, everything goes into ./.venv (plain python3 -m venv);
# inside an active virtualenv or conda env (e.g. from environment.yml) that one is used.

PYTHON3 ?= python3
ifneq ($(strip $(VIRTUAL_ENV)$(CONDA_PREFIX)),)
  ENV := $(or $(VIRTUAL_ENV),$(CONDA_PREFIX))
else
  ENV := .venv
endif
PY := $(ENV)/bin/python
STAMP := $(ENV)/.cnnlib-installed
TORCH_WHEEL := $(firstword $(wildcard /opt/wheels/torch-*+cpu-*.whl))

.PHONY: setup lab check test a11y lint refresh gifs site torch bench assignments autograde clean help

help:
	@echo "make lab     set up and open the course in JupyterLab"
	@echo "make check   the quick loop: lint, then the unit and property tests (no notebooks,"
	@echo "             no browser; under a minute)"
	@echo "make test    set up, lint, and run every test (unit, property, notebooks, browser)"
	@echo "make a11y    the accessibility tests only: axe-core on the site and in JupyterLab,"
	@echo "             colour-blind distances, contrast (WCAG 2.1 AA; needs Chromium)"
	@echo "make lint    ruff over cnnlib, tests, tools and bench"
	@echo "make refresh re-execute the notebooks in place (after changing one)"
	@echo "make gifs    the key animations as GIFs in build/gifs (for slides)"
	@echo "make site    the course as a static, offline site in build/site"
	@echo "make torch   optional: CPU PyTorch, for the comparison tests"
	@echo "make bench   time the fast layers against the loops and PyTorch (1-2 min)"
	@echo "make assignments  nbgrader source and release versions in $(COURSE)/"
	@echo "make autograde    grade $(COURSE)/submitted/<student>/<assignment>/, write $(COURSE)/grades.csv"
	@echo "make clean   remove .venv and caches"

setup: $(STAMP)

$(PY):
	$(PYTHON3) -m venv $(ENV)

# Reinstall only when the project's requirements change. (The filter hides setuptools'
# generic "Editable installation" notice, printed for every editable install, nothing else.)
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet -e ".[dev]"
	@# nbgrader (for `make assignments`) brings JupyterLab menus and panels students do not
	@# need: off in this environment only (`jupyter labextension enable @jupyter/nbgrader`).
	$(PY) -m jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	@touch $@

# As root (containers, some VMs) JupyterLab refuses to start without --allow-root.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

# lab-settings/overrides.json: this course's defaults (code lines wrap, so nothing is cut on
# a projector); the user's own JupyterLab settings still apply over them, untouched.
lab: setup
	$(PY) -m jupyter lab $(LAB_FLAGS) --LabApp.app_settings_dir=lab-settings notebooks/

# The quick loop while changing cnnlib: no nbval, no Chromium, no nbgrader.
check: lint
	$(PY) -m pytest -q -m "not browser and not slow" --hypothesis-profile=quick tests

test: lint
	$(PY) -m pytest --nbval

# WCAG 2.1 AA: the tests marked a11y (they are part of `make test` too).
a11y: setup
	$(PY) -m pytest -q -m a11y tests

lint: setup
	$(PY) -m ruff check cnnlib tests tools bench

refresh: setup
	$(PY) tools/refresh_notebooks.py

gifs: setup
	$(PY) tools/make_gifs.py build/gifs

site: setup
	$(PY) tools/build_site.py build/site

# PyTorch is optional: the torch comparison tests skip without it. A local CPU wheel is
# used where the machine has one; otherwise the CPU build from pytorch.org (small).
torch: setup
ifneq ($(TORCH_WHEEL),)
	$(PY) -m pip install --quiet "$(TORCH_WHEEL)"
else
	$(PY) -m pip install --quiet torch --index-url https://download.pytorch.org/whl/cpu
endif

# A benchmark, not a test. OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (set on some machines for old
# OpenBLAS builds) slow down a current NumPy: only this command runs without them, and the
# script prints which BLAS kernel it got.
bench: setup
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) bench/bench_layers.py
	$(PY) bench/bench_widgets.py

# nbgrader for instructors: the course folder (source/, release/, submitted/, grades.csv) is
# yours, outside git; COURSE=path/to/folder puts it elsewhere.
COURSE ?= course

assignments: setup
	$(PY) tools/assignments.py build --course $(COURSE)

autograde: setup
	$(PY) tools/assignments.py autograde --course $(COURSE)

clean:
	rm -rf .venv .pytest_cache .hypothesis .ruff_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
