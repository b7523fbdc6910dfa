"""Organisers' bulk messages: the log, writing a draft, the preview with the number of
recipients, sending with confirmation, following the send, cancelling."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.access import contest_from_url
from contest.models import Contest
from core.pages import run_service
from core.permissions import object_permission_required

from ..access import bulk_message_from_url
from ..enums import BulkStatus
from ..forms.bulk_messages import BulkMessageForm
from ..models import BulkMessage
from ..selectors.bulk_messages import messages_of_contest, progress, with_counts
from ..services import bulk_messages as services

SEND = services.PERMISSION


@object_permission_required(SEND, contest_from_url)
@require_GET
def bulk_messages(request, contest: Contest):
    return render(request, "judging/bulk_messages.html", {
        "contest": contest, "messages_log": with_counts(list(messages_of_contest(contest=contest))),
    })


@object_permission_required(SEND, contest_from_url)
def bulk_message_new(request, contest: Contest):
    form = BulkMessageForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.create_draft(
            contest=contest, by=request.user, **form.values()), form=form)
        if outcome.ok:
            return redirect("judging:bulk_message", slug=contest.slug,
                            message_id=outcome.value.pk)
    return render(request, "judging/bulk_message_form.html", {"contest": contest, "form": form})


@object_permission_required(SEND, bulk_message_from_url)
def bulk_message_edit(request, message: BulkMessage):
    contest = message.contest
    if message.status != BulkStatus.DRAFT:
        return redirect("judging:bulk_message", slug=contest.slug, message_id=message.pk)
    form = BulkMessageForm(request.POST or None, contest=contest, instance=message)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.update_draft(
            message=message, by=request.user, **form.values()), form=form)
        if outcome.ok:
            return redirect("judging:bulk_message", slug=contest.slug, message_id=message.pk)
    return render(request, "judging/bulk_message_form.html", {
        "contest": contest, "form": form, "message": message})


@object_permission_required(SEND, bulk_message_from_url)
@require_GET
def bulk_message(request, message: BulkMessage):
    """A draft shows its preview and the send button; a sent message its progress."""
    draft = message.status == BulkStatus.DRAFT
    return render(request, "judging/bulk_message.html", {
        "contest": message.contest, "message": message, "draft": draft,
        "preview": services.preview(message=message) if draft else None,
        "progress": None if draft else progress(message=message),
    })


@require_POST
@object_permission_required(SEND, bulk_message_from_url)
def bulk_message_send(request, message: BulkMessage):
    if request.POST.get("confirm") != "yes":
        flash.error(request, _("Tick the box to confirm the send."))
    else:
        run_service(request, lambda: services.send(message=message, by=request.user),
                    success=_("The message is being sent."))
    return redirect("judging:bulk_message", slug=message.contest.slug, message_id=message.pk)


@require_POST
@object_permission_required(SEND, bulk_message_from_url)
def bulk_message_cancel(request, message: BulkMessage):
    run_service(request, lambda: services.cancel(message=message, by=request.user),
                success=_("The message is cancelled."))
    return redirect("judging:bulk_message", slug=message.contest.slug, message_id=message.pk)


@object_permission_required(SEND, bulk_message_from_url)
@require_GET
def bulk_message_progress(request, message: BulkMessage):
    """For the page's script (static/js/bulk-progress.js): the counts, as JSON."""
    data = progress(message=message)
    data["status_label"] = str(BulkStatus(data["status"]).label)
    return JsonResponse(data)
