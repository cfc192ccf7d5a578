from django.urls import path, register_converter

from . import views


class ExportFormat:
    regex = "csv|xlsx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export")

urlpatterns = [
    path("inspections/<int:pk>/status/", views.inspection_status, name="inspection-status"),
    path("regions/<int:pk>/", views.region_detail, name="region-detail"),
    path("regions/<int:pk>/status/", views.region_status, name="region-status"),
    path(
        "indicators/<int:pk>/measurements/new",
        views.measurement_create,
        name="measurement-create",
    ),
    path(
        "inspections/<int:pk>/export.json",
        views.inspection_export_json,
        name="inspection-export-json",
    ),
    path(
        "inspections/<int:pk>/export.<export:fmt>",
        views.inspection_export,
        name="inspection-export",
    ),
    path("regions/<int:pk>/export.<export:fmt>", views.region_export, name="region-export"),
    path(
        "recommendations/export.<export:fmt>",
        views.recommendation_list_export,
        name="recommendation-list-export",
    ),
]
