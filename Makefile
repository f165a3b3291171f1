# luoshi: two commands on a fresh Debian 12 machine with Python 3.11.
#   make demo   — venv, packages, migrate, demo data, serve at http://127.0.0.1:$(PORT)
#   make test   — venv, packages, system packages (PostgreSQL, Chromium, CJK fonts), ruff and mypy, whole suite on SQLite and PostgreSQL
PYTHON ?= python3
VENV := .venv
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: demo test install serve clean
.DEFAULT_GOAL := demo

$(STAMP): pyproject.toml constraints.txt
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed: installing python3-venv"; bash scripts/system-packages.sh python3-venv && $(PYTHON) -m venv $(VENV); }
	@echo "正在安装依赖（首次运行需下载安装，约需几分钟，期间没有输出）……"
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/luoshi demo --host $(HOST) --port $(PORT)

test: $(STAMP)
	bash scripts/test.sh

clean:
	rm -rf $(VENV) luoshi-data
