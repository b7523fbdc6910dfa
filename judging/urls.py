from django.urls import path

from .views import juror, jurors

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
]
