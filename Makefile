.PHONY: run test test-slow test-browser lint bench

# Runs the app with demo data on SQLite and a filesystem broker, with a real Celery worker.
run:
	scripts/run.sh

# Runs the test suite against PostgreSQL and Redis on loopback.
test:
	scripts/test.sh

# Fault-injection, load and multi-worker suites (minutes; they stop and start local services).
test-slow:
	scripts/test.sh -m slow tests/slow

# The browser journey on Debian's chromium, in English, Arabic and Japanese (screenshots in test-artifacts/).
test-browser:
	scripts/test.sh -m browser tests/browser

lint:
	.venv/bin/ruff check .
