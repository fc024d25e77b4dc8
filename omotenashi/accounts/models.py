"""People who work the desk: users, agents, teams, skills, languages, API tokens."""

from __future__ import annotations

from calendar import day_abbr

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Anyone who signs in: agents (with an Agent row) and portal guests (linked from Guest)."""

    email = models.EmailField(blank=True, db_index=True)
    language = models.CharField(
        max_length=8, blank=True, help_text="Interface language; empty follows the browser."
    )
    time_zone = models.CharField(max_length=64, blank=True)


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    LEAD = "lead", "Lead"
    ADMIN = "admin", "Admin"


class Skill(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    display_name = models.CharField(max_length=120)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField(Team, related_name="members", blank=True)
    skills = models.ManyToManyField(Skill, related_name="agents", blank=True)
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    is_available = models.BooleanField(
        default=True, help_text="Takes new work (off when on leave)."
    )
    signature = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_lead(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class LanguageLevel(models.TextChoices):
    NATIVE = "native", "Native"
    FLUENT = "fluent", "Fluent"
    WORKING = "working", "Working"
    BASIC = "basic", "Basic"


class AgentLanguage(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=8)
    level = models.CharField(
        max_length=12, choices=LanguageLevel.choices, default=LanguageLevel.FLUENT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agent", "language"], name="agent_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agent}: {self.language} ({self.level})"


class WorkingHours(models.Model):
    """An agent's working time on a weekday, in the agent's own time zone."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="working_hours_weekday_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="working_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{day_abbr[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"


class ApiToken(models.Model):
    """A bearer token for /api/v1. Only a SHA-256 of the secret is stored."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120)
    prefix = models.CharField(
        max_length=12, unique=True, help_text="Public first part, shown to identify the token."
    )
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
