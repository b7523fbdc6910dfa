"""Organisations, their members and invitations over the API (``/api/v1/organisations/…``).

The same services and rules as the team pages: any member reads the organisation and its team;
owners change the organisation, invite, change roles and remove members.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import ObjectPermission

from . import teams
from .enums import OrgRole
from .models import Membership, Organisation, TeamInvitation
from .rules import org_role

MEMBERS = "Any member of the organisation (owner, manager, judging coordinator, viewer)."
OWNERS = "Owners of the organisation only."


class OrganisationSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["name", "slug", "default_language", "time_zone", "website",
                  "purge_after_days", "anonymise_after_years", "films_kept",
                  "two_factor_for_team", "two_factor_for_jurors", "role"]
        read_only_fields = ["slug"]

    def get_role(self, organisation) -> str | None:
        return getattr(organisation, "my_role", None)


class NewOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "default_language", "time_zone", "website"]
        extra_kwargs = {"slug": {"validators": []}}  # the service answers a taken slug


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "created_at"]
        read_only_fields = ["id", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamInvitation
        fields = ["id", "email", "role", "sent_at", "expires_at"]
        read_only_fields = ["id", "sent_at", "expires_at"]


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=OrgRole.choices)


class OrganisationListView(APIView):
    permission_classes = [ObjectPermission]
    permission_required = None

    @extend_schema(responses=OrganisationSerializer(many=True),
                   description="The organisations you belong to, with your role in each.")
    def get(self, request):
        memberships = Membership.objects.filter(user=request.user).select_related("organisation")
        organisations = []
        for membership in memberships.order_by("organisation__name"):
            membership.organisation.my_role = membership.role
            organisations.append(membership.organisation)
        return Response(OrganisationSerializer(organisations, many=True).data)

    @extend_schema(request=NewOrganisationSerializer, responses={201: OrganisationSerializer},
                   description="Start an organisation; you become its owner.")
    def post(self, request):
        data = NewOrganisationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = teams.create_organisation(by=request.user, **data.validated_data)
        organisation.my_role = OrgRole.OWNER
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationScopedView(APIView):
    permission_classes = [ObjectPermission]
    permission_required = "accounts.view_organisation"

    def get_permission_object(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            self._organisation = get_object_or_404(Organisation, slug=self.kwargs["org_slug"])
        return self._organisation

    def check_owner(self, request) -> None:
        if not request.user.has_perm("accounts.manage_team", self.get_permission_object()):
            self.permission_denied(request)


class OrganisationView(OrganisationScopedView):
    @extend_schema(responses=OrganisationSerializer, description=MEMBERS)
    def get(self, request, org_slug: str):
        return Response(self._with_role(self.get_permission_object()))

    @extend_schema(request=OrganisationSerializer, responses=OrganisationSerializer,
                   description=OWNERS + " The short name (slug) cannot change. Requiring "
                               "two-factor authentication of the team needs a second factor of "
                               "your own (`second_factor_required` otherwise).")
    def patch(self, request, org_slug: str):
        self.check_owner(request)
        organisation = self.get_permission_object()
        data = OrganisationSerializer(organisation, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        organisation = teams.update_organisation(organisation=organisation, by=request.user,
                                                 **data.validated_data)
        return Response(self._with_role(organisation))

    def _with_role(self, organisation: Organisation) -> dict:
        organisation.my_role = org_role(self.request.user, organisation.pk)
        return OrganisationSerializer(organisation).data


class MemberListView(OrganisationScopedView):
    @extend_schema(responses=MemberSerializer(many=True), description=MEMBERS)
    def get(self, request, org_slug: str):
        members = self.get_permission_object().memberships.select_related("user").order_by("pk")
        return Response(MemberSerializer(members, many=True).data)


class MemberView(OrganisationScopedView):
    def _membership(self, membership_id: int) -> Membership:
        return get_object_or_404(Membership.objects.select_related("user", "organisation"),
                                 pk=membership_id, organisation=self.get_permission_object())

    @extend_schema(request=RoleSerializer, responses=MemberSerializer, description=OWNERS)
    def patch(self, request, org_slug: str, membership_id: int):
        self.check_owner(request)
        data = RoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = teams.change_role(membership=self._membership(membership_id),
                                       role=data.validated_data["role"], by=request.user)
        return Response(MemberSerializer(membership).data)

    @extend_schema(responses={204: None},
                   description="Owners remove anyone; any member may remove themselves "
                               "(leave). The last owner stays.")
    def delete(self, request, org_slug: str, membership_id: int):
        membership = self._membership(membership_id)
        if membership.user_id != request.user.pk:
            self.check_owner(request)
        teams.remove_member(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListView(OrganisationScopedView):
    permission_required = "accounts.manage_team"

    @extend_schema(responses=InvitationSerializer(many=True),
                   description=OWNERS + " Pending invitations.")
    def get(self, request, org_slug: str):
        pending = self.get_permission_object().invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True)
        return Response(InvitationSerializer(pending, many=True).data)

    @extend_schema(request=InvitationSerializer, responses={201: InvitationSerializer},
                   description=OWNERS + " Inviting a pending address again renews its link.")
    def post(self, request, org_slug: str):
        data = InvitationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = teams.invite_member(organisation=self.get_permission_object(),
                                         by=request.user, **data.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationView(OrganisationScopedView):
    permission_required = "accounts.manage_team"

    def _invitation(self, invitation_id: int) -> TeamInvitation:
        return get_object_or_404(TeamInvitation, pk=invitation_id,
                                 organisation=self.get_permission_object())

    @extend_schema(request=None, responses=InvitationSerializer,
                   operation_id="v1_organisations_invitations_resend",
                   description=OWNERS + " Send again: a new link and expiry; the previous link "
                                        "stops working.")
    def post(self, request, org_slug: str, invitation_id: int):
        invitation = teams.resend_invitation(invitation=self._invitation(invitation_id),
                                             by=request.user)
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(responses={204: None}, description=OWNERS + " Withdraw the invitation.")
    def delete(self, request, org_slug: str, invitation_id: int):
        teams.revoke_invitation(invitation=self._invitation(invitation_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
