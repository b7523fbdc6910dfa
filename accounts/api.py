"""Token authentication for API clients: a verified user trades email and password for a token."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.errors import ContestError

from .tokens import authenticate_for_token, issue_token, token_expiry
from .two_factor import has_second_factor, verify_code


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        required=False, allow_blank=True,
        help_text="With two-factor authentication on: a current code of your authenticator "
                  "app, or one of your recovery codes.")


TokenResponse = inline_serializer("TokenResponse", {"token": serializers.CharField()})
TokenInfo = inline_serializer("TokenInfo", {"created": serializers.DateTimeField(),
                                            "expires": serializers.DateTimeField()})


class TokenView(APIView):
    """POST: obtain (or reuse) your token. DELETE: revoke it."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponse, auth=[])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate_for_token(request._request, email=serializer.validated_data["email"],
                                      password=serializer.validated_data["password"])
        if user is None or not user.is_active:
            raise ContestError(_("The email address or password is not correct."),
                               code="invalid_credentials")
        if not EmailAddress.objects.filter(user=user, email__iexact=user.email,
                                           verified=True).exists():
            raise ContestError(_("Confirm your email address first."), code="email_unverified")
        if has_second_factor(user):
            # The password alone must not open what the log-in page guards with a code.
            code = serializer.validated_data.get("code", "")
            if not code:
                raise ContestError(_("Give a code of your authenticator app or a recovery "
                                     "code too."), code="second_factor_code_required")
            if not verify_code(user=user, code=code):
                raise ContestError(_("This code is not valid."), code="invalid_code")
        return Response({"token": issue_token(user=user).key})

    @extend_schema(responses=TokenInfo, description="Your token's dates (never its key); 404 "
                                                   "when you have none.")
    def get(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        token = Token.objects.filter(user=request.user).first()
        if token is None:
            raise exceptions.NotFound
        return Response({"created": token.created, "expires": token_expiry(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
