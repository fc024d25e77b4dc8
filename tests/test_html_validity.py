"""Every main page is valid HTML, in all six interface languages, as the Nu Html Checker
(the W3C validator, vnu.jar) sees it: the workspace (inbox views, ticket, search), sign-in,
the portal (home, new request, my requests, conversation), the tracking page, the page for
a broken tracking link and the 404 page; plus the forms as they come back with errors.

The pages are rendered by the real views through Django's test client; the checker runs
once over all of them (see omotenashi/testing/htmlcheck.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.customers.services import portal_login_link_create
from omotenashi.testing import htmlcheck
from omotenashi.testing.pages import build_scene, main_pages
from omotenashi.tickets.models import Queue

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _clients(scene: Any, language: str) -> dict[str, Client]:
    agent, guest, anyone = Client(), Client(), Client()
    for client in (agent, guest, anyone):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    agent.force_login(scene.agent.user)
    secret = portal_login_link_create(guest=scene.guest)
    assert guest.get(reverse("channels:portal_signin", args=[secret])).status_code == 302
    return {"agent": agent, "guest": guest, "anyone": anyone}


def _rendered(alice: Agent, carol: Guest, it_queue: Queue) -> dict[str, str]:
    scene = build_scene(alice=alice, carol=carol, it_queue=it_queue)
    documents: dict[str, str] = {}
    for language in LANGUAGES:
        # Agents read the workspace in their own language, guests the portal in theirs.
        alice.user.language = language
        alice.user.save(update_fields=["language"])
        carol.language = language
        carol.save(update_fields=["language"])
        clients = _clients(scene, language)
        for page in main_pages(scene):
            response = clients[page.viewer].get(page.path)
            assert response.status_code == page.status, (page.name, language, response.status_code)
            html = response.content.decode()
            assert f'<html lang="{language}"' in html, (page.name, language)
            documents[f"{page.name}-{language}"] = html
        # The forms as they come back with errors (typed text kept, messages beside the fields).
        response = clients["anyone"].post(
            reverse("accounts:login"), {"username": f"nobody-{language}", "password": "wrong"}
        )
        assert response.status_code == 400
        documents[f"login-error-{language}"] = response.content.decode()
        response = clients["anyone"].post(
            reverse("channels:portal_new"), {"message": "", "email": "not-an-address"}
        )
        assert response.status_code == 400
        documents[f"portal-new-request-errors-{language}"] = response.content.decode()
        conversation = reverse("channels:portal_request", args=[scene.ticket.pk])
        response = clients["guest"].post(conversation, {"message": ""})
        assert response.status_code == 400
        documents[f"portal-conversation-error-{language}"] = response.content.decode()
        track = next(p.path for p in main_pages(scene) if p.name == "tracking")
        response = clients["anyone"].post(track, {"message": ""})
        assert response.status_code == 400
        documents[f"tracking-error-{language}"] = response.content.decode()
        response = clients["agent"].post(
            reverse("tickets:compose", args=[scene.ticket.pk]), {"kind": "reply", "body": ""}
        )
        assert response.status_code == 400
        documents[f"ticket-compose-error-{language}"] = response.content.decode()
    return documents


def test_main_pages_are_valid_html_in_every_language(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    java, jar = htmlcheck.require_checker()
    documents = _rendered(alice, carol, it_queue)
    errors, _warnings = htmlcheck.validate(documents, java=java, jar=jar)
    # One line per distinct mistake (the same template error repeats in every language).
    distinct = {(e.message, e.document.rsplit("-", 1)[0]): e for e in errors}
    assert not errors, f"{len(errors)} HTML errors, {len(distinct)} distinct:\n" + "\n".join(
        str(e) for e in list(distinct.values())[:80]
    )


def test_the_checker_finds_errors() -> None:
    # The check above can fail: the same checker refuses a page with typical template mistakes.
    java, jar = htmlcheck.require_checker()
    broken = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
        '<main><span><div>block in inline</div></span><label for="nowhere">Lost label</label>'
        '<p id="twice">a</p><p id="twice">b</p></main></body></html>'
    )
    errors, _warnings = htmlcheck.validate({"broken": broken}, java=java, jar=jar)
    messages = " | ".join(e.message for e in errors)
    assert "not allowed as child" in messages
    assert "for" in messages and "label" in messages
    assert "Duplicate ID" in messages
