from django.urls import path

from . import mail_views

app_name = "core"
urlpatterns = [
    path("unsubscribe/<str:token>/", mail_views.unsubscribe, name="unsubscribe"),
]
