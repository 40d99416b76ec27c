# `make demo` builds the sample newsletter and donor reports; `make test` runs the tests.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PERIOD ?= 2023-Q2
OUT ?= build

.PHONY: demo test check venv images bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: venv
	$(PY) build.py check
	$(PY) build.py all --period 2023-Q2 --out $(OUT)
	$(PY) build.py all --period 2023-Q3 --out $(OUT)

check: venv
	$(PY) build.py check

test: venv
	$(PY) -m pytest

images: venv
	$(PY) scripts/make_sample_images.py

bench: venv
	$(PY) benchmarks/run.py

clean:
	rm -rf $(OUT) .cache
