from django.urls import path

from omotenashi.knowledge import views

app_name = "knowledge"

urlpatterns = [
    # The public help centre and help while writing a request.
    path("help/", views.help_home, name="help"),
    path("help/search/", views.help_search, name="search"),
    path("help/topics/<slug:slug>/", views.help_topic, name="topic"),
    path("help/articles/<slug:slug>/", views.help_article, name="article"),
    path("help/articles/<slug:slug>/feedback/", views.help_feedback, name="feedback"),
    path("help/suggest/", views.suggest, name="suggest"),
    path("help/solved/", views.deflect, name="deflect"),
    # Agents.
    path("knowledge/", views.manage_list, name="manage"),
    path("knowledge/search/", views.agent_search, name="agent_search"),
    path("knowledge/questions/", views.manage_questions, name="questions"),
    path("knowledge/new/", views.manage_new, name="manage_new"),
    path("knowledge/preview/", views.preview, name="preview"),
    path("knowledge/<int:article_id>/", views.manage_article, name="manage_article"),
    path("knowledge/<int:article_id>/review/", views.manage_review, name="review"),
    path(
        "knowledge/<int:article_id>/<str:language>/",
        views.edit_translation,
        name="edit_translation",
    ),
    path(
        "knowledge/<int:article_id>/<str:language>/versions/<int:number>/restore/",
        views.restore_version,
        name="restore_version",
    ),
    path("knowledge/assist/<int:ticket_id>/", views.assist, name="assist"),
    path("knowledge/from-ticket/<int:ticket_id>/", views.draft_from_ticket, name="from_ticket"),
]
