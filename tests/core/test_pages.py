"""run_service and report_error: a refusal becomes a message or a form error, never a 500."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from core.errors import ContestError
from core.pages import run_service


class TitleForm(forms.Form):
    title = forms.CharField()


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def _refuse(**fields):
    def call():
        raise ContestError("Refused.", code="refused", **fields)

    return call


def _bound_form() -> TitleForm:
    form = TitleForm({"title": "A film"})
    assert form.is_valid()
    return form


def test_run_service_success_returns_value_and_flashes_text(request_):
    outcome = run_service(request_, lambda: 7, success="Saved.")

    assert (outcome.ok, outcome.value, outcome.error) == (True, 7, None)
    assert _messages(request_) == [("success", "Saved.")]


def test_run_service_success_text_is_a_function_of_the_result(request_):
    run_service(request_, lambda: 3, success=lambda count: f"{count} entries moved.")

    assert _messages(request_) == [("success", "3 entries moved.")]


def test_run_service_without_success_flashes_nothing(request_):
    outcome = run_service(request_, lambda: None)

    assert (outcome.ok, _messages(request_)) == (True, [])


def test_run_service_refusal_without_form_flashes_message(request_):
    outcome = run_service(request_, _refuse(), success="Saved.")

    assert (outcome.ok, outcome.value, outcome.error.code) == (False, None, "refused")
    assert _messages(request_) == [("error", "Refused.")]


def test_run_service_refusal_places_field_error_on_form(request_):
    form = _bound_form()

    run_service(request_, _refuse(fields={"title": ["Too long."]}), form=form)

    assert form.errors == {"title": ["Too long."]}
    assert _messages(request_) == []


def test_run_service_refusal_with_unknown_field_is_non_field_error(request_):
    form = _bound_form()

    run_service(request_, _refuse(fields={"elsewhere": "Not here."}), form=form)

    assert form.errors == {"__all__": ["Refused."]}


def test_run_service_refusal_without_fields_is_non_field_error(request_):
    form = _bound_form()

    run_service(request_, _refuse(), form=form)

    assert (form.non_field_errors(), _messages(request_)) == (["Refused."], [])


def test_run_service_refusal_goes_to_report_when_given(request_):
    reported = []

    outcome = run_service(request_, _refuse(), form=_bound_form(), report=reported.append)

    assert (reported, _messages(request_)) == ([outcome.error], [])


def test_run_service_lets_other_errors_through(request_):
    def broken():
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        run_service(request_, broken)
