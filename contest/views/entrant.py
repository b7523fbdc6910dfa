"""The entrant's pages: their entries, one entry, and the entry form.

Every entry page asks ``contest.own_entry`` on the entry: it is for its owner only, and anyone
else gets a 404, never a hint that it exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ContestError
from core.pages import run_service
from core.permissions import object_permission_required

from ..access import entry_from_url
from ..enums import AITool
from ..forms import CreditFormSet, EntryForm, show_service_errors
from ..models import Contest, Entry
from ..selectors import entries_for_entrant, questions_with_categories, shown_answers
from ..services import answers as answer_services
from ..services.entries import (
    create_entry,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from ..verdicts import describe
from .materials import materials_context

CREDITS_PREFIX = "credits"


def own_entry_required(view):
    """The entrant's pages: the entry's owner, or a 404 for anyone else."""
    return object_permission_required("contest.own_entry", entry_from_url, hide=True)(view)


@login_required
def dashboard(request):
    now = timezone.now()
    entries = list(entries_for_entrant(entrant=request.user))
    # One query: the contests a person can enter right now, for the "Enter a film" buttons.
    open_now = Contest.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")
    return render(request, "contest/dashboard.html",
                  {"entries": entries, "open_contests": open_now, "now": now})


def _with_details(entry: Entry) -> Entry:
    """The entry as its pages show it: category, entrant, credits and every video loaded once."""
    prefetch_related_objects(
        [entry], "category", "entrant", "credits", Prefetch("videos", to_attr="all_videos"),
        Prefetch("materials", to_attr="all_materials"),
    )
    return entry


@own_entry_required
def entry_detail(request, entry: Entry):
    entry = _with_details(entry)
    video = next((video for video in entry.all_videos if video.is_current), None)
    user = request.user
    can_edit = user.has_perm("contest.change_entry", entry)
    context = {
        "entry": entry,
        "contest": entry.contest,
        "video": video,
        "reasons": describe(video.reasons) if video else [],
        "can_edit": can_edit,
        "can_submit": user.has_perm("contest.submit_entry", entry),
        "can_withdraw": user.has_perm("contest.withdraw_entry", entry),
        "consent_is_current": entry.rules_consent_version == entry.contest.rules_version,
        "ai_tool_labels": [AITool(tool).label for tool in entry.ai_tools if tool in AITool.values],
        "now": timezone.now(),
        **_answers_context(entry),
        **materials_context(entry, entry.all_materials, can_edit=can_edit),
    }
    return render(request, "contest/entry_detail.html", context)


def _answers_context(entry: Entry) -> dict:
    """The entrant's answers (to every question, archived ones marked) and what makes the
    entry ineligible, in the reader's language."""
    questions = questions_with_categories(contest=entry.contest)
    asked = [question for question in questions if question.archived_at is None]
    return {
        "answers": shown_answers(questions, entry.answers, contest=entry.contest),
        "ineligibilities": answer_services.ineligibilities(asked, entry.answers,
                                                           entry.category_id),
    }


def _first_credit(user) -> list[dict]:
    """The entrant is usually the director: start the credits with them."""
    return [{
        "name_native": user.name_native, "name_latin": user.name_latin,
        "role": "director", "country": user.country.code if user.country else "",
        "organisation": user.organisation,
    }]


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request, slug: str):
    contest = get_object_or_404(Contest, slug=slug)
    if not contest.is_open(timezone.now()):
        messages.error(request, _("This contest is not accepting entries now."))
        return redirect("contest:contest_detail", slug=contest.slug)
    data = request.POST if request.method == "POST" else None
    form = EntryForm(data, contest=contest,
                     questions=answer_services.active_questions(contest))
    formset = CreditFormSet(data, prefix=CREDITS_PREFIX, initial=_first_credit(request.user))
    if data is not None and form.is_valid() and formset.is_valid():
        outcome = run_service(
            request,
            lambda: create_entry(contest=contest, entrant=request.user,
                                 data=form.service_data(), credits=formset.credits()),
            success=_("Your entry was saved as a draft. Upload your film next."),
            report=lambda error: show_service_errors(error, form=form, formset=formset),
        )
        if outcome.ok:
            return redirect("contest:entry_detail", pk=outcome.value.pk)
    return render(request, "contest/entry_form.html",
                  {"form": form, "formset": formset, "contest": contest, "entry": None})


@own_entry_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry: Entry):
    entry = _with_details(entry)
    contest = entry.contest
    if not request.user.has_perm("contest.change_entry", entry):
        messages.error(request, _("This entry can no longer be changed."))
        return redirect("contest:entry_detail", pk=entry.pk)
    data = request.POST if request.method == "POST" else None
    form = EntryForm(data, instance=entry, contest=contest,
                     questions=answer_services.active_questions(contest))
    initial = [
        {"name_native": c.name_native, "name_latin": c.name_latin, "role": c.role,
         "country": c.country.code if c.country else "", "organisation": c.organisation}
        for c in entry.credits.all()
    ]
    formset = CreditFormSet(data, prefix=CREDITS_PREFIX, initial=initial)
    if data is not None and form.is_valid() and formset.is_valid():
        outcome = run_service(
            request,
            lambda: update_entry(
                entry=entry, by=request.user, data=form.service_data(),
                credits=formset.credits(),
                # A post without the version it was based on cannot prove it is current:
                # 0 never matches, so it is refused like a stale tab instead of overwriting.
                expected_version=form.cleaned_data["version"] or 0,
            ),
            success=_("Your changes were saved."),
            report=lambda error: show_service_errors(error, form=form, formset=formset),
        )
        if outcome.ok:
            return redirect("contest:entry_detail", pk=entry.pk)
    return render(request, "contest/entry_form.html",
                  {"form": form, "formset": formset, "contest": contest, "entry": entry})


@own_entry_required
@require_POST
def entry_submit(request, entry: Entry):
    run_service(
        request,
        lambda: submit_entry(entry=entry, by=request.user,
                             rules_consent=request.POST.get("rules_consent") == "on"),
        success=_("Your entry was submitted. Thank you!"),
        report=lambda error: _error_message(request, error),
    )
    return redirect("contest:entry_detail", pk=entry.pk)


@own_entry_required
@require_POST
def entry_withdraw(request, entry: Entry):
    run_service(
        request,
        lambda: withdraw_entry(entry=entry, by=request.user),
        success=_("Your entry was withdrawn from the contest."),
        report=lambda error: _error_message(request, error),
    )
    return redirect("contest:entry_detail", pk=entry.pk)


def _error_message(request, error: ContestError) -> None:
    """One message that names every field's problem: these pages have no form to hold them."""
    details = [str(message) for messages_ in (error.fields or {}).values()
               for message in (messages_ if isinstance(messages_, list) else [messages_])]
    messages.error(request, " ".join([str(error.message), *details]))
