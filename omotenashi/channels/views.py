"""The guest portal and the case tracking page. Thin views over customers/tickets services.

Guests never sign up: they sign in with a one-time link sent by email, or follow their case
through the signed tracking link every acknowledgement carries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omotenashi.channels.portal_forms import NewRequestForm, ReplyForm, SignInForm
from omotenashi.channels.tracking import TrackingLinkExpired, tracking_decode, tracking_url
from omotenashi.customers.models import Guest
from omotenashi.customers.selectors import guest_by_email
from omotenashi.customers.services import (
    guest_get_or_create_by_email,
    portal_login_link_consume,
    portal_login_link_create,
)
from omotenashi.lib.errors import ApplicationError, NotFound, RateLimited
from omotenashi.lib.ratelimit import client_ip, hit
from omotenashi.tickets import selectors as ticket_selectors
from omotenashi.tickets.models import Status, Ticket
from omotenashi.tickets.services import IncomingFile, ticket_add_guest_message, ticket_create

SESSION_KEY = "portal_guest_id"


def _guest(request: HttpRequest) -> Guest | None:
    guest_id = request.session.get(SESSION_KEY)
    if guest_id:
        return Guest.objects.filter(pk=guest_id).first()
    user = request.user
    if user.is_authenticated:
        return Guest.objects.filter(user=user).first()
    return None


def _activate_guest_language(request: HttpRequest, guest: Guest | None) -> None:
    """Guest pages speak the guest's language when known, else the browser's."""
    if guest and guest.language in dict(settings.LANGUAGES) and "lang" not in request.GET:
        translation.activate(guest.language)
        request.LANGUAGE_CODE = guest.language


def portal_guest(request: HttpRequest) -> Guest | None:
    """The guest signed in to the portal, if any (for the other guest pages: help centre)."""
    return _guest(request)


def activate_guest_language(request: HttpRequest, guest: Guest | None) -> None:
    """Speak the guest's language on a guest page (see _activate_guest_language)."""
    _activate_guest_language(request, guest)


def _help_context(request: HttpRequest, form: NewRequestForm) -> dict[str, Any]:
    """What the request form shows from the knowledge base: the topic the guest started
    from, the topics to choose from, and help for what is already typed (a form sent
    back with errors, or a page opened from an article)."""
    from omotenashi.knowledge.selectors import topics
    from omotenashi.knowledge.views import request_help_context

    data = request.POST if request.method == "POST" else request.GET
    text = " ".join(part for part in (data.get("subject", ""), data.get("message", "")) if part)
    return {
        "topics": topics(),
        "topic": data.get("topic", ""),
        "from_article": data.get("article", ""),
        "help": request_help_context(
            request=request,
            text=text,
            topic_slug=data.get("topic", ""),
            from_article=data.get("article", ""),
        ),
    }


def _files(request: HttpRequest) -> list[IncomingFile]:
    return [
        IncomingFile(f.name or "", f.content_type or "", f.read())
        for f in request.FILES.getlist("attachments")
    ]


def _limited(
    request: HttpRequest, scope: str, limit: int, window: int, key: str = ""
) -> HttpResponse | None:
    try:
        hit(scope=scope, key=key or client_ip(request), limit=limit, window_seconds=window)
    except RateLimited as exc:
        response = render(
            request,
            "channels/portal/rate_limited.html",
            {"retry_after": exc.retry_after},
            status=429,
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    return None


@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    guest = _guest(request)
    _activate_guest_language(request, guest)
    requests = []
    if guest:
        requests = list(
            ticket_selectors.tickets_visible_to_guest(guest=guest)
            .select_related("queue")
            .order_by("-updated_at")[:50]
        )
        # Guests see where each case is in their own terms (the tracking page's stages), not the
        # desk's internal statuses ("on hold", "pending guest").
        for t in requests:
            t.stage = next(s for s in case_stages(t) if s["state"] == "current")  # type: ignore[attr-defined]
    return render(
        request,
        "channels/portal/home.html",
        {"guest": guest, "requests": requests, "signin_form": SignInForm()},
    )


@require_http_methods(["GET", "POST"])
def portal_new_request(request: HttpRequest) -> HttpResponse:
    guest = _guest(request)
    _activate_guest_language(request, guest)
    form = NewRequestForm(request.POST or None, request.FILES or None, signed_in=guest is not None)
    if request.method == "POST":
        limited = _limited(request, "portal-new", limit=20, window=3600)
        if limited:
            return limited
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["add_to"] and guest is not None:
                    # "Add this to my open request" (offered when the guest already has one
                    # about the same thing): the message joins it instead of a twin.
                    existing = ticket_selectors.ticket_get_for_guest(
                        guest=guest, ticket_id=data["add_to"]
                    )
                    message = ticket_add_guest_message(
                        ticket=existing,
                        guest=guest,
                        body_text=data["message"],
                        channel="portal",
                        attachments=_files(request),
                    )
                    added = _("Added to your request #%(number)s.") % {"number": message.ticket_id}
                    messages.success(request, added)
                    return redirect("channels:portal_request", ticket_id=message.ticket_id)
                with transaction.atomic():
                    requester = guest
                    if requester is None:
                        language = translation.get_language() or ""
                        requester, _created = guest_get_or_create_by_email(
                            email=data["email"], name=data["name"], language=language[:2]
                        )
                    ticket = ticket_create(
                        requester=requester,
                        body_text=data["message"],
                        subject=data["subject"],
                        channel="portal",
                        attachments=_files(request),
                        tags=_topic_tags(data["topic"]),
                    )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(
                    tracking_url(ticket_id=ticket.pk, guest_id=requester.pk, absolute=False)
                    + "?new=1"
                )
        # Typed text is never lost: the form comes back filled in, with the errors beside it.
        return render(
            request,
            "channels/portal/new_request.html",
            {"form": form, "guest": guest, **_help_context(request, form)},
            status=400,
        )
    return render(
        request,
        "channels/portal/new_request.html",
        {"form": form, "guest": guest, **_help_context(request, form)},
    )


def _topic_tags(slug: str) -> list[str]:
    """The help-centre topic the guest wrote from, as a tag agents see (never a queue:
    the desk routes; docs/decisions/0203-guest-topics-are-not-queues.md)."""
    from omotenashi.knowledge.selectors import topics

    return [f"topic:{slug}"] if slug and any(t.slug == slug for t in topics()) else []


@require_http_methods(["GET", "POST"])
def portal_request_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    guest = _guest(request)
    if guest is None:
        return redirect(f"{reverse('channels:portal_home')}?next={request.path}")
    _activate_guest_language(request, guest)
    try:
        ticket = ticket_selectors.ticket_get_for_guest(guest=guest, ticket_id=ticket_id)
    except NotFound:
        raise Http404(_("No such request.")) from None
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = ticket_add_guest_message(
                ticket=ticket,
                guest=guest,
                body_text=form.cleaned_data["message"],
                channel="portal",
                attachments=_files(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("channels:portal_request", ticket_id=message.ticket_id)
    return render(
        request,
        "channels/portal/request.html",
        {
            "guest": guest,
            "ticket": ticket,
            "form": form,
            "stages": case_stages(ticket),
            "track_url": tracking_url(ticket_id=ticket.pk, guest_id=guest.pk, absolute=False),
            "conversation": ticket_selectors.ticket_messages(ticket=ticket, include_notes=False),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def portal_signin_request(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(
            request, "channels/portal/home.html", {"signin_form": form, "guest": None}, status=400
        )
    email = form.cleaned_data["email"].lower()
    limited = _limited(
        request, "portal-signin", limit=5, window=900, key=f"{client_ip(request)}:{email}"
    )
    if limited:
        return limited
    guest = guest_by_email(email=email)
    if guest is not None:
        secret = portal_login_link_create(guest=guest)
        link = settings.SITE_URL + reverse("channels:portal_signin", kwargs={"secret": secret})
        language = guest.language if guest.language in dict(settings.LANGUAGES) else "en"

        def deliver() -> None:
            with translation.override(language):
                send_mail(
                    subject=_("Your sign-in link for %(desk)s") % {"desk": settings.DESK_NAME},
                    message=_(
                        "Hello %(name)s,\n\nUse this link to sign in and see your requests. It works once, "  # noqa: E501 (a catalog msgid)
                        "for 30 minutes:\n\n%(link)s\n\nIf you did not ask for it, you can ignore this message."  # noqa: E501
                    )
                    % {"name": guest.address_name, "link": link},
                    from_email=None,
                    recipient_list=[email],
                    fail_silently=False,
                )

        transaction.on_commit(deliver)
    # The same answer whether or not the address is known: no way to probe who writes to us.
    return render(request, "channels/portal/signin_sent.html", {"email": email})


@require_GET
def portal_signin(request: HttpRequest, secret: str) -> HttpResponse:
    guest = portal_login_link_consume(secret=secret)
    if guest is None:
        return render(
            request,
            "channels/portal/signin_invalid.html",
            {"signin_form": SignInForm()},
            status=400,
        )
    request.session.cycle_key()
    request.session[SESSION_KEY] = guest.pk
    return redirect("channels:portal_home")


@require_POST
def portal_signout(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("channels:portal_home")


# --- case tracking ------------------------------------------------------------------------------

STAGES = [
    ("received", gettext_lazy("Received")),
    ("team", gettext_lazy("With the right team")),
    ("working", gettext_lazy("Being worked on")),
    ("waiting", gettext_lazy("Waiting for you")),
    ("solved", gettext_lazy("Solved")),
]


def case_stages(ticket: Ticket) -> list[dict[str, Any]]:
    """The baggage-tracking view of a case: each stage done, current, or still ahead."""
    if ticket.status in (Status.SOLVED, Status.CLOSED):
        current = "solved"
    elif ticket.status == Status.PENDING:
        current = "waiting"
    elif ticket.status in (Status.OPEN, Status.ON_HOLD) or ticket.first_responded_at:
        current = "working"
    elif ticket.assignee_id:
        current = "team"
    else:
        current = "received"
    # "Waiting for you" is a detour, not a step every case takes: it only shows while it applies.
    order = [key for key, _label in STAGES if key != "waiting" or current == "waiting"]
    at = order.index(current)
    stages = []
    for key, label in STAGES:
        if key not in order:
            continue
        index = order.index(key)
        state = "done" if index < at else ("current" if index == at else "ahead")
        stages.append({"key": key, "label": label, "state": state})
    return stages


def _typical_resolution(ticket: Ticket) -> timedelta | None:
    """Median time to solve over the queue's last 200 solved tickets (an honest estimate)."""
    durations: list[timedelta | None] = list(
        Ticket.objects.filter(queue_id=ticket.queue_id, solved_at__isnull=False)
        .annotate(
            took=ExpressionWrapper(F("solved_at") - F("created_at"), output_field=DurationField())
        )
        .order_by("-solved_at")
        .values_list("took", flat=True)[:200]
    )
    known = sorted(d for d in durations if d is not None)
    if len(known) < 5:
        return None
    return known[len(known) // 2]


def _humane_duration(value: timedelta | None) -> str | None:
    if value is None:
        return None
    minutes = value.total_seconds() / 60
    if minutes < 120:
        n = max(1, round(minutes))
        return ngettext("about %(n)d minute", "about %(n)d minutes", n) % {"n": n}
    if minutes < 48 * 60:
        n = round(minutes / 60)
        return ngettext("about %(n)d hour", "about %(n)d hours", n) % {"n": n}
    n = round(minutes / 1440)
    return ngettext("about %(n)d day", "about %(n)d days", n) % {"n": n}


def _next_step(ticket: Ticket, current: str) -> str:
    if current == "received":
        return _("We are reading your message and bringing it to the right team.")
    if current == "team":
        return _("The team has your request and will reply soon.")
    if current == "working":
        return _("We are working on it. You will get an email as soon as there is news.")
    if current == "waiting":
        return _("We need something from you: please read our last message and reply.")
    return _(
        "Your request is solved. If anything is still wrong, just reply and we will pick it up again."  # noqa: E501 (a catalog msgid)
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    try:
        ticket_id, guest_id = tracking_decode(token)
    except TrackingLinkExpired:
        return render(
            request,
            "channels/portal/track_invalid.html",
            {"expired": True, "signin_form": SignInForm()},
            status=410,
        )
    except NotFound:
        return render(
            request,
            "channels/portal/track_invalid.html",
            {"expired": False, "signin_form": SignInForm()},
            status=404,
        )
    guest = Guest.objects.filter(pk=guest_id).first()
    try:
        if guest is None:
            raise NotFound("No such request.")
        ticket = ticket_selectors.ticket_get_for_guest(guest=guest, ticket_id=ticket_id)
    except NotFound:
        return render(
            request,
            "channels/portal/track_invalid.html",
            {"expired": False, "signin_form": SignInForm()},
            status=404,
        )
    _activate_guest_language(request, guest)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        limited = _limited(request, "track-reply", limit=30, window=3600)
        if limited:
            return limited
        if form.is_valid():
            try:
                message = ticket_add_guest_message(
                    ticket=ticket,
                    guest=guest,
                    body_text=form.cleaned_data["message"],
                    channel="portal",
                    attachments=_files(request),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(
                    tracking_url(ticket_id=message.ticket_id, guest_id=guest.pk, absolute=False)
                )
    stages = case_stages(ticket)
    current = next(s["key"] for s in stages if s["state"] == "current")
    context = {
        # `guest` is who is signed in to the portal (header name, sign-out), not the case's
        # guest: a tracking link signs nobody in.
        "ticket": ticket,
        "guest": _guest(request),
        "stages": stages,
        "current": current,
        "form": form,
        "next_step": _next_step(ticket, current),
        "who": ticket.assignee.display_name.split(" ")[0] if ticket.assignee else None,
        "team": ticket.queue.team.name,
        "estimate": _humane_duration(_typical_resolution(ticket))
        if current not in ("solved", "waiting")
        else None,
        "conversation": ticket_selectors.ticket_messages(ticket=ticket, include_notes=False),
        "just_created": request.GET.get("new") == "1",
        "now": timezone.now(),
        "token": token,
    }
    if request.headers.get("HX-Request"):
        return render(request, "channels/portal/track.html#live", context)
    return render(
        request, "channels/portal/track.html", context, status=400 if form.errors else 200
    )
