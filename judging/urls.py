from django.urls import path

from .views import audit, awards, dashboard

app_name = "judging"
urlpatterns: list = [
    path("organise/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("organise/<slug:slug>/awards/", awards.awards_page, name="awards"),
    path("organise/<slug:slug>/awards/new/", awards.award_create, name="award_create"),
    path("organise/<slug:slug>/awards/<int:award_id>/edit/", awards.award_update,
         name="award_update"),
    path("organise/<slug:slug>/awards/<int:award_id>/delete/", awards.award_delete,
         name="award_delete"),
    path("organise/<slug:slug>/awards/assign/", awards.award_assign, name="award_assign"),
    path("organise/<slug:slug>/placements/<int:placement_id>/", awards.placement_update,
         name="placement_update"),
    path("organise/<slug:slug>/placements/<int:placement_id>/remove/", awards.placement_remove,
         name="placement_remove"),
    path("organise/<slug:slug>/awards/lock/", awards.awards_lock, name="awards_lock"),
    path("organise/<slug:slug>/publish/", awards.results_publish, name="results_publish"),
    path("organise/<slug:slug>/export/<str:what>.<str:fmt>", awards.export_download,
         name="export"),
    path("organise/<slug:slug>/audit/", audit.audit_log, name="audit"),
]
