from django.urls import path

from omotenashi.tickets import views
from omotenashi.tickets.routing import views as routing_views

app_name = "tickets"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/queue/<slug:queue_slug>/", views.inbox, name="queue"),
    path("inbox/triage/", routing_views.triage, name="triage"),
    path("inbox/<slug:view>/", views.inbox, name="inbox_view"),
    path("tickets/<int:ticket_id>/", views.ticket_detail, name="detail"),
    path("tickets/<int:ticket_id>/compose/", views.ticket_compose, name="compose"),
    path("tickets/<int:ticket_id>/update/", views.ticket_update, name="update"),
    path("tickets/<int:ticket_id>/merge/", views.ticket_merge, name="merge"),
    path("tickets/<int:ticket_id>/macros/<int:macro_id>/", views.ticket_macro, name="macro"),
    path("tickets/<int:ticket_id>/language/", routing_views.ticket_language, name="language"),
    path(
        "tickets/<int:ticket_id>/decisions/<int:decision_id>/accept/",
        routing_views.decision_accept,
        name="decision_accept",
    ),
    path("leads/routing/", routing_views.routing_report, name="routing_report"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
