from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "omotenashi.tickets"
    label = "tickets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every guest message is read (language, feelings) and every new ticket triaged and
        # routed after commit (tickets.routing). Through the hook, like the later layers,
        # so history imports can mute it (tickets.hooks.muted).
        from omotenashi.tickets import hooks
        from omotenashi.tickets.routing.hooks import on_guest_message

        hooks.on_message_added(on_guest_message)
