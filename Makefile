# The two commands of the README: `make up` and `make test`.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install up test test-fast bench lint format system-deps clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed ## create the virtual environment and install everything

up: install ## run the whole system in one process (SQLite, no broker), with the Neudorf demo
	$(VENV)/bin/umlauf up --demo

# Debian packages the tests drive for real: Chromium (Playwright) and Dovecot (IMAP/POP3).
SYSTEM_TEST_PACKAGES := chromium dovecot-imapd dovecot-pop3d
system-deps: ## install the Debian packages the tests need (as root), or say which are missing
	@missing=""; for p in $(SYSTEM_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install these Debian packages for the tests:$$missing" >&2; exit 1; fi; fi

# Workers for `make test`: the tests mostly wait on servers, processes and sockets, so more
# workers than cores pay (measured on two cores, see README "Tests"). A module stays on one
# worker (--dist loadscope), so its module-scoped system is started once.
TEST_WORKERS ?= 6

test: install system-deps ## install and run every test (needs PostgreSQL and RabbitMQ, see README)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope

test-fast: install ## unit tests only (no servers needed)
	UMLAUF_TEST_CONTAINERS=0 $(PY) -m pytest -m "not slow" services/*/tests/unit shared/tests/unit

bench: install ## benchmarks (PostgreSQL and RabbitMQ); results in bench-results/
	$(PY) -m bench

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache
