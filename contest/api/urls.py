from django.urls import path
from rest_framework.routers import DefaultRouter

from . import materials, outbox, questions, setup, views
from .uploads import s3 as uploads

router = DefaultRouter()
router.register("contests", views.ContestViewSet, basename="contest")
router.register("entries", views.EntryViewSet, basename="entry")
router.register(r"contests/(?P<contest_slug>[-\w]+)/entries", views.ContestEntryViewSet,
                basename="contest-entry")
urlpatterns = router.urls + [
    path("entries/<int:pk>/materials/", materials.EntryMaterialsView.as_view(),
         name="entry-materials"),
    path("entries/<int:pk>/materials/<int:material_id>/", materials.EntryMaterialView.as_view(),
         name="entry-material"),
    path("entries/<int:pk>/materials/<slug:kind>/", materials.EntryMaterialUploadView.as_view(),
         name="entry-material-upload"),
    path("uploads/s3/", uploads.S3UploadStartView.as_view(), name="s3-upload-start"),
    path("uploads/s3/<uuid:upload_id>/", uploads.S3UploadView.as_view(), name="s3-upload"),
    path("uploads/s3/<uuid:upload_id>/parts/", uploads.S3UploadPartsView.as_view(),
         name="s3-upload-parts"),
    path("uploads/s3/<uuid:upload_id>/complete/", uploads.S3UploadCompleteView.as_view(),
         name="s3-upload-complete"),
    path("organisations/<slug:org_slug>/contests/", setup.OrganisationContestsView.as_view(),
         name="organisation-contests"),
    path("organise/<slug:slug>/settings/", setup.ContestSettingsView.as_view(),
         name="contest-settings"),
    path("organise/<slug:slug>/categories/", setup.CategoriesView.as_view(),
         name="contest-categories"),
    path("organise/<slug:slug>/categories/<int:category_id>/", setup.CategoryView.as_view(),
         name="contest-category"),
    path("contests/<slug:slug>/questions/", questions.QuestionsView.as_view(),
         name="contest-questions"),
    path("contests/<slug:slug>/questions/<int:question_id>/", questions.QuestionView.as_view(),
         name="contest-question"),
    path("organise/<slug:slug>/outbox/", outbox.ContestOutboxView.as_view(),
         name="contest-outbox"),
    path("organise/<slug:slug>/outbox/<int:message_id>/retry/", outbox.OutboxRetryView.as_view(),
         name="contest-outbox-retry"),
]
