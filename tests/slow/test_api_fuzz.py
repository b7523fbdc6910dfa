"""Schemathesis walks every operation of the OpenAPI schema: no input makes the API fail with 5xx.

Bounded: a few examples per operation (``MARQUEE_FUZZ_EXAMPLES`` raises it for a deeper run).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from accounts.enums import OrgRole, Role
from accounts.models import Membership
from accounts.services import add_role
from config.wsgi import application
from tests.factories import ContestFactory, EntryFactory, UserFactory, default_organisation

EXAMPLES = int(os.environ.get("MARQUEE_FUZZ_EXAMPLES", "10"))

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calls go straight to the WSGI app; like Django's test client, keep the test's
    connection (and its rolled-back transaction) open across requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _token(role: Role | None) -> str | None:
    if role is None:
        return None
    user = UserFactory()
    add_role(user=user, role=role)
    if role == Role.ENTRANT:
        EntryFactory(contest=ContestFactory(), entrant=user)
    if role == Role.ORGANISER:
        # Organising is a role in an organisation's team: own the one that runs the contests.
        Membership.objects.create(organisation=default_organisation(), user=user,
                                  role=OrgRole.OWNER)
    return Token.objects.create(user=user).key


def _server_errors(operation, token: str | None, statuses: list[int]) -> list[str]:
    headers = {"Authorization": f"Token {token}"} if token else {}
    found: list[str] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        if response.status_code >= 500 or "Traceback" in response.text:
            found.append(f"{case.method} {case.formatted_path} body={case.body!r} "
                         f"query={case.query!r} -> {response.status_code} {response.text[:300]}")

    run()
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ENTRANT, Role.JUROR, Role.ORGANISER, None])
def test_no_api_operation_answers_a_server_error(role):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    token = _token(role)
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: list[int] = []
    errors = [
        error for operation in operations for error in _server_errors(operation, token, statuses)
    ]

    assert errors == []
    assert len(operations) >= 10
    # The walk reached past authentication: some calls succeeded, some were refused as invalid.
    assert any(200 <= status < 300 for status in statuses)
    assert any(status in (400, 404) for status in statuses)
