from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from omotenashi.accounts.models import (
    Agent,
    AgentLanguage,
    ApiToken,
    Skill,
    Team,
    User,
    WorkingHours,
)


@admin.register(User)
class OmotenashiUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Preferences", {"fields": ("language", "time_zone")}))  # type: ignore[misc]


class AgentLanguageInline(admin.TabularInline):
    model = AgentLanguage
    extra = 1


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "role", "is_available")
    list_filter = ("role", "teams", "is_available")
    search_fields = ("display_name", "user__username", "user__email")
    filter_horizontal = ("teams", "skills")
    inlines = [AgentLanguageInline, WorkingHoursInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `omotenashi create_api_token` (the secret is shown once);
    here they are listed and revoked."""

    list_display = (
        "name",
        "agent",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
