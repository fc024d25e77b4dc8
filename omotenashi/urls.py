from django.contrib import admin
from django.urls import include, path

from omotenashi.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("omotenashi.accounts.urls")),
    path("portal/", include("omotenashi.channels.urls")),
    path("search/", include("omotenashi.search.urls")),
    path("", include("omotenashi.knowledge.urls")),
    path("", include("omotenashi.tickets.urls")),
]
