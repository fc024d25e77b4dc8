from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


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

        # Cache invalidation, not business logic: SLA calendars are cached per process
        # (tickets/sla.py), and a calendar, its hours or its closed days may be saved from
        # the admin, a loader or a shell. Bulk writes (`update`, `bulk_create`) send no
        # signal; the cache's short lifetime covers those.
        from omotenashi.tickets import sla
        from omotenashi.tickets.models import BusinessCalendar, BusinessHours, Holiday

        for model in (BusinessCalendar, BusinessHours, Holiday):
            for event, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"sla-calendars-{model.__name__}-{event}"
                signal.connect(sla.forget_calendars, sender=model, dispatch_uid=uid)

        # Queues and categories are kept per process and checked against the desk version,
        # which every change replaces in its own transaction (tickets/routing/desk.py).
        from omotenashi.tickets.routing import desk

        for watched in desk.WATCHED:
            for event, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"desk-version-{watched.__name__}-{event}"
                signal.connect(desk.changed, sender=watched, dispatch_uid=uid)

        # The same for the triage thresholds (tickets/routing/decisions.py).
        from omotenashi.tickets.models import TriageModelRun, TriageSettings
        from omotenashi.tickets.routing import decisions, store

        for event, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                decisions.forget_settings,
                sender=TriageSettings,
                dispatch_uid=f"triage-settings-{event}",
            )
            signal.connect(
                store.forget_active,
                sender=TriageModelRun,
                dispatch_uid=f"triage-active-models-{event}",
            )
