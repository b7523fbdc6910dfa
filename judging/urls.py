from django.urls import path, re_path

from .views import audit, awards, dashboard, juror, jurors, results, rounds

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
            r"(?P<action>entries|assign|open|close|language-rule-on|language-rule-off|"
            r"relax-languages)/$",
            rounds.round_action, name="organiser_round_action"),
    path("organise/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("organise/<slug:slug>/awards/", awards.awards_page, name="awards"),
    path("organise/<slug:slug>/awards/new/", awards.award_create, name="award_create"),
    path("organise/<slug:slug>/awards/<int:award_id>/edit/", awards.award_update,
         name="award_update"),
    path("organise/<slug:slug>/awards/<int:award_id>/delete/", awards.award_delete,
         name="award_delete"),
    path("organise/<slug:slug>/awards/assign/", awards.award_assign, name="award_assign"),
    path("organise/<slug:slug>/placements/<int:placement_id>/", awards.placement_update,
         name="placement_update"),
    path("organise/<slug:slug>/placements/<int:placement_id>/remove/", awards.placement_remove,
         name="placement_remove"),
    path("organise/<slug:slug>/awards/lock/", awards.awards_lock, name="awards_lock"),
    path("organise/<slug:slug>/publish/", awards.results_publish, name="results_publish"),
    path("organise/<slug:slug>/export/<str:what>.<str:fmt>", awards.export_download,
         name="export"),
    path("organise/<slug:slug>/audit/", audit.audit_log, name="audit"),
]
