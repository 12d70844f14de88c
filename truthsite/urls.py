from django.contrib import admin
from django.urls import include, path

from truthsite import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy, name="privacy"),
    path("admin/login/", views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("petitions.urls")),
    path("", include("subscriptions.urls")),
]

handler404 = "truthsite.views.page_not_found"
handler500 = "truthsite.views.server_error"
