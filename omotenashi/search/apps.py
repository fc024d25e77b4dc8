from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "omotenashi.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # tickets must not import search (dependencies flow one way); search follows
        # tickets through its hooks instead.
        from omotenashi.search import services
        from omotenashi.tickets import hooks

        hooks.on_ticket_created(services.on_ticket_created)
        hooks.on_message_added(services.on_message_added)
        hooks.on_ticket_changed(services.on_ticket_changed)
