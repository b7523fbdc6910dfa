import pytest

from .servers import Stack, migrated_template


@pytest.fixture(scope="session")
def postgres_template():
    template = migrated_template()
    yield template
    template.destroy()


@pytest.fixture
def stack(postgres_template):
    """Private Redis and PostgreSQL, migrated, with folders for media, uploads and mail."""
    private = Stack(template=postgres_template).start()
    try:
        yield private
    finally:
        private.close()
