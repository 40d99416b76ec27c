# `make demo` builds the sample newsletter and donor reports; `make test` runs the tests.
# Both first make sure the system packages are there (scripts/system-deps.sh),
# then the project's environment in .venv.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
OUT ?= build

.PHONY: demo test test-fast check lab venv system-deps images bench clean layout-report catalogs

system-deps:
	@PYTHON=$(PYTHON) scripts/system-deps.sh

venv: system-deps $(VENV)/.installed

# -qq: pip's own warnings (a setuptools notice about editable installs, index
# locations of the machine's pip configuration) are no business of `make demo`'s
# reader; its errors still show, and the command still fails on them.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -e '.[test]'
	$(PY) -m bulletin.kernels install
	touch $@

demo: venv
	$(PY) build.py check
	$(PY) build.py all --period 2023-Q2 --out $(OUT)
	$(PY) build.py all --period 2023-Q3 --out $(OUT)

check: venv
	$(PY) build.py check

# everything, end-to-end builds included (a few minutes)
test: venv
	$(PY) -m pytest

# the unit tests only: no notebook, PDF or wheel builds (well under 30 s)
test-fast: venv
	$(PY) -m pytest -m "not slow"

# JupyterLab on the notebooks, with the project's kernel ("bulletin", .venv's
# Python). JupyterLab lives in its own environment: the packages it brings
# (jsonschema's format checkers) add seconds to every notebook the build runs.
# As root (a container) Jupyter wants to be told that is intended.
LAB_VENV ?= .venv-lab
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv $(LAB_VENV)/.installed
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(LAB_VENV)/bin/python -m jupyterlab \
		--ServerApp.root_dir=notebooks $(LAB_ARGS) $(LAB_OPTIONS)

$(LAB_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LAB_VENV)/bin/python -m pip install --quiet -e '.[lab]'
	touch $@

images: venv
	$(PY) scripts/make_sample_images.py

bench: venv
	$(PY) benchmarks/run.py

clean:
	rm -rf $(OUT) .cache

# the print layout's invariants on generated content, one row per seed's PDF (docs/print-layout.md)
SEEDS ?= 1-30
layout-report: venv
	$(PY) scripts/layout_report.py --seeds $(SEEDS)

# the labels' catalogs (docs/translations.md): every label of the templates and the code into
# bulletin.pot, each language's .po brought up to date with it, and compiled to the .mo the
# package ships (committed: a fresh clone builds without this step); the update's date is left
# out, so running it again changes nothing when no label did
LOCALE := src/bulletin/locale
# language code: CLDR locale (Portuguese is Portugal's: its plural rules, not Brazil's)
CATALOG_LOCALES := en:en fr:fr pt:pt_PT
catalogs: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k n_:1,2 -k pgettext:1c,2 --no-location --sort-output \
		--omit-header -o $(LOCALE)/bulletin.pot .
	for pair in $(CATALOG_LOCALES); do \
		po=$(LOCALE)/$${pair%%:*}/LC_MESSAGES/bulletin.po; \
		$(VENV)/bin/pybabel update -i $(LOCALE)/bulletin.pot -o $$po -l $${pair#*:} \
			--no-fuzzy-matching --ignore-obsolete || exit 1; \
		sed -i '/^"POT-Creation-Date: /d' $$po; \
		$(VENV)/bin/pybabel compile -i $$po -o $${po%.po}.mo -l $${pair#*:} --statistics || exit 1; \
	done
