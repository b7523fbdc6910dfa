.PHONY: run test test-slow lint bench

# Runs the app with demo data on SQLite and a filesystem broker, with a real Celery worker.
run:
	scripts/run.sh

# Runs the test suite against PostgreSQL and Redis on loopback.
test:
	scripts/test.sh

# Fault-injection, load and multi-worker suites (minutes; they stop and start local services).
test-slow:
	scripts/test.sh -m slow tests/slow

lint:
	.venv/bin/ruff check .
