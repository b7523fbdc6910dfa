"""A contest's outbox: per kind of message, how many were sent, wait, failed or were skipped,
and the failed ones with a retry button."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from core import outbox
from core.pages import run_service
from core.permissions import object_permission_required

from ..access import contest_from_url
from ..models import Contest

FAILED_PER_PAGE = 50


@object_permission_required("contest.manage_contest", contest_from_url)
@require_GET
def contest_outbox(request, contest: Contest):
    failed = Paginator(outbox.failed_messages(scope=contest), FAILED_PER_PAGE)
    page = failed.get_page(request.GET.get("page"))
    for message in page:
        message.kind_label = outbox.kind_label(message.kind)
    return render(request, "contest/organiser/outbox.html", {
        "contest": contest, "counts": outbox.counts_by_kind(scope=contest), "page": page,
    })


@object_permission_required("contest.manage_contest", contest_from_url)
@require_POST
def outbox_retry(request, contest: Contest, message_id: int):
    message = outbox.failed_messages(scope=contest).filter(pk=message_id).first()
    if message is None:
        raise Http404
    run_service(request, lambda: outbox.retry_failed(message=message, scope=contest,
                                                     by=request.user),
                success=_("The message is queued again."))
    return redirect("contest:contest_outbox", slug=contest.slug)
