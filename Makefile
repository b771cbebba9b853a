# Peixun: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/peixun
# The worker tests' Redis database (tests/jobs/test_worker.py empties it): one per pass, as the two passes
# of `make test` run side by side.
SQLITE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/13
PG_TEST_REDIS_URL ?= redis://127.0.0.1:6379/12

.PHONY: install run worker beat demo test lint test-sqlite test-postgres messages bench bench-smoke clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# The fonts the PDFs embed are made once into var/fonts (a minute the first time, nothing after).
install: $(VENV)/.installed
	$(PY) manage.py prepare_fonts

# `make run PORT=8080`, `make run HOST=0.0.0.0`: the server ends its start-up with the demo logins and,
# last, the address it really serves.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --once --no-logins
	$(PY) manage.py rundemo $(HOST):$(PORT)

# Background work (docs/operations.md, "Background work"): with PEIXUN_BROKER_URL set (redis://...), jobs,
# mail and periodic tasks run in workers, and beat sends the periodic ones. `make run` needs neither.
worker: install
	$(VENV)/bin/celery -A peixun worker -l info

beat: install
	$(VENV)/bin/celery -A peixun beat -l info --schedule $(or $(PEIXUN_DATA_DIR),var)/celerybeat-schedule

demo: install
	$(PY) manage.py load_demo

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	PEIXUN_TEST_REDIS_URL="$(SQLITE_TEST_REDIS_URL)" $(PY) -m pytest -m "not postgres"

test-postgres: install
	$(PY) tests/postgres_available.py "$(PG_TEST_URL)" && \
	PEIXUN_DATABASE_URL="$(PG_TEST_URL)" PEIXUN_TEST_REDIS_URL="$(PG_TEST_REDIS_URL)" \
	$(PY) -m pytest -m "not browser and not nodb" || \
	{ status=$$?; [ $$status -eq 77 ] && echo "PostgreSQL run skipped: no server at $(PG_TEST_URL)" || exit $$status; }

# The SQLite pass (with the browser tests) and the PostgreSQL pass run side by side, one per core; each
# pass's output is shown whole when it ends.
test: lint
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --add-location file -i ".venv/*" -i "tests/*" -i "bench/*"
	$(PY) manage.py compilemessages -l zh_Hans -i .venv

bench: install
	$(PY) bench/pages.py --quick

# The timetable engine's regression check (a few CPU seconds): fails when an instance's status or
# CP-SAT work is worse than bench/timetable_reference.json; then every other benchmark's --smoke
# (tiny data; pages, ledger and jobs on PEIXUN_DATABASE_URL's server or a temporary SQLite file; jobs also needs Redis).
# `make test` runs them too (tests/bench/test_timetable_smoke.py, tests/bench/test_smoke.py).
bench-smoke: install
	$(PY) bench/timetable.py --smoke > /dev/null
	for name in pages documents guard ledger jobs api; do $(PY) bench/$$name.py --smoke > /dev/null || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
