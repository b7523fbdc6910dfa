"""Organiser pages that set a contest up: create, settings, categories, copy an edition.

Creating asks ``contest.add_contest`` on the organisation; everything else asks
``contest.manage_contest`` on the contest named by the URL.
"""

from datetime import UTC

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pages import run_service
from core.permissions import object_permission_required

from ..access import category_from_url, contest_from_url, organisation_for_new_contest
from ..forms_setup import CategoryForm, ContestSettingsForm, CopyContestForm, wall_clock
from ..models import Contest
from ..selectors import organisations_creating_contests
from ..services import recheck, setup


def _saved(text):
    """A success message that states the deadline in the contest's zone and in UTC."""

    def message(contest: Contest) -> str:
        return _("%(done)s The deadline is %(local)s in %(zone)s, that is %(utc)s UTC.") % {
            "done": text,
            "local": wall_clock(contest.closes_at, contest.time_zone).strftime("%Y-%m-%d %H:%M"),
            "zone": contest.time_zone,
            "utc": contest.closes_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        }

    return message


@object_permission_required("contest.add_contest", organisation_for_new_contest)
@require_http_methods(["GET", "POST"])
def contest_create(request, organisation):
    form = ContestSettingsForm(
        request.POST or None, organisations=organisations_creating_contests(user=request.user),
        initial={**ContestSettingsForm.new_initial(), "organisation": organisation.slug,
                 "time_zone": organisation.time_zone},
        language=organisation.default_language,
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: setup.create_contest(
            organisation=form.cleaned_data["organisation"], by=request.user,
            values=form.settings(), preset=form.cleaned_data["preset"]),
            form=form, success=_saved(_("The contest was created.")))
        if outcome.ok:
            return redirect("contest:organiser_contest", slug=outcome.value.slug)
    return render(request, "contest/organiser/settings.html", {"form": form, "contest": None})


RECHECK_QUEUED = _("The films checked under the earlier technical rules are being checked "
                   "again; entrants whose verdict changes get an email.")


@object_permission_required("contest.manage_contest", contest_from_url)
@require_http_methods(["GET", "POST"])
def contest_settings(request, contest: Contest):
    form = ContestSettingsForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        recheck_films = form.cleaned_data["recheck_films"]
        done = _("The settings were saved.")
        outcome = run_service(request, lambda: setup.update_contest(
            contest=contest, by=request.user, changes=form.changes(),
            preset=form.cleaned_data["preset"], recheck=recheck_films),
            form=form, success=_saved(f"{done} {RECHECK_QUEUED}" if recheck_films else done))
        if outcome.ok:
            return redirect("contest:contest_settings", slug=outcome.value.slug)
    return render(request, "contest/organiser/settings.html", {
        "form": form, "contest": contest,
        "earlier_rules": recheck.earlier_rules_summary(contest=contest),
    })


@object_permission_required("contest.manage_contest", contest_from_url)
@require_POST
def contest_recheck_films(request, contest: Contest):
    """Check again the films checked under earlier technical rules (the settings page's
    button)."""
    run_service(request, lambda: recheck.recheck_films(contest=contest, by=request.user),
                success=RECHECK_QUEUED)
    return redirect("contest:contest_settings", slug=contest.slug)


@object_permission_required("contest.manage_contest", contest_from_url)
@require_http_methods(["GET", "POST"])
def contest_categories(request, contest: Contest):
    form = CategoryForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: setup.add_category(
            contest=contest, by=request.user, translations=form.texts()),
            form=form, success=_("The category was added."))
        if outcome.ok:
            return redirect("contest:contest_categories", slug=contest.slug)
    categories = [(category, CategoryForm(contest=contest, category=category))
                  for category in contest.categories.all()]
    return render(request, "contest/organiser/categories.html", {
        "contest": contest, "form": form, "categories": categories,
    })


@object_permission_required("contest.manage_contest", contest_from_url)
@require_POST
def category_action(request, contest: Contest, category_id: int, action: str):
    category = category_from_url(contest, category_id)
    by = request.user
    if action == "rename":
        form = CategoryForm(request.POST, contest=contest, category=category)
        if form.is_valid():
            run_service(request, lambda: setup.rename_category(
                category=category, by=by, translations=form.texts()),
                success=_("The category was renamed."))
        else:
            messages.error(request, _("The category was not renamed: %(errors)s") % {
                "errors": " ".join(str(error) for errors in form.errors.values()
                                   for error in errors)})
    elif action in ("up", "down"):
        run_service(request, lambda: setup.move_category(
            category=category, by=by, offset=-1 if action == "up" else 1))
    elif action == "delete":
        run_service(request, lambda: setup.delete_category(category=category, by=by),
                    success=_("The category was deleted."))
    else:
        raise Http404
    return redirect("contest:contest_categories", slug=contest.slug)


@object_permission_required("contest.manage_contest", contest_from_url)
@require_http_methods(["GET", "POST"])
def contest_copy(request, contest: Contest):
    form = CopyContestForm(request.POST or None, source=contest)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: setup.copy_contest(
            source=contest, by=request.user, **form.copy_values()),
            form=form, success=_saved(_("The new edition was created.")))
        if outcome.ok:
            return redirect("contest:contest_settings", slug=outcome.value.slug)
    return render(request, "contest/organiser/copy.html", {"form": form, "contest": contest})
