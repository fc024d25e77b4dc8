"""Sign in and out for agents (guests use the portal's one-time links)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omotenashi.accounts import services
from omotenashi.lib.errors import ApplicationError, RateLimited
from omotenashi.lib.ratelimit import client_ip


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip = client_ip(request)
        try:
            services.login_check_allowed(username=username, ip=ip)
        except RateLimited as exc:
            form.errors.clear()
            form.add_error(
                None,
                _("Too many failed sign-in attempts. Please wait a few minutes and try again."),
            )
            response = render(request, "accounts/login.html", {"form": form}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        if form.is_valid():
            user = form.get_user()
            services.login_record_success(username=username, ip=ip)
            login(request, user)
            default = (
                reverse("tickets:inbox")
                if hasattr(user, "agent")
                else reverse("channels:portal_home")
            )
            return HttpResponseRedirect(_next_url(request, default))
        services.login_record_failure(username=username, ip=ip)
        status = 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request, "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("", ""), *settings.LANGUAGES], required=False)


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """An agent picks the workspace's language (kept on their account, on every device)."""
    agent = getattr(request.user, "agent", None) if request.user.is_authenticated else None
    if agent is None:
        return HttpResponse(_("Only agents choose a workspace language here."), status=403)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("That language is not one the workspace speaks."), status=400)
    try:
        services.agent_set_language(agent=agent, language=form.cleaned_data["language"])
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400)
    return HttpResponseRedirect(_next_url(request, reverse("tickets:inbox")))
