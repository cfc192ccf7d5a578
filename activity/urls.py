from django.urls import path

from . import views

urlpatterns = [
    path("activity/", views.activity, name="activity"),
    path("activity/export.csv", views.activity_export, name="activity-export"),
]
