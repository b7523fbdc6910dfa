from django.urls import path

from . import mail_preferences, team_views, views
from .data_export import views as data_export_views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete, name="delete"),
    path("data-export/", data_export_views.data_export, name="data_export"),
    path("email-preferences/", mail_preferences.email_preferences, name="email_preferences"),
    path("data-export/download/<str:token>/", data_export_views.download,
         name="data_export_download"),
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
