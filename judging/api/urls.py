from django.urls import path

from .views_organiser import RoundProgressView, RoundResultsView, RunAssignmentView

urlpatterns: list = [
    path("organiser/rounds/<int:round_id>/assignment/", RunAssignmentView.as_view(),
         name="organiser-round-assignment"),
    path("organiser/rounds/<int:round_id>/progress/", RoundProgressView.as_view(),
         name="organiser-round-progress"),
    path("organiser/rounds/<int:round_id>/results/", RoundResultsView.as_view(),
         name="organiser-round-results"),
]
