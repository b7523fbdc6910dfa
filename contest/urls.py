from django.urls import path

from .api.uploads import tus as uploads
from .views import entrant, media, organiser, outbox, public, retention, setup

app_name = "contest"
urlpatterns = [
    path("", public.home, name="home"),
    path("contests/<slug:slug>/", public.contest_detail, name="contest_detail"),
    path("contests/<slug:slug>/enter/", entrant.entry_create, name="entry_create"),
    path("dashboard/", entrant.dashboard, name="dashboard"),
    path("media/videos/<int:video_id>/original", media.video_file, {"kind": "original"},
         name="video-original"),
    path("media/videos/<int:video_id>/poster", media.video_file, {"kind": "poster"},
         name="video-poster"),
    path("media/videos/<int:video_id>/preview", media.video_file, {"kind": "preview"},
         name="video-preview"),
    path("entries/<int:pk>/", entrant.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entrant.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/submit/", entrant.entry_submit, name="entry_submit"),
    path("entries/<int:pk>/withdraw/", entrant.entry_withdraw, name="entry_withdraw"),
    path("organise/", organiser.organiser_home, name="organiser_home"),
    path("organise/new/", setup.contest_create, name="contest_create"),
    path("organise/<slug:slug>/", organiser.organiser_contest, name="organiser_contest"),
    path("organise/<slug:slug>/settings/", setup.contest_settings, name="contest_settings"),
    path("organise/<slug:slug>/settings/recheck/", setup.contest_recheck_films,
         name="contest_recheck_films"),
    path("organise/<slug:slug>/categories/", setup.contest_categories,
         name="contest_categories"),
    path("organise/<slug:slug>/categories/<int:category_id>/<slug:action>/",
         setup.category_action, name="category_action"),
    path("organise/<slug:slug>/copy/", setup.contest_copy, name="contest_copy"),
    path("organise/<slug:slug>/retention/", retention.contest_retention,
         name="contest_retention"),
    path("organise/<slug:slug>/outbox/", outbox.contest_outbox, name="contest_outbox"),
    path("organise/<slug:slug>/outbox/<int:message_id>/retry/", outbox.outbox_retry,
         name="contest_outbox_retry"),
    path("organise/<slug:slug>/entries/<int:pk>/", organiser.organiser_entry,
         name="organiser_entry"),
    path("uploads/tus/", uploads.TusCollectionView.as_view(), name="tus-create"),
    path("uploads/tus/<uuid:upload_id>", uploads.TusUploadView.as_view(), name="tus-upload"),
]
