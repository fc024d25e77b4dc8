from django.urls import path

from omotenashi.channels import views

app_name = "channels"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("new/", views.portal_new_request, name="portal_new"),
    path("requests/<int:ticket_id>/", views.portal_request_detail, name="portal_request"),
    path("sign-in/", views.portal_signin_request, name="portal_signin_request"),
    path("sign-in/<str:secret>/", views.portal_signin, name="portal_signin"),
    path("sign-out/", views.portal_signout, name="portal_signout"),
    path("track/<str:token>/", views.track, name="track"),
]
