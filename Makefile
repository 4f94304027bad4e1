# raingan — the two commands of the README, each doing its own set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_STAMP := $(VENV)/.system-stamp

.PHONY: demo test lint bench venv system-deps corpus clean notebook

$(STAMP): pyproject.toml scripts/bootstrap-python.sh
	@test -x $(BIN)/python || { py=$$(scripts/bootstrap-python.sh "$(PYTHON)") && "$$py" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster,tools,notebook]'
	@# the project's own bytecode, compiled once (an editable install does not, and PYTHONDONTWRITEBYTECODE
	@# would otherwise have every command compile its modules again)
	$(BIN)/python -m compileall -q schemas wordlists parsers pipeline tools >/dev/null
	@touch $@

# Debian packages (fonts for the PDF corpus; see scripts/debian-packages.txt), installed when missing
$(SYSTEM_STAMP): scripts/debian-packages.txt scripts/system-deps.sh $(STAMP)
	scripts/system-deps.sh
	@touch $@

system-deps: $(SYSTEM_STAMP)

venv: $(STAMP) $(SYSTEM_STAMP)

corpus: venv  ## re-render the sample reports of data/raw: text-layer PDFs in data/raw/pdf, one scan in data/raw/scan
	$(BIN)/raingan corpus data/raw --out data/raw/pdf
	$(BIN)/raingan scans data/raw --out data/raw/scan --only kpi_detail_flat_fy2567

demo: venv  ## ingest the sample archive data/raw into data/out, audit it, print the summary, the tables found and where audit.html is
	$(BIN)/raingan ingest data/raw --out data/out
	@echo "the tables found in the samples (raingan sql; their cells: SELECT * FROM cells):"
	$(BIN)/raingan sql --out data/out --format csv "SELECT regexp_replace(d.source_path, '.*/', '') AS file, \
	  t.table_no, t.page, t.n_rows, t.n_cols, t.method, t.caption FROM tables t JOIN documents d USING (doc_id) \
	  ORDER BY file, t.table_no"
	@echo "open the audit report in a browser: $(CURDIR)/data/out/audit.html"

# the output folder the notebook reads (make notebook OUT=DIR), and options for JupyterLab
OUT ?= data/out
NOTEBOOK_ARGS ?=

notebook: venv  ## open notebooks/explore.ipynb in JupyterLab on the demo output (made by make demo when missing), its kernel the project's own python
	@test -e "$(OUT)/documents.parquet" || $(MAKE) demo
	@# the venv first on PATH: the python3 kernel's spec names `python`, which must be the venv's
	PATH="$(abspath $(BIN)):$$PATH" RAINGAN_OUT="$(abspath $(OUT))" $(BIN)/jupyter lab notebooks/explore.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(NOTEBOOK_ARGS)

test: venv lint  ## the whole test suite (what CI runs)
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check schemas wordlists parsers pipeline tools tests bench notebooks
	$(BIN)/mypy
	$(BIN)/mypy bench/bench_speed.py  # and what it imports: bench_archive.py, archive.py

bench: venv  ## fixed costs and ratios to bare pypdfium2 (bench_speed); a 2,000-document archive; text; PDFs against bare pypdfium2; OCR against bare tesseract; scans' records; layouts and real pages per field; the text-layer check; Thai digits; the dictionaries' load times
	$(BIN)/python bench/bench_speed.py
	$(BIN)/python bench/bench_archive.py
	$(BIN)/python bench/bench_text.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_ocr.py
	$(BIN)/python bench/bench_ocr_records.py
	$(BIN)/python bench/bench_layouts.py --scans
	$(BIN)/python bench/bench_layercheck.py
	$(BIN)/python bench/bench_ocr_digits.py
	$(BIN)/python bench/bench_dict.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find data/out -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
