from django.urls import path, re_path

from .views import results, rounds

app_name = "judging"
urlpatterns = [
    path("organise/<slug:contest_slug>/rounds/", rounds.rounds, name="organiser_rounds"),
    path("organise/<slug:contest_slug>/rounds/manual/", rounds.manual_assignment,
         name="organiser_manual_assignment"),
    path("organise/<slug:contest_slug>/rounds/advance/", rounds.advance,
         name="organiser_advance"),
    path("organise/<slug:contest_slug>/rounds/<int:round_id>/results/", results.results,
         name="organiser_results"),
    re_path(r"^organise/(?P<contest_slug>[-\w]+)/rounds/(?P<round_id>[0-9]+)/"
            r"(?P<action>entries|assign|open|close)/$",
            rounds.round_action, name="organiser_round_action"),
]
