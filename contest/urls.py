from django.urls import path

from .views import entrant, media, public, uploads

app_name = "contest"
urlpatterns = [
    path("", public.home, name="home"),
    path("dashboard/", entrant.dashboard, name="dashboard"),
    path("media/videos/<int:video_id>/original", media.video_file, {"kind": "original"},
         name="video-original"),
    path("media/videos/<int:video_id>/poster", media.video_file, {"kind": "poster"},
         name="video-poster"),
    path("media/videos/<int:video_id>/preview", media.video_file, {"kind": "preview"},
         name="video-preview"),
    path("uploads/tus/", uploads.TusCollectionView.as_view(), name="tus-create"),
    path("uploads/tus/<uuid:upload_id>", uploads.TusUploadView.as_view(), name="tus-upload"),
]
