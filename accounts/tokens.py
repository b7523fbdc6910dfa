"""API tokens: issued after the same checks and lockout as the web log-in, expiring, and
revoked whenever the password changes or is reset.

DRF keeps one token per person; ``issue_token`` replaces an expired one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from core.errors import ContestError

from .models import User


class TooManyAttempts(ContestError):
    code = "too_many_attempts"
    status = 429


def authenticate_for_token(request, *, email: str, password: str) -> User | None:
    """Check a password as the log-in page does, under the same failed-login lockout.

    allauth counts failures per address and per IP: a lockout earned on the page holds here,
    and failures here count there.
    """
    try:
        return get_adapter(request).authenticate(request, email=email, password=password)
    except ValidationError as error:
        raise TooManyAttempts(error.messages[0]) from None


def token_lifetime() -> timedelta:
    return timedelta(days=settings.MARQUEE_API_TOKEN_DAYS)


def token_expiry(token: Token) -> datetime:
    return token.created + token_lifetime()


def issue_token(*, user: User) -> Token:
    """The person's token, a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_expiry(token) <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke_tokens(*, user: User) -> int:
    """Delete the person's API tokens (after a password change or reset)."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted


def revoke_on_password_change(sender, request, user, **kwargs) -> None:
    """allauth's password_changed / password_reset / password_set receiver."""
    revoke_tokens(user=user)


def revoke_on_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """allauth.mfa's authenticator_added receiver: a token issued on the password alone does
    not outlive the person's first second factor (recovery codes come with one)."""
    if authenticator.type != "recovery_codes":
        revoke_tokens(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token past its lifetime (401)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expiry(token) <= timezone.now():
            raise exceptions.AuthenticationFailed(_("This token has expired; ask for a new one."))
        return user, token
