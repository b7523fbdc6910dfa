from django.urls import path

from . import team_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete, name="delete"),
    path("organisations/", team_views.organisations, name="organisations"),
    path("organisations/<slug:org_slug>/", team_views.organisation_settings,
         name="organisation_settings"),
    path("organisations/<slug:org_slug>/team/", team_views.team, name="team"),
    path("organisations/<slug:org_slug>/team/leave/", team_views.leave, name="team_leave"),
    path("organisations/<slug:org_slug>/team/members/<int:membership_id>/<str:action>/",
         team_views.member_action, name="team_member"),
    path("organisations/<slug:org_slug>/team/invitations/<int:invitation_id>/<str:action>/",
         team_views.invitation_action, name="team_invitation_action"),
    path("invitations/<str:token>/", team_views.invitation, name="team_invitation"),
]
