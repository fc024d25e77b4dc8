"""Writes for agents, teams and API tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from omotenashi.accounts.models import Agent, AgentLanguage, ApiToken, Role, Team, User
from omotenashi.lib import rows
from omotenashi.lib.errors import ValidationFailed

TOKEN_PREFIX_LEN = 8


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def agent_create(
    *,
    username: str,
    display_name: str,
    email: str = "",
    password: str | None = None,
    role: str = Role.AGENT,
    teams: list[Team] | None = None,
    languages: dict[str, str] | None = None,
    time_zone: str = "Europe/Amsterdam",
) -> Agent:
    if role not in Role.values:
        raise ValidationFailed(f"Unknown role {role!r}.", field="role")
    user = User(
        username=username, email=email, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    agent = Agent.objects.create(
        user=user, display_name=display_name, role=role, time_zone=time_zone
    )
    if teams:
        agent.teams.set(teams)
    for language, level in (languages or {}).items():
        AgentLanguage.objects.create(agent=agent, language=language, level=level)
    return agent


def agent_set_language(*, agent: Agent, language: str) -> None:
    """The agent's interface language for the workspace; "" follows the browser.

    Guests are not affected: the portal and every mail to a guest follow the guest's language.
    """
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(f"The interface does not speak {language!r}.", field="language")
    User.objects.filter(pk=agent.user_id).update(language=language)
    agent.user.language = language


@transaction.atomic
def team_create(*, name: str, description: str = "") -> Team:
    return Team.objects.create(
        name=name, slug=slugify(name)[:120] or "team", description=description
    )


@transaction.atomic
def api_token_create(
    *, agent: Agent, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the full secret, which is shown once and never stored."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LEN // 2)
    secret = f"omo_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        agent=agent, name=name, prefix=prefix, key_hash=_hash(secret), expires_at=expires_at
    )
    return token, secret


@functools.cache
def _token_query() -> tuple[str, rows.RowReader]:
    """The token, its agent and the agent's user in one statement (built once per process)."""
    reader = rows.RowReader((ApiToken, "t"), (Agent, "a"), (User, "u"))
    token_agent, agent_id = rows.column(ApiToken, "agent", "t"), rows.column(Agent, "id", "a")
    agent_user, user_id = rows.column(Agent, "user", "a"), rows.column(User, "id", "u")
    sql = (
        f"SELECT {reader.columns} FROM {rows.table(ApiToken)} t"  # noqa: S608
        f" JOIN {rows.table(Agent)} a ON {agent_id} = {token_agent}"
        f" JOIN {rows.table(User)} u ON {user_id} = {agent_user}"
        f" WHERE {rows.column(ApiToken, 'prefix', 't')} = %s"
    )
    return sql, reader


def _token_with_agent(*, prefix: str) -> ApiToken | None:
    """The token with this public prefix, its agent and user loaded; None if there is none.

    Every API request starts here, so it is one plain statement: building the ORM's
    select_related over three tables cost more CPU than the database took to answer it
    (docs/performance.md, "Where each millisecond goes"). The objects are the ORM's own,
    as `select_related("agent", "agent__user")` gives them.
    """
    sql, reader = _token_query()
    found = reader.fetch(sql, [prefix])
    if not found:
        return None
    (token, agent, user), _ = found[0]
    assert isinstance(token, ApiToken) and isinstance(agent, Agent) and isinstance(user, User)
    agent.user = user
    token.agent = agent
    return token


def api_token_authenticate(*, secret: str) -> Agent | None:
    """The agent a bearer secret belongs to, or None (unknown, revoked, expired, inactive)."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "omo":
        return None
    token = _token_with_agent(prefix=parts[1])
    if token is None or not secrets.compare_digest(token.key_hash, _hash(secret)):
        return None
    now = timezone.now()
    if (
        token.revoked_at
        or (token.expires_at and token.expires_at <= now)
        or not token.agent.user.is_active
    ):
        return None
    # Touch at most once a minute: a busy integration must not turn reads into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.agent


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


# --- sign-in lockout --------------------------------------------------------------------------
# Failures are counted per account and per client address in the shared cache. Once either
# reaches the limit, even a correct password is refused until the window passes: a guessing
# attacker learns nothing, and the real user is told to wait (and when).


def _lockout_keys(*, username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()[:150]}", f"login-fail:ip:{ip}"]


def login_check_allowed(*, username: str, ip: str) -> None:
    """Raise RateLimited when this account or address is locked out."""
    from django.conf import settings
    from django.core.cache import cache

    from omotenashi.lib.errors import RateLimited

    for key in _lockout_keys(username=username, ip=ip):
        failures = cache.get(key, 0)
        # The address limit is higher: several people may share one office address.
        limit = settings.LOGIN_MAX_FAILURES * (4 if ":ip:" in key else 1)
        if failures >= limit:
            raise RateLimited(
                "Too many failed sign-in attempts. Please wait a few minutes and try again.",
                retry_after=settings.LOGIN_LOCKOUT_SECONDS,
            )


def login_record_failure(*, username: str, ip: str) -> None:
    from django.conf import settings
    from django.core.cache import cache

    for key in _lockout_keys(username=username, ip=ip):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def login_record_success(*, username: str, ip: str) -> None:
    from django.core.cache import cache

    cache.delete(_lockout_keys(username=username, ip=ip)[0])
