from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("contests", views.ContestViewSet, basename="contest")
router.register("entries", views.EntryViewSet, basename="entry")
router.register(r"contests/(?P<contest_slug>[-\w]+)/entries", views.ContestEntryViewSet,
                basename="contest-entry")
urlpatterns = router.urls
