"""Guests (the people the desk serves), their organisations, addresses and profile."""

from __future__ import annotations

from calendar import day_abbr

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(
        max_length=200,
        blank=True,
        help_text="Mail domain; new senders from it join this organisation.",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        # Serves: organisation lookup by sender domain during mail ingestion.
        indexes = [models.Index(fields=["domain"], name="organisation_domain_idx")]

    def __str__(self) -> str:
        return self.name


class Guest(models.Model):
    name = models.CharField(max_length=200, help_text="Full name as the guest gives it.")
    preferred_name = models.CharField(
        max_length=120, blank=True, help_text="How the guest likes to be addressed."
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="guests"
    )
    language = models.CharField(
        max_length=8, blank=True, help_text="Preferred language; empty until known."
    )
    time_zone = models.CharField(max_length=64, blank=True)
    interests = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Internal notes, never shown to the guest.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guest",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        # Serves: guest search by name in the API and the agent workspace.
        indexes = [models.Index(Lower("name"), name="guest_name_lower_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def address_name(self) -> str:
        """The name to greet the guest with."""
        return self.preferred_name or self.name.split(" ")[0] or self.name


class GuestEmail(models.Model):
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="emails")
    # Stored lower-cased by the services; unique so one address is one guest.
    address = models.EmailField(max_length=254, unique=True)
    is_primary = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["guest"],
                condition=models.Q(is_primary=True),
                name="guest_one_primary_email",
            ),
        ]

    def __str__(self) -> str:
        return self.address


class AvailabilityKind(models.TextChoices):
    AVAILABLE = "available", "Available"
    AWAY = "away", "Away"


class AvailabilityWindow(models.Model):
    """A weekly window in the guest's time zone: working hours, or away (lunch, meetings)."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    start = models.TimeField()
    end = models.TimeField()
    kind = models.CharField(
        max_length=12, choices=AvailabilityKind.choices, default=AvailabilityKind.AVAILABLE
    )
    label = models.CharField(max_length=80, blank=True, help_text="e.g. lunch, school run")

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="availability_weekday_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="availability_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{day_abbr[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M} {self.kind}"


class Entitlement(models.Model):
    """A product, plan or warranty the guest holds."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="entitlements")
    product = models.CharField(max_length=200)
    plan = models.CharField(max_length=120, blank=True)
    serial = models.CharField(max_length=120, blank=True)
    warranty_end = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["product"]

    def __str__(self) -> str:
        return f"{self.product} {self.plan}".strip()


class PortalLoginLink(models.Model):
    """A one-time sign-in link for the guest portal. Only a hash of the secret is stored."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="login_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sign-in link for guest {self.guest_id}, expires {self.expires_at:%Y-%m-%d %H:%M}"
