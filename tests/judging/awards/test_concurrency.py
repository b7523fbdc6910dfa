import threading

import pytest
from django.db import connection

from contest.errors import ConflictError
from judging.models import AwardPlacement
from judging.services.awards import assign_award


@pytest.mark.django_db(transaction=True)
def test_assign_same_place_concurrently_only_one_wins(award, organiser, make_entry):
    entries = [make_entry(), make_entry()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(entry):
        try:
            barrier.wait()
            assign_award(award=award, place=1, entry=entry, by=organiser)
            outcomes.append("won")
        except ConflictError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(entry,)) for entry in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["place_taken", "won"]
    assert AwardPlacement.objects.filter(award=award, place=1).count() == 1
