"""A bulk send scales with batches, not recipients: queries per batch and memory stay flat."""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Message
from judging.services import bulk_messages
from judging.services.bulk_messages import KIND
from tests.judging.bulk_factories import draft, many_entrants

pytestmark = pytest.mark.django_db


def _queued(contest, organiser):
    message = draft(contest, organiser)
    bulk_messages.send(message=message, by=organiser)  # its task runs after commit: not here
    return message


def _enqueue_queries(message, *, batch_size):
    with CaptureQueriesContext(connection) as captured:
        written = bulk_messages.enqueue_recipients(message_id=message.pk, batch_size=batch_size)
    return written, len(captured)


def test_enqueue_costs_a_fixed_number_of_queries_per_batch(contest, organiser):
    many_entrants(contest, 12)
    message = _queued(contest, organiser)

    written, queries = _enqueue_queries(message, batch_size=4)

    assert written == Message.objects.filter(kind=KIND).count() == 12
    # The message with its contest and the switch to "sending" (2); per batch the recipients
    # (keyset read), the savepoint, the guarded count update, the insert of the rows and the
    # savepoint's release (5 × 3 batches); the empty read that ends the loop and the final
    # count (2). Recipients never cost a query each.
    assert queries == 2 + 5 * 3 + 2


def test_enqueue_queries_grow_with_batches_not_recipients(contest, organiser):
    many_entrants(contest, 40)
    message = _queued(contest, organiser)

    _written, one_batch = _enqueue_queries(message, batch_size=40)

    assert one_batch == 2 + 5 + 2


def _peak(message, batch_size):
    tracemalloc.start()
    try:
        bulk_messages.enqueue_recipients(message_id=message.pk, batch_size=batch_size)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_enqueue_memory_is_bounded_by_the_batch_not_the_segment(contest, organiser):
    from tests.factories import ContestFactory

    many_entrants(contest, 100)
    small = _queued(contest, organiser)
    larger_contest = ContestFactory()
    many_entrants(larger_contest, 600, start=1000)
    large = _queued(larger_contest, organiser)

    small_peak, large_peak = _peak(small, 50), _peak(large, 50)

    assert Message.objects.filter(kind=KIND).count() == 700
    # Six times the recipients, the same batch: the peak holds one batch either way.
    assert large_peak < small_peak * 1.5
