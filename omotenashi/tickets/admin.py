from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from omotenashi.tickets.models import (
    BusinessCalendar,
    BusinessHours,
    Category,
    Decision,
    Holiday,
    Macro,
    MacroTranslation,
    Queue,
    SlaPolicy,
    Tag,
    Ticket,
    TicketEvent,
    TriageExample,
    TriageModelRun,
    TriageSettings,
    Understanding,
)


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


class CalendarForm(ModelForm):
    def clean_time_zone(self) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        value: str = self.cleaned_data["time_zone"]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                f"{value!r} is not a known time zone (e.g. Europe/Amsterdam)."
            ) from None
        return value

    def clean_holiday_country(self) -> str:
        import holidays

        value: str = self.cleaned_data["holiday_country"].upper()
        if value and value not in holidays.list_supported_countries():
            raise ValidationError(
                f"No public holiday calendar for {value!r};"
                " use an ISO code such as NL, SE, FR, DE, JP."
            )
        return value


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    form = CalendarForm
    list_display = ("name", "time_zone", "holiday_country")
    inlines = [BusinessHoursInline, HolidayInline]


class TriageExampleInline(admin.TabularInline):
    """Messages an admin writes as examples: triage learns from them from day one."""

    model = TriageExample
    extra = 1
    fields = ("text", "language")


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "team",
        "email_address",
        "calendar",
        "is_default",
        "accepts_routing",
        "auto_assign",
    )
    list_filter = ("team",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "description")
    inlines = [TriageExampleInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "queue", "skill", "is_active")
    list_filter = ("is_active", "queue")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "description")
    inlines = [TriageExampleInline]


@admin.register(TriageSettings)
class TriageSettingsAdmin(admin.ModelAdmin):
    """One row: the desk's thresholds. Without it the defaults apply."""

    list_display = (
        "__str__",
        "queue_threshold",
        "category_threshold",
        "priority_threshold",
        "raise_priority",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not TriageSettings.objects.exists()


@admin.register(TriageModelRun)
class TriageModelRunAdmin(admin.ModelAdmin):
    """Every training run, promoted or not. Read-only: models change by retraining."""

    list_display = (
        "field",
        "version",
        "trained_at",
        "n_examples",
        "n_new",
        "promoted",
        "is_active",
        "trigger",
    )
    list_filter = ("field", "is_active", "promoted")
    readonly_fields = [f.name for f in TriageModelRun._meta.fields]
    actions = ["retrain_now"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    @admin.action(description="Retrain these fields now")
    def retrain_now(self, request, queryset):  # type: ignore[no-untyped-def]
        from omotenashi.tickets.tasks import retrain_triage

        fields = sorted(set(queryset.values_list("field", flat=True)))
        retrain_triage.delay(fields=fields, force=True, trigger="admin")
        self.message_user(
            request, f"Retraining {', '.join(fields)}; the runs appear here when done."
        )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "queue",
        "priority",
        "first_response_minutes",
        "resolution_minutes",
        "calendar",
    )
    list_filter = ("priority", "queue")


class MacroTranslationInline(admin.TabularInline):
    model = MacroTranslation
    extra = 1


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ("name", "queue", "set_status", "is_active")
    list_filter = ("is_active", "queue")
    inlines = [MacroTranslationInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    readonly_fields = (
        "kind",
        "actor_agent",
        "actor_guest",
        "actor_system",
        "old_value",
        "new_value",
        "reason",
        "created_at",
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fk_name = "ticket"
    fields = (
        "created_at",
        "kind",
        "value_label",
        "value",
        "confidence",
        "outcome",
        "model_name",
        "model_version",
        "reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-mostly: tickets change through the workspace and the API, so every change
    leaves an event."""

    list_display = (
        "id",
        "subject",
        "status",
        "priority",
        "queue",
        "assignee",
        "requester",
        "updated_at",
    )
    list_filter = ("status", "priority", "queue", "channel")
    search_fields = ("id", "subject")
    raw_id_fields = ("requester", "assignee", "merged_into", "follow_up_of", "ccs")
    readonly_fields = [f.name for f in Ticket._meta.fields]
    inlines = [TicketEventInline, DecisionInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Understanding)
class UnderstandingAdmin(admin.ModelAdmin):
    """The reading of each guest message: failed ones show their error and when they retry."""

    list_display = ("message", "status", "attempts", "language", "next_attempt_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Understanding._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
