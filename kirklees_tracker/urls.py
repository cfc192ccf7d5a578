from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sign-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("inspections.urls")),
    path("", include("recommendations.urls")),
    path("", include("reporting.urls")),
    path("", include("reminders.urls")),
    path("", include("activity.urls")),
]

handler500 = "kirklees_tracker.views.server_error"

admin.site.site_header = "Inspection recommendations tracker: administration"
admin.site.site_title = "Tracker administration"
