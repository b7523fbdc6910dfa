from django.urls import path, re_path

from .views import juror, jurors, results, rounds

app_name = "judging"
urlpatterns = [
    path("", juror.home, name="home"),
    path("rounds/<int:round_id>/", juror.queue, name="queue"),
    path("assignments/<int:assignment_id>/", juror.score_page, name="score"),
    path("assignments/<int:assignment_id>/conflict/", juror.declare_conflict,
         name="declare_conflict"),
    path("invitations/<str:token>/", jurors.invitation, name="invitation"),
    path("profile/<slug:contest_slug>/", jurors.profile, name="profile"),
    path("profile/<slug:contest_slug>/conflicts/<int:conflict_id>/withdraw/",
         jurors.withdraw_conflict, name="withdraw_conflict"),
    path("contests/<slug:contest_slug>/jurors/", jurors.organiser_jurors,
         name="organiser_jurors"),
    path("contests/<slug:contest_slug>/jurors/invitations/<int:invitation_id>/resend/",
         jurors.resend_invitation, name="resend_invitation"),
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
