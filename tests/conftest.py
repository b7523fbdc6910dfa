import uuid

import pytest
from django.conf import settings
from django.utils import translation

from accounts.enums import OrgRole, Role
from accounts.models import Membership
from accounts.services import add_role

from .factories import ContestFactory, UserFactory, default_organisation
from .migrating import migrate_to


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes media and partial uploads under its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MARQUEE_UPLOAD_DIR = str(tmp_path / "uploads")


@pytest.fixture(autouse=True)
def _site_language():
    """A request leaves its visitor's language active in the thread; every test starts in the
    site's (factories write contest texts in the active language)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(autouse=True)
def _own_results_cache(monkeypatch):
    """Every test starts without cached rankings: a database created afresh reuses round ids
    and versions that an earlier run may have left in the shared Redis."""
    from judging.selectors import results_cache

    monkeypatch.setattr(results_cache, "NAMESPACE", f"test-results.{uuid.uuid4().hex}")
    results_cache.forget_local()


@pytest.fixture
def entrant(db):
    user = UserFactory()
    add_role(user=user, role=Role.ENTRANT)
    return user


@pytest.fixture
def other_entrant(db):
    user = UserFactory()
    add_role(user=user, role=Role.ENTRANT)
    return user


@pytest.fixture
def organiser(db):
    """An owner of the organisation that runs every factory-made contest."""
    user = UserFactory()
    add_role(user=user, role=Role.ORGANISER)
    Membership.objects.create(organisation=default_organisation(), user=user,
                              role=OrgRole.OWNER)
    return user


@pytest.fixture
def juror_user(db):
    user = UserFactory()
    add_role(user=user, role=Role.JUROR)
    return user


@pytest.fixture
def contest(db):
    return ContestFactory()


@pytest.fixture(scope="session")
def media_sample():
    """``media_sample("valid_1080p")`` -> path of a real file made by FFmpeg (cached on disk)."""
    from .media_samples import sample_path

    return sample_path


@pytest.fixture
def back_to_latest():
    """Whatever a test migrates to, the database ends at the latest migrations for the rest."""
    yield
    migrate_to(None)
