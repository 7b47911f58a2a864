# workbench: set-up, tests and JupyterLab in one place (see README.md).
#
#   make lab    the learner's set-up (the `lab` extra, graphviz, PostgreSQL when it can), then
#               JupyterLab on notebooks/ with one throwaway PostgreSQL server for the session
#   make test   the full set-up (the `test` extra, which includes `lab`, plus npm packages and
#               Chromium), then ruff, mypy and pytest over tests/ and the notebooks (nbval)
#
# Set-up is idempotent and quick when already done: system packages are only looked for, and the
# venv is only (re)installed when pyproject.toml's hash differs from the stamp or the stamp's
# extras do not cover the ones asked for (`make lab` after `make test` installs nothing).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Any Python >= 3.11; empty means "python3, else the newest python3.1x on PATH".
PYTHON ?=
VENV ?= .venv
# The extras `make setup` installs; `make lab` sets `lab` (command line wins: make lab EXTRAS=test).
EXTRAS ?= test
PY := $(VENV)/bin/python
STAMP := $(VENV)/.workbench-setup
# Extra arguments, e.g. `make test PYTEST_ARGS='-k duckdb -x'`, `make lab LAB_ARGS='--port 9999'`.
PYTEST_ARGS ?=
LAB_ARGS ?=
BENCH_ARGS ?=

# Only paths that exist: pytest fails (exit 4) on a missing path argument.
TEST_PATHS := tests $(wildcard notebooks)
# Notebooks are collected by nbval only: no python test modules under notebooks/.
NBVAL_ARGS := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	--nbval-cell-timeout=600 --ignore-glob='*/notebooks/*.py'

export PYTHON VENV EXTRAS STAMP
# Jupyter: use the standard platform dirs now (silences a deprecation warning on every start).
export JUPYTER_PLATFORM_DIRS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# --- system packages -------------------------------------------------------------------------
# graphviz (`dot`) and the PostgreSQL server binaries (initdb/pg_ctl: the lab and the tests start a
# throwaway server), plus python3-venv when the system Python lacks it; for the tests only (EXTRAS
# holds `test`) also node/npm and chromium. apt-get runs only when something is missing and we are
# root or have passwordless sudo; otherwise one line says what to install.
define SYSTEM_DEPS_SH
for_tests=; case ",$$EXTRAS," in *,test,*) for_tests=1 ;; esac
have_initdb() {
	[ -n "$${PG_BINDIR:-}" ] && [ -x "$$PG_BINDIR/initdb" ] && return 0
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
	command -v initdb >/dev/null 2>&1
}
pkgs=()
command -v dot >/dev/null 2>&1 || pkgs+=(graphviz)
# node + npm: the DBML / Mermaid output is checked by the real npm parsers (package.json)
if [ -n "$$for_tests" ] && [ -f package.json ]; then command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm); fi
have_initdb || pkgs+=(postgresql)
# chromium: the real-browser test of the studio (Playwright drives the system binary)
if [ -n "$$for_tests" ]; then [ -x /usr/bin/chromium ] || pkgs+=(chromium); fi
py="$${PYTHON:-python3}"
if command -v "$$py" >/dev/null 2>&1 && ! "$$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
	case "$$(command -v "$$py")" in /usr/bin/*) pkgs+=(python3-venv) ;; esac
fi
[ $${#pkgs[@]} -eq 0 ] && exit 0
if [ "$$(id -u)" -eq 0 ]; then sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then sudo=(sudo -n)
else
	echo "setup: not root and no passwordless sudo; skipping system packages: $${pkgs[*]}" \
		"(install them yourself: sudo apt-get install $${pkgs[*]})" >&2
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: no apt-get here; please install: $${pkgs[*]}" >&2
	exit 0
fi
echo "setup: apt-get install $${pkgs[*]}"
export DEBIAN_FRONTEND=noninteractive
"$${sudo[@]}" apt-get update -qq
"$${sudo[@]}" apt-get install -y -qq "$${pkgs[@]}" >/dev/null
endef
export SYSTEM_DEPS_SH

# --- the venv --------------------------------------------------------------------------------
# The stamp holds sha256(pyproject.toml [+ constraints.txt]) and the extras installed with that
# hash. A matching hash whose extras cover the ones asked for (`test` covers `lab`: its list holds
# `workbench[lab]`), a working venv Python and an editable install pointing at this checkout mean
# there is nothing to do; installing more extras at the same hash adds them to the stamp's.
define VENV_SH
# covers OLD WANT: do the extras OLD (comma-separated) include every extra WANT stands for?
covers() {
	"$$VENV/bin/python" - "$$1" "$$2" <<'PY'
import re, sys, tomllib
with open("pyproject.toml", "rb") as f:
    table = tomllib.load(f)["project"].get("optional-dependencies", {})
def expand(names):
    todo, seen = [n.strip() for n in names.split(",") if n.strip()], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            for req in table.get(name, []):
                m = re.match(r"workbench\[([^]]*)\]", req.replace(" ", ""))
                todo += m.group(1).split(",") if m else []
    return seen
sys.exit(not expand(sys.argv[2]) <= expand(sys.argv[1]))
PY
}
# constraints.txt (optional, `pip freeze --exclude-editable` of a good venv) pins transitive versions.
cons=(); [ -f constraints.txt ] && cons=(-c constraints.txt)
hash="$$(cat pyproject.toml $${cons[@]:+constraints.txt} | sha256sum | cut -d' ' -f1)"
old="$$(cat "$$STAMP" 2>/dev/null || true)"
old_extras=; [ "$${old%% *}" = "$$hash" ] && { old_extras="$${old#*\[}"; old_extras="$${old_extras%]}"; }
here="$$(pwd -P)"
if [ -x "$$VENV/bin/python" ] && [ -n "$$old_extras" ] && covers "$$old_extras" "$$EXTRAS" 2>/dev/null \
	&& "$$VENV/bin/python" -c 'import importlib.util as u, sys; s = u.find_spec("workbench"); sys.exit(not (s and s.origin.startswith(sys.argv[1] + "/")))' "$$here" 2>/dev/null; then
	exit 0
fi
if ! "$$VENV/bin/python" -c '' >/dev/null 2>&1; then
	py="$${PYTHON:-}"
	if [ -z "$$py" ]; then
		for c in python3 python3.14 python3.13 python3.12 python3.11; do
			if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then py="$$c"; break; fi
		done
	fi
	if [ -z "$$py" ] || ! "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
		echo "setup: need Python >= 3.11 (found: $$($${py:-python3} --version 2>&1 || echo none)); run e.g. make PYTHON=python3.11 ..." >&2
		exit 1
	fi
	echo "setup: creating $$VENV with $$("$$py" --version 2>&1)"
	rm -rf "$$VENV"
	"$$py" -m venv "$$VENV"
fi
echo "setup: pip install -e '.[$$EXTRAS]' into $$VENV"
rm -f "$$STAMP"
extras="$$EXTRAS$${old_extras:+,$$old_extras}"
# (the grep drops pip's harmless "Location ... is ignored" noise from find-links set on some machines)
"$$VENV/bin/python" -m pip install --quiet "$${cons[@]}" -e ".[$$EXTRAS]" 2>&1 \
	| { grep -v "^WARNING: Location '.*' is ignored" || true; }
echo "$$hash [$$extras]" > "$$STAMP"
endef
export VENV_SH

# --- npm packages (tests only) ------------------------------------------------------------------
# `npm ci` from package-lock.json into node_modules/ when EXTRAS holds `test` (the lab needs none),
# package.json exists and node_modules is missing or older than the lock file (stamp: sha256 of
# package-lock.json). Without npm this only warns: the tests that need the packages fail in CI (CI set) and skip elsewhere, saying why.
define NPM_SH
[ -f package.json ] || exit 0
case ",$$EXTRAS," in *,test,*) ;; *) exit 0 ;; esac  # the lab needs no npm package
if ! command -v npm >/dev/null 2>&1; then
	verdict=skip; [ -n "$${CI:-}" ] && verdict=fail
	echo "setup: npm not found: the DBML/Mermaid parser tests will $$verdict (apt-get install nodejs npm)" >&2
	exit 0
fi
stamp=node_modules/.workbench-npm-setup
key="$$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -d node_modules ] && [ "$$(cat "$$stamp" 2>/dev/null)" = "$$key" ]; then exit 0; fi
echo "setup: npm ci (package-lock.json changed or node_modules missing)"
npm ci --no-audit --no-fund --loglevel=error
echo "$$key" > "$$stamp"
endef
export NPM_SH

.PHONY: help setup system-deps venv npm test lab lint format bench versions clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: system-deps venv npm ## all set-up (idempotent): system packages, .venv, editable install, npm ci

system-deps: ## apt-get install graphviz / postgresql / python3-venv (+ nodejs / chromium for tests) when missing
	@bash -euo pipefail -c "$$SYSTEM_DEPS_SH"

venv: ## create .venv and pip install -e '.[$(EXTRAS)]' unless the stamp's hash and extras cover it
	@bash -euo pipefail -c "$$VENV_SH"

npm: ## npm ci (test-only packages of package.json) unless the stamp matches package-lock.json
	@bash -euo pipefail -c "$$NPM_SH"

versions: ## print the versions the tests run against
	@echo "python:   $$($(PY) -c 'import sys; print(sys.version.split()[0])')"
	@echo "duckdb:   $$($(PY) -c 'import duckdb; print(duckdb.__version__)')"
	@echo "postgres: $$(b=$$($(PY) -c 'from workbench.db.pgserver import find_bindir; print(find_bindir() or "")'); \
		if [ -n "$$b" ]; then "$$b/postgres" --version; else echo 'not found'; fi)"
	@echo "dot:      $$(dot -V 2>&1 || echo 'not found')"
	@echo "node:     $$(node --version 2>/dev/null || echo 'not found')"

# pytest exit codes: 0 ok, 1 failures, 5 = no test collected. 5 is a failure here too (the suite is
# never empty; an empty run means a broken path or collection), with a message saying so.
test: setup versions lint ## ruff and mypy, then pytest over tests/ and notebooks/ (nbval), with a throwaway PostgreSQL
	@rc=0; $(PY) -m pytest $(TEST_PATHS) $(NBVAL_ARGS) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests (exit 5): treated as a failure" >&2; fi; \
	exit $$rc

# The learner's set-up: the `lab` extra and system packages only (no npm, no Chromium). The
# launcher (workbench/lab.py) starts one throwaway PostgreSQL server when the binaries exist (or
# uses $WORKBENCH_PG_URL) for every notebook, and stops it when JupyterLab exits.
lab: EXTRAS = lab
lab: system-deps venv ## open JupyterLab on notebooks/00_tour.ipynb, with a throwaway PostgreSQL for the session
	@root=$$([ -d notebooks ] && echo notebooks || echo .); \
	extra=$$([ "$$(id -u)" -eq 0 ] && echo --allow-root || true); \
	tour=$$([ -f notebooks/00_tour.ipynb ] && echo --LabApp.default_url=/lab/tree/00_tour.ipynb || true); \
	exec $(PY) -m workbench.lab --ServerApp.root_dir="$$root" $$tour $$extra $(LAB_ARGS)

lint: setup ## ruff check + ruff format --check + mypy --strict (configured in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup ## ruff format + ruff check --fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Every benchmark, each with its anchor, one after the other (results.md records how long it took; refuses to
# start when the load average is above 1): benchmarks/results.md. benchmarks/README.md says what
# each one measures. Options: make bench BENCH_ARGS='--only check,lint --quick --force --out FILE'.
bench: setup ## every benchmark against its anchor, in one run: benchmarks/results.md
	$(PY) benchmarks/run_all.py $(BENCH_ARGS)

clean: ## remove the venv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
