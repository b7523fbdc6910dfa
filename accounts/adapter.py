from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation

from .landing import landing_url


class AccountAdapter(DefaultAccountAdapter):
    """Send allauth's emails in the recipient's own language; land people by their role."""

    def get_login_redirect_url(self, request):
        # Only when the sign-in had no safe ``next`` URL: allauth honours that one first.
        return landing_url(request.user)

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Passkeys belong to the configured domain, not to whatever Host header a request had:
    behind several host names (or a proxy) they must keep working under one."""

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        entity = super().get_public_key_credential_rp_entity()
        entity["id"] = settings.MARQUEE_WEBAUTHN_RP_ID or entity["id"]
        return entity
