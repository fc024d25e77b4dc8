from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "omotenashi.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # tickets must not import knowledge (dependencies flow one way); solved tickets
        # reach the retrieval index through the ticket hooks instead.
        from omotenashi.knowledge import services
        from omotenashi.tickets import hooks

        hooks.on_ticket_changed(services.on_ticket_changed)
        hooks.on_message_added(services.on_message_added)
