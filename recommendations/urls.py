from django.urls import path

from . import action_views, plan_views, spreadsheet_views, views

urlpatterns = [
    path("recommendations/", views.recommendation_list, name="recommendation-list"),
    path("actions/", action_views.action_list, name="action-list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<int:pk>/updates/", views.log_update, name="recommendation-log-update"),
    path("recommendations/<int:pk>/verify/", views.verify, name="recommendation-verify"),
    path("recommendations/<int:pk>/plan/", plan_views.plan_change, name="recommendation-plan"),
    path("recommendations/<int:pk>/actions/", plan_views.action_create, name="action-create"),
    path(
        "actions/<int:pk>/due-date/",
        plan_views.action_move_due_date,
        name="action-move-due-date",
    ),
    path("actions/<int:pk>/edit/", plan_views.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", plan_views.action_set_status, name="action-set-status"),
    path("evidence/<uuid:uuid>/", views.evidence_download, name="evidence-download"),
    path(
        "inspections/<int:pk>/action-plan.xlsx",
        spreadsheet_views.action_plan_download,
        name="action-plan-download",
    ),
    path(
        "inspections/<int:pk>/action-plan/upload/",
        spreadsheet_views.action_plan_upload,
        name="action-plan-upload",
    ),
    path(
        "inspections/<int:pk>/action-plan/uploads/<uuid:uuid>/",
        spreadsheet_views.action_plan_preview,
        name="action-plan-preview",
    ),
    path(
        "inspections/<int:pk>/action-plan/uploads/<uuid:uuid>/confirm/",
        spreadsheet_views.action_plan_confirm,
        name="action-plan-confirm",
    ),
]
