from django.contrib import admin

from omotenashi.customers.models import (
    AvailabilityWindow,
    Entitlement,
    Guest,
    GuestEmail,
    Organisation,
)


class GuestEmailInline(admin.TabularInline):
    model = GuestEmail
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


class EntitlementInline(admin.TabularInline):
    model = Entitlement
    extra = 0


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ("name", "preferred_name", "organisation", "language", "time_zone", "created_at")
    list_filter = ("language", "organisation")
    search_fields = ("name", "preferred_name", "emails__address")
    inlines = [GuestEmailInline, AvailabilityInline, EntitlementInline]
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "domain")
    search_fields = ("name", "domain")
