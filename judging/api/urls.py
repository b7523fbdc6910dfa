from django.urls import path
from rest_framework.routers import SimpleRouter

from .views_juror import JurorAssignmentViewSet
from .views_organiser import RoundProgressView, RoundResultsView, RunAssignmentView

router = SimpleRouter()
router.register("juror/assignments", JurorAssignmentViewSet, basename="juror-assignment")

urlpatterns: list = [
    *router.urls,
    path("organiser/rounds/<int:round_id>/assignment/", RunAssignmentView.as_view(),
         name="organiser-round-assignment"),
    path("organiser/rounds/<int:round_id>/progress/", RoundProgressView.as_view(),
         name="organiser-round-progress"),
    path("organiser/rounds/<int:round_id>/results/", RoundResultsView.as_view(),
         name="organiser-round-results"),
]
