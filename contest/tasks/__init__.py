"""Celery tasks of the contest app, one module per concern; imported here so autodiscovery finds them."""
