"""The unsubscribe page: reached from a link in an email, without logging in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .mail_links import read_unsubscribe_token
from .outbox import kind_label, unsubscribe_address


# RFC 8058 one-click: mail clients POST without a CSRF token; the signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST does it."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404
    address, kind = found
    done = False
    if request.method == "POST":
        everything = request.POST.get("scope") == "all" or not kind
        unsubscribe_address(address=address, kind="" if everything else kind)
        done = True
    return render(request, "core/unsubscribe.html", {
        "address": address, "kind_label": kind_label(kind) if kind else "", "done": done,
    })
