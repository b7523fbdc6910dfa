from django.urls import path

from .views import entrant, public

app_name = "contest"
urlpatterns = [
    path("", public.home, name="home"),
    path("dashboard/", entrant.dashboard, name="dashboard"),
]
