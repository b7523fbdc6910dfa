"""The one way a page runs a service: a refusal becomes a message or a form error.

Views stay three steps (check permission, call one service, render or redirect)::

    outcome = run_service(request, lambda: close_round(round=round, by=request.user),
                          success=_("The round is closed."))
    return redirect(...)

A ``ContestError`` (or a subclass) never escapes to a 500: with ``form`` its field errors land
on the form's fields and its message on the form; without, the message is flashed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from .errors import ContestError

T = TypeVar("T")
Success = str | Promise | Callable[[T], str | Promise] | None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    error: ContestError | None = None


def run_service(request: HttpRequest, call: Callable[[], T], *, success: Success = None,
                form: forms.BaseForm | None = None,
                report: Callable[[ContestError], None] | None = None) -> Outcome[T]:
    """Run ``call``; on success flash ``success`` (a text, or a function of the result).

    ``report`` replaces :func:`report_error` where one form cannot hold the error (a form
    with its formsets, a message that lists every field's problem).
    """
    try:
        value = call()
    except ContestError as error:
        if report is None:
            report_error(request, error, form=form)
        else:
            report(error)
        return Outcome(ok=False, error=error)
    if success is not None:
        text = success(value) if callable(success) else success
        messages.success(request, str(text))
    return Outcome(ok=True, value=value)


def report_error(request: HttpRequest, error: ContestError, *,
                 form: forms.BaseForm | None = None) -> None:
    """Show a domain error where the person will read it: on the form, or as a message."""
    if form is None:
        messages.error(request, str(error.message))
        return
    placed = False
    for field, problems in (error.fields or {}).items():
        if field in form.fields:
            for problem in problems if isinstance(problems, list | tuple) else [problems]:
                form.add_error(field, str(problem))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))
