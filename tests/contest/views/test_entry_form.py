import re

import pytest
from django.test import Client
from django.urls import reverse

from contest.enums import EditPolicy, EntryStatus
from contest.models import Credit, Entry
from tests.factories import ContestFactory, VideoFactory

TITLES = ["夜の海 🌊", "<script>alert(1)</script>", "Ночь", "ليلة القدر", "밤바다", "Été 😀🎬"]


def _post_data(contest, *, credits=None, initial_forms=0, **fields):
    credits = credits if credits is not None else [
        {"name_native": "曹一哲", "name_latin": "Cao Yizhe", "role": "director", "country": "CN"},
    ]
    data = {
        "category": str(contest.categories.first().pk),
        "title_original": "夜の海",
        "title_english": "The Night Sea",
        "original_language": "ja",
        "synopsis_original": "あらすじ",
        "synopsis_english": "A synopsis.",
        "runtime_s": "240",
        "ai_tools": ["sora", "kling"],
        "ai_tools_other": "",
        "rights_declared": "on",
        "rules_consent": "on",
        "credits-TOTAL_FORMS": str(len(credits)),
        # What the page's management form says: how many rows it showed pre-filled.
        "credits-INITIAL_FORMS": str(initial_forms),
        "credits-MIN_NUM_FORMS": "1",
        "credits-MAX_NUM_FORMS": "30",
    }
    for index, credit in enumerate(credits):
        for key, value in credit.items():
            data[f"credits-{index}-{key}"] = value
    data.update(fields)
    return data


@pytest.mark.django_db
def test_entry_create_stores_draft_with_credits_and_consent(client, entrant, open_contest):
    client.force_login(entrant)
    credits = [
        {"name_native": "曹一哲", "name_latin": "Cao Yizhe", "role": "director", "country": "CN"},
        {"name_native": "Zoë 😀", "name_latin": "", "role": "composer", "country": ""},
    ]

    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                           _post_data(open_contest, credits=credits))

    entry = Entry.objects.get(entrant=entrant)
    assert response.status_code == 302
    assert response["Location"] == reverse("contest:entry_detail", args=[entry.pk])
    assert (entry.status, entry.ai_tools, entry.runtime_s) == (
        EntryStatus.DRAFT, ["sora", "kling"], 240)
    assert (entry.rules_consent_version, entry.rights_declared) == ("2.1", True)
    assert list(entry.credits.values_list("name_native", "role", "country")) == [
        ("曹一哲", "director", "CN"), ("Zoë 😀", "composer", ""),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("title", TITLES)
def test_entry_titles_in_any_script_round_trip_unchanged(client, entrant, open_contest, title):
    client.force_login(entrant)

    client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                _post_data(open_contest, title_original=title, title_english=title,
                           credits=[{"name_native": title, "role": "director"}]))

    entry = Entry.objects.get(entrant=entrant)
    assert (entry.title_original, entry.credits.get().name_native) == (title, title)
    page = client.get(reverse("contest:dashboard")).content.decode()
    if "<script>" in title:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert title not in page
    else:
        assert title in page


@pytest.mark.django_db
def test_entry_create_missing_and_bad_fields_get_translated_messages(client, entrant, open_contest):
    entrant.language = "fr"
    entrant.save()
    client.force_login(entrant)
    data = _post_data(open_contest, title_original="", runtime_s="99999", original_language="xx",
                      category="0", credits=[{"name_native": "", "role": "director"}])
    data["ai_tools"] = ["not-a-tool"]

    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]), data)

    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert sorted(form.errors) == ["ai_tools", "category", "original_language", "runtime_s",
                                   "title_original"]
    assert [sorted(errors) for errors in formset.errors] == [["name_native"]]
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'id="id_title_original_error"' in html
    described_by = re.search(r'aria-describedby="([^"]*)"[^>]*id="id_title_original"', html)
    assert "id_title_original_error" in described_by.group(1).split()
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_entry_create_overlong_title_refused(client, entrant, open_contest):
    client.force_login(entrant)

    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                           _post_data(open_contest, title_original="x" * 301))

    assert list(response.context["form"].errors) == ["title_original"]
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_entry_create_page_prefills_the_entrant_as_director(client, entrant, open_contest):
    client.force_login(entrant)

    response = client.get(reverse("contest:entry_create", args=[open_contest.slug]))

    first = response.context["formset"].forms[0]
    assert (first["name_native"].value(), first["role"].value()) == (entrant.name_native,
                                                                       "director")
    assert "version 2.1" in response.content.decode()
    assert "Be &lt;em&gt;kind&lt;/em&gt;." in response.content.decode()


@pytest.mark.django_db
def test_film_languages_are_named_and_sorted_in_the_entrants_language(client, entrant,
                                                                     open_contest):
    entrant.language = "ja"
    entrant.save()
    client.force_login(entrant)

    response = client.get(reverse("contest:entry_create", args=[open_contest.slug]))

    choices = response.context["form"].fields["original_language"].choices
    names = dict(choices)
    assert (names["ja"], names["fr"], names["zxx"]) == ("日本語", "フランス語", "話し言葉なし")
    languages = [name for code, name in choices if code not in ("", "zxx")]
    assert languages == sorted(languages, key=str.casefold)
    assert choices[0][0] == "" and choices[-1][0] == "zxx"
    html = response.content.decode()
    assert '<option value="ja">日本語</option>' in html


@pytest.mark.django_db
def test_entry_create_closed_contest_redirects_with_message(client, entrant):
    contest = ContestFactory(closes_at="2020-01-01T00:00Z", opens_at="2019-01-01T00:00Z")
    client.force_login(entrant)

    response = client.get(reverse("contest:entry_create", args=[contest.slug]), follow=True)

    assert response.redirect_chain == [(reverse("contest:contest_detail", args=[contest.slug]),
                                        302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This contest is not accepting entries now."]


@pytest.mark.django_db
def test_entry_form_enforces_csrf(entrant, open_contest):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entrant)
    url = reverse("contest:entry_create", args=[open_contest.slug])

    refused = client.post(url, _post_data(open_contest))
    token = client.get(url).context["csrf_token"]
    accepted = client.post(url, {**_post_data(open_contest), "csrfmiddlewaretoken": str(token)})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Entry.objects.count() == 1


@pytest.mark.django_db
def test_entry_edit_replaces_fields_and_credits(client, entrant, entry):
    client.force_login(entrant)
    data = _post_data(entry.contest, title_english="New title", version=str(entry.version),
                      initial_forms=1,
                      credits=[{"name_native": "김민지", "name_latin": "Kim Minji",
                                "role": "writer", "country": "KR"}])

    response = client.post(reverse("contest:entry_edit", args=[entry.pk]), data)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title_english, entry.version) == ("New title", 2)
    assert list(Credit.objects.filter(entry=entry).values_list("name_native", flat=True)) == [
        "김민지"]


@pytest.mark.django_db
def test_entry_edit_stale_version_is_refused_with_message(client, entrant, entry):
    client.force_login(entrant)
    data = _post_data(entry.contest, title_english="Lost update", version="99", initial_forms=1)

    response = client.post(reverse("contest:entry_edit", args=[entry.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This entry was changed elsewhere since you opened it. Reload it and try again."]
    entry.refresh_from_db()
    assert entry.title_english != "Lost update"


@pytest.mark.django_db
def test_entry_edit_locked_after_submission_redirects(client, entrant, entry):
    entry.contest.edit_policy = EditPolicy.LOCKED
    entry.contest.save()
    entry.status = EntryStatus.SUBMITTED
    entry.save()
    client.force_login(entrant)

    response = client.get(reverse("contest:entry_edit", args=[entry.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("contest:entry_detail", args=[entry.pk])


@pytest.mark.django_db
def test_entry_submit_then_withdraw_from_detail_page(client, entrant, entry):
    VideoFactory(entry=entry)
    entry.rules_consent_version = ""
    entry.save()
    client.force_login(entrant)

    submitted = client.post(reverse("contest:entry_submit", args=[entry.pk]),
                            {"rules_consent": "on"})
    entry.refresh_from_db()
    status_after_submit = entry.status
    withdrawn = client.post(reverse("contest:entry_withdraw", args=[entry.pk]))
    entry.refresh_from_db()

    assert (submitted.status_code, withdrawn.status_code) == (302, 302)
    assert (status_after_submit, entry.status) == (EntryStatus.ELIGIBLE, EntryStatus.WITHDRAWN)
    assert entry.rules_consent_version == "2.1"


@pytest.mark.django_db
def test_entry_submit_without_video_shows_reason(client, entrant, entry):
    entry.rules_consent_version = "2.1"
    entry.save()
    client.force_login(entrant)

    response = client.post(reverse("contest:entry_submit", args=[entry.pk]), follow=True)

    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    assert [str(m) for m in response.context["messages"]] == [
        "Upload your film before submitting."]


@pytest.mark.django_db
def test_entry_detail_shows_disqualification_reason(client, entrant, entry):
    entry.status = EntryStatus.DISQUALIFIED
    entry.status_reason = "The film was <b>published</b> before the contest."
    entry.save()
    client.force_login(entrant)

    html = client.get(reverse("contest:entry_detail", args=[entry.pk])).content.decode()

    assert "The film was &lt;b&gt;published&lt;/b&gt; before the contest." in html
    dashboard = client.get(reverse("contest:dashboard")).content.decode()
    assert "The film was &lt;b&gt;published&lt;/b&gt; before the contest." in dashboard


@pytest.mark.django_db
def test_dashboard_offers_only_open_contests(client, entrant, open_contest):
    closed = ContestFactory(opens_at="2019-01-01T00:00Z", closes_at="2020-01-01T00:00Z")
    client.force_login(entrant)

    response = client.get(reverse("contest:dashboard"))

    assert list(response.context["open_contests"]) == [open_contest]
    html = response.content.decode()
    assert reverse("contest:entry_create", args=[open_contest.slug]) in html
    assert reverse("contest:entry_create", args=[closed.slug]) not in html
