from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import awards, bulk_messages
from .views.criteria import CriterionTextsView
from .views.juror import JurorAssignmentViewSet
from .views.jurors import DeactivateJurorView, JurorSeatView, JuryView, ReactivateJurorView
from .views.languages import RelaxLanguagesView, RoundLanguagesView
from .views.round_jury import RoundJuryView
from .views.rounds import (
    MovedRoundView,
    RoundProgressView,
    RoundRankingView,
    RoundResultsView,
    RunAssignmentView,
)
from .views.votes import BallotView, VoteOutcomeView

router = SimpleRouter()
router.register("juror/assignments", JurorAssignmentViewSet, basename="juror-assignment")

urlpatterns: list = [
    *router.urls,
    path("votes/<int:vote_id>/ballot/", BallotView.as_view(), name="ballot"),
    path("organise/<slug:slug>/votes/<int:vote_id>/", VoteOutcomeView.as_view(),
         name="vote-outcome"),
    path("organise/<slug:slug>/jurors/", JuryView.as_view(), name="organiser-jurors"),
    path("organise/<slug:slug>/jurors/<int:juror_id>/", JurorSeatView.as_view(),
         name="organiser-juror"),
    path("organise/<slug:slug>/jurors/<int:juror_id>/deactivate/",
         DeactivateJurorView.as_view(), name="organiser-juror-deactivate"),
    path("organise/<slug:slug>/jurors/<int:juror_id>/reactivate/",
         ReactivateJurorView.as_view(), name="organiser-juror-reactivate"),
    path("organise/<slug:slug>/rounds/<int:round_id>/assignment/", RunAssignmentView.as_view(),
         name="organiser-round-assignment"),
    path("organise/<slug:slug>/rounds/<int:round_id>/jury/", RoundJuryView.as_view(),
         name="organiser-round-jury"),
    path("organise/<slug:slug>/rounds/<int:round_id>/languages/", RoundLanguagesView.as_view(),
         name="organiser-round-languages"),
    path("organise/<slug:slug>/rounds/<int:round_id>/languages/relax/",
         RelaxLanguagesView.as_view(), name="organiser-round-languages-relax"),
    path("organise/<slug:slug>/rounds/<int:round_id>/progress/", RoundProgressView.as_view(),
         name="organiser-round-progress"),
    path("organise/<slug:slug>/rounds/<int:round_id>/results/", RoundResultsView.as_view(),
         name="organiser-round-results"),
    path("organise/<slug:slug>/rounds/<int:round_id>/ranking/", RoundRankingView.as_view(),
         name="organiser-round-ranking"),
    # The first paths, before rounds moved under their contest: a permanent redirect.
    *(
        path(f"organiser/rounds/<int:round_id>/{what}/",
             MovedRoundView.as_view(target=f"api:organiser-round-{what}"),
             name=f"organiser-round-{what}-moved")
        for what in ("assignment", "progress", "results")
    ),
    path("organise/<slug:slug>/criteria/<int:criterion_id>/", CriterionTextsView.as_view(),
         name="organiser-criterion"),
    path("organise/<slug:slug>/messages/", bulk_messages.BulkMessageListView.as_view(),
         name="bulk-messages"),
    path("organise/<slug:slug>/messages/<int:message_id>/",
         bulk_messages.BulkMessageView.as_view(), name="bulk-message"),
    path("organise/<slug:slug>/messages/<int:message_id>/preview/",
         bulk_messages.BulkMessagePreviewView.as_view(), name="bulk-message-preview"),
    path("organise/<slug:slug>/messages/<int:message_id>/send/",
         bulk_messages.BulkMessageSendView.as_view(), name="bulk-message-send"),
    path("organise/<slug:slug>/messages/<int:message_id>/cancel/",
         bulk_messages.BulkMessageCancelView.as_view(), name="bulk-message-cancel"),
    path("winners/<slug:slug>/", awards.WinnersView.as_view(), name="winners"),
    path("organise/<slug:slug>/awards/", awards.AwardListView.as_view(), name="awards"),
    path("organise/<slug:slug>/awards/<int:award_id>/assign/", awards.AssignView.as_view(),
         name="award-assign"),
    path("organise/<slug:slug>/placements/<int:placement_id>/", awards.PlacementView.as_view(),
         name="placement"),
    path("organise/<slug:slug>/awards/lock/", awards.LockView.as_view(), name="awards-lock"),
    path("organise/<slug:slug>/publish/", awards.PublishView.as_view(), name="publish"),
    path("organise/<slug:slug>/exports/<str:what>/<str:fmt>/", awards.ExportView.as_view(),
         name="export"),
]
