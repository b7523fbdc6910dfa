from rest_framework.routers import SimpleRouter

from .views_juror import JurorAssignmentViewSet

router = SimpleRouter()
router.register("juror/assignments", JurorAssignmentViewSet, basename="juror-assignment")

urlpatterns: list = [*router.urls]
