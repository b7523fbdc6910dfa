"""Signed unsubscribe links: they work without logging in and name one address and kind."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "core.unsubscribe"


def unsubscribe_token(*, address: str, kind: str) -> str:
    return signing.dumps({"a": address.lower(), "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """``(address, kind)`` of a genuine token, else ``None``. Tokens do not expire: a link in
    an old email must still work (RFC 8058 asks for that)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), str):
        return None
    return data["a"], str(data.get("k", ""))


def unsubscribe_url(*, address: str, kind: str) -> str:
    path = reverse("core:unsubscribe", kwargs={"token": unsubscribe_token(address=address,
                                                                          kind=kind)})
    return settings.SITE_URL.rstrip("/") + path
