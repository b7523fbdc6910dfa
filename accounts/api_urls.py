from django.urls import path

from . import team_api
from .api import TokenView
from .data_export.api import DataExportView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/data-export/", DataExportView.as_view(), name="me-data-export"),
    path("organisations/", team_api.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<slug:org_slug>/", team_api.OrganisationView.as_view(),
         name="organisation-detail"),
    path("organisations/<slug:org_slug>/members/", team_api.MemberListView.as_view(),
         name="organisation-members"),
    path("organisations/<slug:org_slug>/members/<int:membership_id>/",
         team_api.MemberView.as_view(), name="organisation-member"),
    path("organisations/<slug:org_slug>/invitations/", team_api.InvitationListView.as_view(),
         name="organisation-invitations"),
    path("organisations/<slug:org_slug>/invitations/<int:invitation_id>/",
         team_api.InvitationView.as_view(), name="organisation-invitation"),
]
