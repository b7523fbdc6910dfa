from django.conf import settings
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    """Send one strict Content-Security-Policy: templates carry no inline script or style."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CSP_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class ApiLanguageMiddleware:
    """``?lang=ja`` on an API address reads texts in that language, before Accept-Language
    and the account's language: a link or a script can ask for one language explicitly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get("lang", "")
        if request.path.startswith("/api/") and code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
