"""Knowledge pages: the public help centre, help while a guest types a request, agent
assist on the ticket page, and the authoring screens. Thin: parse, selector/service,
render; htmx requests get a named fragment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omotenashi.accounts.models import Agent
from omotenashi.channels.views import activate_guest_language, portal_guest
from omotenashi.engine.language import detect_language
from omotenashi.knowledge import selectors, services
from omotenashi.knowledge.forms import (
    ArticleSettingsForm,
    DeflectionForm,
    FeedbackForm,
    NewArticleForm,
    TranslationForm,
)
from omotenashi.knowledge.markdown import markdown_to_text, render_markdown
from omotenashi.knowledge.models import (
    LANGUAGE_CHOICES,
    LANGUAGES,
    Article,
    ArticleTranslation,
    Audience,
    Category,
    Source,
    TranslationStatus,
)
from omotenashi.lib.errors import ApplicationError, NotFound, RateLimited
from omotenashi.lib.ratelimit import client_ip, hit
from omotenashi.tickets import selectors as ticket_selectors
from omotenashi.tickets.views import agent_required, workspace_nav

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def _rate_limited(request: HttpRequest, scope: str, limit: int, window: int) -> HttpResponse | None:
    try:
        hit(scope=scope, key=client_ip(request), limit=limit, window_seconds=window)
    except RateLimited as exc:
        response = HttpResponse(
            _("Too many requests; please wait a moment."), status=429, content_type="text/plain"
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    return None


def _reader_language(request: HttpRequest) -> str:
    """The guest's language: their profile when signed in, else the interface's."""
    guest = portal_guest(request)
    activate_guest_language(request, guest)
    language = translation.get_language() or "en"
    return language if language in LANGUAGES else "en"


# --- the help centre (public) ------------------------------------------------------------------


@require_GET
def help_home(request: HttpRequest) -> HttpResponse:
    language = _reader_language(request)
    return render(
        request,
        "knowledge/help_home.html",
        {
            "guest": portal_guest(request),
            "categories": selectors.help_centre(language=language),
            "known_issues": selectors.known_issues(language=language),
            "language": language,
        },
    )


@require_GET
def help_topic(request: HttpRequest, slug: str) -> HttpResponse:
    language = _reader_language(request)
    try:
        topic = selectors.category_for_guest(slug=slug, language=language)
    except NotFound:
        raise Http404(_("No such topic.")) from None
    return render(
        request,
        "knowledge/help_topic.html",
        {"guest": portal_guest(request), "topic": topic, "language": language},
    )


@require_GET
def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    language = _reader_language(request)
    wanted = request.GET.get("lang", "")
    try:
        view = selectors.article_for_guest(slug=slug, language=wanted or language)
    except NotFound:
        raise Http404(_("No such article.")) from None
    if wanted and wanted in LANGUAGES:
        # Chosen by hand: not a fallback, nothing to explain.
        view = selectors.ArticleView(view.article, view.translation, view.languages, wanted)
    return render(
        request,
        "knowledge/help_article.html",
        {
            "guest": portal_guest(request),
            "view": view,
            "language": language,
            "language_names": LANGUAGE_NAMES,
            "other_languages": [c for c in view.languages if c != view.translation.language],
            "ask_url": f"{reverse('channels:portal_new')}?article={view.article.slug}"
            + (f"&topic={view.article.category.slug}" if view.article.category else ""),
        },
    )


@require_GET
def help_search(request: HttpRequest) -> HttpResponse:
    language = _reader_language(request)
    query = request.GET.get("q", "").strip()[: selectors.MAX_QUERY_CHARS]
    limited = _rate_limited(request, "help-search", limit=120, window=60) if query else None
    if limited:
        return limited
    results = selectors.public_search(text=query, language=language, limit=10) if query else []
    context = {
        "guest": portal_guest(request),
        "query": query,
        "results": results,
        "language": language,
        "language_names": LANGUAGE_NAMES,
    }
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/help_search.html#results", context)
    return render(request, "knowledge/help_search.html", context)


@require_POST
def help_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    limited = _rate_limited(request, "help-feedback", limit=30, window=3600)
    if limited:
        return limited
    language = _reader_language(request)
    form = FeedbackForm(request.POST)
    try:
        view = selectors.article_for_guest(slug=slug, language=language)
    except NotFound:
        raise Http404(_("No such article.")) from None
    if not form.is_valid():
        return HttpResponse(_("Please answer yes or no."), status=400, content_type="text/plain")
    helpful = form.cleaned_data["helpful"]
    services.feedback_record(
        article=view.article,
        helpful=helpful,
        language=form.cleaned_data["language"] or view.translation.language,
        source=Source.HELP_CENTRE,
        guest=portal_guest(request),
    )
    context = {"view": view, "helpful": helpful, "ask_url": reverse("channels:portal_new")}
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/help_article.html#thanks", context)
    messages.success(request, _("Thank you for telling us."))
    return redirect("knowledge:article", slug=slug)


# --- help while the guest types (the portal's request form) ------------------------------------


def request_help_context(
    *, request: HttpRequest, text: str, topic_slug: str, from_article: str
) -> dict[str, Any]:
    """Everything the request form shows beside what the guest writes: matching articles
    and known issues, their own open request about the same thing, a likely better topic,
    and a warning when the article they came from is due for review."""
    language = _reader_language(request)
    guest = portal_guest(request)
    text = text.strip()[: selectors.MAX_QUERY_CHARS]
    chosen = Category.objects.filter(slug=topic_slug).first() if topic_slug else None
    suggestions: list[selectors.Suggestion] = []
    duplicates: list[tuple[Any, float]] = []
    if len(text) >= selectors.MIN_SUGGEST_CHARS:
        vector = selectors.query_vector(text)
        suggestions = selectors.public_search(
            text=text, language=language, limit=3, gated=True, vector=vector
        )
        if guest is not None:
            duplicates = selectors.open_requests_like(guest=guest, text=text, vector=vector)
    return {
        "query": text,
        "suggestions": suggestions,
        "duplicates": duplicates[:1],
        "better_topic": selectors.likely_topic(suggestions=suggestions, chosen=chosen),
        "chosen_topic": chosen,
        "outdated": selectors.outdated_article(slug=from_article, language=language),
        "language": language,
        "language_names": LANGUAGE_NAMES,
    }


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """The fragment under the request form's text box (debounced htmx GET)."""
    limited = _rate_limited(request, "help-suggest", limit=120, window=60)
    if limited:
        return limited
    text = " ".join(
        part for part in (request.GET.get("subject", ""), request.GET.get("message", "")) if part
    )
    context = request_help_context(
        request=request,
        text=text,
        topic_slug=request.GET.get("topic", ""),
        from_article=request.GET.get("article", ""),
    )
    return render(request, "knowledge/suggestions.html", context)


@require_POST
def deflect(request: HttpRequest) -> HttpResponse:
    """ "This solved it": a deflection, counted, and the question kept. No request is made."""
    limited = _rate_limited(request, "help-deflect", limit=30, window=3600)
    if limited:
        return limited
    language = _reader_language(request)
    form = DeflectionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("That did not work; please try again."), status=400, content_type="text/plain"
        )
    article = selectors.public_articles().filter(pk=form.cleaned_data["article"]).first()
    if article is None:
        raise Http404(_("No such article."))
    # The form's own text box is sent as "message" (htmx includes it as it is).
    question = form.cleaned_data["question"] or request.POST.get("message", "")[:2000]
    services.feedback_record(
        article=article,
        helpful=True,
        language=form.cleaned_data["language"][:8],
        source=Source.NEW_REQUEST,
        question=question,
        question_language=detect_language(question, LANGUAGES).lang if question else "",
        guest=portal_guest(request),
    )
    view = selectors.article_for_guest(slug=article.slug, language=language)
    return render(request, "knowledge/deflected.html", {"view": view, "language": language})


# --- agents: assist on the ticket page ---------------------------------------------------------


def _reply_text(request: HttpRequest, article: Article, text: ArticleTranslation) -> str:
    body = markdown_to_text(text.body_markdown)
    if article.audience == Audience.PUBLIC and text.is_published:
        link = request.build_absolute_uri(
            reverse("knowledge:article", kwargs={"slug": article.slug}) + f"?lang={text.language}"
        )
        return f"{body}\n\n{link}"
    return body


@require_GET
@agent_required
def assist(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The ticket page's knowledge panel (an htmx fragment; tickets/ does not import us)."""
    agent: Agent = request.agent  # type: ignore[attr-defined]
    try:
        ticket = ticket_selectors.ticket_get_for_agent(agent=agent, ticket_id=ticket_id)
    except NotFound:
        raise Http404(_("No such ticket.")) from None
    result = selectors.assist_for_ticket(agent=agent, ticket=ticket)
    articles = [
        {
            "hit": hit_,
            "reply": _reply_text(request, hit_.article, hit_.translation),
            "in_language": hit_.translation.language == result.language,
        }
        for hit_ in result.articles
    ]
    return render(
        request,
        "knowledge/assist.html",
        {
            "ticket": ticket,
            "articles": articles,
            "tickets": result.tickets,
            "language": result.language,
            "complete": result.complete,
            "language_names": LANGUAGE_NAMES,
            "solved": ticket.status in ("solved", "closed"),
        },
    )


@require_POST
@agent_required
def draft_from_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    try:
        ticket = ticket_selectors.ticket_get_for_agent(agent=agent, ticket_id=ticket_id)
        article = services.article_draft_from_ticket(ticket=ticket, by=agent)
    except NotFound:
        raise Http404(_("No such ticket.")) from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("tickets:detail", ticket_id=ticket_id)
    messages.success(
        request,
        _("Article draft made from this ticket. Remove anything personal before it is published."),
    )
    language = article.translations.values_list("language", flat=True).first() or "en"
    return redirect("knowledge:edit_translation", article_id=article.pk, language=language)


# --- agents: search and authoring ----------------------------------------------------------------


def _agent_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {**context, **workspace_nav(agent), "may_publish": services.may_publish(agent)},
        status=status,
    )


@require_GET
@agent_required
def agent_search(request: HttpRequest) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()[: selectors.MAX_QUERY_CHARS]
    language = translation.get_language() or "en"
    result = (
        selectors.agent_search(agent=agent, text=query, language=language, limit=10)
        if query
        else None
    )
    return _agent_page(
        request,
        "knowledge/agent_search.html",
        {"query": query, "result": result, "language_names": LANGUAGE_NAMES},
    )


@require_GET
@agent_required
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    outdated = request.GET.get("outdated") == "1"
    articles = list(selectors.authoring_list(status=status, outdated=outdated)[:200])
    return _agent_page(
        request,
        "knowledge/manage_list.html",
        {
            "articles": articles,
            "status": status,
            "outdated": outdated,
            "figures": selectors.feedback_figures(),
            "languages": LANGUAGES,
        },
    )


@require_http_methods(["GET", "POST"])
@agent_required
def manage_new(request: HttpRequest) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    form = NewArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                by=agent,
                language=data["language"],
                title=data["title"],
                summary=data["summary"],
                body_markdown=data["body_markdown"],
                kind=data["kind"],
                category=data["category"],
                audience=data["audience"],
                publish="publish" in request.POST,
                note=data["note"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Article saved."))
            return redirect("knowledge:manage_article", article_id=article.pk)
    return _agent_page(
        request, "knowledge/manage_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _article(article_id: int) -> Article:
    try:
        return selectors.article_for_agent(article_id=article_id)
    except NotFound:
        raise Http404(_("No such article.")) from None


@require_http_methods(["GET", "POST"])
@agent_required
def manage_article(request: HttpRequest, article_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    article = _article(article_id)
    form = ArticleSettingsForm(
        request.POST or None,
        initial={
            "kind": article.kind,
            "category": article.category,
            "audience": article.audience,
            "review_by": article.review_by,
            "is_active": article.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                article=article,
                by=agent,
                kind=data["kind"],
                category=data["category"],
                audience=data["audience"],
                review_by=data["review_by"],
                is_active=data["is_active"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Article settings saved."))
            return redirect("knowledge:manage_article", article_id=article.pk)
    translations = {t.language: t for t in article.translations.all()}
    rows = [(code, LANGUAGE_NAMES[code], translations.get(code)) for code in LANGUAGES]
    return _agent_page(
        request,
        "knowledge/manage_article.html",
        {"article": article, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@require_POST
@agent_required
def manage_review(request: HttpRequest, article_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    article = _article(article_id)
    try:
        services.article_mark_reviewed(article=article, by=agent)
    except ApplicationError as exc:
        return _forbidden_or_error(request, exc, article.pk)
    messages.success(request, _("Marked as reviewed."))
    return redirect("knowledge:manage_article", article_id=article.pk)


def _forbidden_or_error(
    request: HttpRequest, exc: ApplicationError, article_id: int
) -> HttpResponse:
    if exc.status_code == 403:
        return render(request, "knowledge/forbidden.html", {"reason": exc.message}, status=403)
    messages.error(request, exc.message)
    return redirect("knowledge:manage_article", article_id=article_id)


@require_http_methods(["GET", "POST"])
@agent_required
def edit_translation(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    article = _article(article_id)
    if language not in LANGUAGES:
        raise Http404(_("No such language."))
    current = article.translations.filter(language=language).first()
    source = current or article.translations.order_by("pk").first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "title": current.title,
            "summary": current.summary,
            "body_markdown": current.body_markdown,
            "expected_version": current.version,
        }
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = request.POST.get("action", "save")
        status = None
        if action == "publish":
            status = TranslationStatus.PUBLISHED
        elif action == "unpublish":
            status = TranslationStatus.DRAFT
        try:
            services.translation_save(
                article=article,
                language=language,
                title=data["title"],
                summary=data["summary"],
                body_markdown=data["body_markdown"],
                status=status,
                by=agent,
                note=data["note"],
                expected_version=data["expected_version"],
            )
        except ApplicationError as exc:
            if exc.status_code == 403:
                return render(
                    request, "knowledge/forbidden.html", {"reason": exc.message}, status=403
                )
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:edit_translation", article_id=article.pk, language=language)
    return _agent_page(
        request,
        "knowledge/edit_translation.html",
        {
            "article": article,
            "translation": current,
            "source": source if source is not None and source.language != language else None,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "form": form,
            "versions": list(current.versions.select_related("created_by")[:30]) if current else [],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@agent_required
def restore_version(
    request: HttpRequest, article_id: int, language: str, number: int
) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    article = _article(article_id)
    current = article.translations.filter(language=language).first()
    if current is None:
        raise Http404(_("No such translation."))
    try:
        services.translation_restore(translation=current, number=number, by=agent)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(n)s restored as a new version.") % {"n": number})
    return redirect("knowledge:edit_translation", article_id=article.pk, language=language)


@require_POST
@agent_required
def preview(request: HttpRequest) -> HttpResponse:
    """The rendered (sanitised) Markdown of the editor, for its preview pane."""
    source = request.POST.get("body_markdown", "")[:200_000]
    return HttpResponse(render_markdown(source))


@require_GET
@agent_required
def manage_questions(request: HttpRequest) -> HttpResponse:
    return _agent_page(
        request,
        "knowledge/manage_questions.html",
        {
            "rows": selectors.questions_for_team(limit=200),
            "figures": selectors.feedback_figures(),
            "desk_languages": settings.LANGUAGES,
        },
    )
