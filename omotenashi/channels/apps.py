from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "omotenashi.channels"
    label = "channels"
    verbose_name = "Channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # tickets must not import channels (dependencies flow one way), so the channel
        # follows tickets through their hooks: replies and new tickets become mail.
        from omotenashi.channels.services import outbound
        from omotenashi.tickets import hooks

        hooks.on_message_added(outbound.on_message_added)
        hooks.on_ticket_created(outbound.on_ticket_created)
