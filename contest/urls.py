from django.urls import path

from .views import entrant, public, uploads

app_name = "contest"
urlpatterns = [
    path("", public.home, name="home"),
    path("dashboard/", entrant.dashboard, name="dashboard"),
    path("uploads/tus/", uploads.TusCollectionView.as_view(), name="tus-create"),
    path("uploads/tus/<uuid:upload_id>", uploads.TusUploadView.as_view(), name="tus-upload"),
]
