"""The one permission gate: the page decorator and the DRF permission class."""

from dataclasses import dataclass

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from core.permissions import ObjectPermission, no_object, object_permission_required

PERM = "core_tests.open_box"


@dataclass
class Box:
    pk: int
    owner_id: int


BOXES = {1: Box(pk=1, owner_id=0)}


@rules.predicate
def owns_box(user, box) -> bool:
    return box is not None and box.owner_id == user.pk


@pytest.fixture(autouse=True)
def _box_rule():
    rules.add_perm(PERM, owns_box)
    yield
    rules.remove_perm(PERM)


@pytest.fixture
def own_box(entrant):
    BOXES[2] = Box(pk=2, owner_id=entrant.pk)
    yield BOXES[2]
    del BOXES[2]


def box_from_url(request, kwargs) -> Box:
    box = BOXES.get(kwargs.pop("pk"))
    if box is None:
        raise Http404
    return box


@object_permission_required(PERM, box_from_url)
def box_page(request, box, **kwargs):
    return HttpResponse(f"box {box.pk}, rest {sorted(kwargs)}")


@object_permission_required(PERM, box_from_url, hide=True)
def hidden_box_page(request, box):
    return HttpResponse(f"box {box.pk}")


def _get(user, view=box_page, **kwargs):
    request = RequestFactory().get("/boxes/1/?tab=a")
    request.user = user
    return view(request, **kwargs)


def test_page_anonymous_is_sent_to_login():
    response = _get(AnonymousUser(), pk=1)

    assert (response.status_code, response["Location"]) == (
        302, "/accounts/login/?next=/boxes/1/%3Ftab%3Da")


@pytest.mark.django_db
def test_page_without_permission_is_403(entrant):
    with pytest.raises(PermissionDenied):
        _get(entrant, pk=1)


@pytest.mark.django_db
def test_page_without_permission_hidden_is_404(entrant):
    with pytest.raises(Http404):
        _get(entrant, view=hidden_box_page, pk=1)


@pytest.mark.django_db
def test_page_unknown_object_is_404(entrant):
    with pytest.raises(Http404):
        _get(entrant, pk=99)


@pytest.mark.django_db
def test_page_receives_object_and_remaining_kwargs(entrant, own_box):
    response = _get(entrant, pk=own_box.pk, tab="a")

    assert (response.status_code, response.content) == (200, b"box 2, rest ['tab']")


def test_no_object_is_none():
    assert no_object(None, {"slug": "x"}) is None


class BoxView(APIView):
    permission_classes = [ObjectPermission]
    permission_required = PERM

    def get_permission_object(self):
        return box_from_url(self.request, dict(self.kwargs))

    def get(self, request, pk):
        return Response({"box": pk})


class ItemView(APIView):
    """Signed in is enough to ask; the item fetched asks for the permission."""

    permission_classes = [ObjectPermission]
    permission_required = None
    object_permission_required = PERM
    hide_refused_objects = False

    def get(self, request, pk):
        box = box_from_url(request, {"pk": pk})
        self.check_object_permissions(request, box)
        return Response({"box": box.pk})


class HiddenItemView(ItemView):
    hide_refused_objects = True


def _api(view, user, pk):
    request = APIRequestFactory().get(f"/api/boxes/{pk}/")
    if user is not None:
        force_authenticate(request, user=user)
    return view.as_view()(request, pk=pk)


@pytest.mark.django_db
def test_api_without_permission_on_object_is_403(entrant):
    assert _api(BoxView, entrant, 1).status_code == 403


@pytest.mark.django_db
def test_api_with_permission_on_object_is_200(entrant, own_box):
    response = _api(BoxView, entrant, own_box.pk)

    assert (response.status_code, response.data) == (200, {"box": 2})


def test_api_anonymous_is_refused_as_unauthenticated():
    assert _api(BoxView, None, 1).status_code == 401


@pytest.mark.django_db
def test_api_unknown_object_is_404(entrant):
    assert _api(BoxView, entrant, 99).status_code == 404


@pytest.mark.django_db
def test_api_item_without_permission_is_403(entrant):
    assert _api(ItemView, entrant, 1).status_code == 403


@pytest.mark.django_db
def test_api_item_without_permission_hidden_is_404(entrant):
    assert _api(HiddenItemView, entrant, 1).status_code == 404


@pytest.mark.django_db
def test_api_item_with_permission_is_200(entrant, own_box):
    assert _api(HiddenItemView, entrant, own_box.pk).status_code == 200
