"""Which stored files other video rows still name (shared files are deleted with the last)."""

import pytest

from contest.models import Video
from contest.selectors import file_names_in_use
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_file_names_in_use_finds_names_in_any_file_field_of_another_row():
    entry, other = EntryFactory(), EntryFactory()
    mine = Video.objects.create(entry=entry, file="demo/a.mp4", poster="demo/a.jpg",
                                preview="demo/a-preview.mp4")
    Video.objects.create(entry=other, file="demo/b.mp4", poster="demo/a.jpg",
                         preview="demo/a-preview.mp4")
    names = ["demo/a.mp4", "demo/a.jpg", "demo/a-preview.mp4", "", "demo/gone.mp4"]

    assert file_names_in_use(names) == {"demo/a.mp4", "demo/a.jpg", "demo/a-preview.mp4"}
    assert file_names_in_use(names, excluding_video=mine.pk) == {"demo/a.jpg",
                                                                 "demo/a-preview.mp4"}
    assert file_names_in_use([]) == set()
