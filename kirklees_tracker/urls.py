from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from recommendations import inspection_views

from . import views
from .sign_in_forms import AdminSignInForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # Before the admin's own URLs, so that a refused sign-in there answers 400 too.
    path("admin/login/", views.admin_sign_in, name="admin-sign-in"),
    path("admin/", admin.site.urls),
    path("", inspection_views.home, name="home"),
    path("inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection-detail"),
    path("", include("recommendations.urls")),
    path("", include("reporting.urls")),
    path("", include("reminders.urls")),
    path("", include("activity.urls")),
]

handler400 = "kirklees_tracker.views.bad_request"
handler500 = "kirklees_tracker.views.server_error"

admin.site.site_header = "Inspection recommendations tracker: administration"
admin.site.site_title = "Tracker administration"
admin.site.login_form = AdminSignInForm
