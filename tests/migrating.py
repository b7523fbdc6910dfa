"""Moving the test database along its migrations, for data-migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets) -> None:
    """Migrate to ``targets`` (``[(app, migration)]``), backwards or forwards; None: the latest."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
