"""Lets a developer look at the error pages while DEBUG shows stack traces instead."""

from django.urls import path

from . import views

urlpatterns = [path("", lambda request, code: views._error(request, code))]
