"""A small multilingual knowledge base on the standard personas.

- "vpn-drops": English only, public, topic "network"
- "password-reset": English, French and Dutch, public, topic "accounts"
- "escalation-rota": agents only
- "printer-draft": a draft (nobody but agents sees it)
- "mail-outage": a known issue, active, public
Vectors are computed with the real encoder (multilingual-e5-small, bundled).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from omotenashi.accounts.models import Agent
from omotenashi.knowledge import services
from omotenashi.knowledge.index import reset_index
from omotenashi.knowledge.models import Article, Audience, Category, Kind


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    # The index is per process; a test's rolled-back rows must not linger in it.
    reset_index()
    yield
    reset_index()


@dataclass
class KB:
    network: Category
    accounts: Category
    vpn: Article
    password: Article
    internal: Article
    draft: Article
    outage: Article


VPN_EN = (
    "If the VPN disconnects every few minutes, the laptop is usually switching between "
    "Wi-Fi networks. Turn off automatic switching:\n\n1. Open **Settings → Network**.\n"
    "2. Untick *Switch networks automatically*.\n3. Reconnect the VPN client."
)
RESET_EN = "Go to the sign-in page, choose **Forgot password** and follow the link we email you."
RESET_FR = (
    "Sur la page de connexion, choisissez **Mot de passe oublié** et suivez le lien que "
    "nous vous envoyons par e-mail."
)
RESET_NL = "Kies op de inlogpagina **Wachtwoord vergeten** en volg de link die we je mailen."


def build_kb(author: Agent) -> KB:
    network = Category.objects.create(
        slug="network", names={"en": "Network & VPN", "fr": "Réseau et VPN"}, position=1
    )
    accounts = Category.objects.create(
        slug="accounts",
        names={"en": "Accounts & passwords", "fr": "Comptes et mots de passe"},
        position=2,
    )
    vpn = services.article_create(
        by=author,
        language="en",
        title="The VPN connection keeps dropping",
        body_markdown=VPN_EN,
        category=network,
        publish=True,
        slug="vpn-drops",
    )
    password = services.article_create(
        by=author,
        language="en",
        title="Reset a forgotten password",
        body_markdown=RESET_EN,
        category=accounts,
        publish=True,
        slug="password-reset",
    )
    services.translation_save(
        article=password,
        language="fr",
        title="Réinitialiser un mot de passe oublié",
        body_markdown=RESET_FR,
        status="published",
        by=author,
    )
    services.translation_save(
        article=password,
        language="nl",
        title="Een vergeten wachtwoord herstellen",
        body_markdown=RESET_NL,
        status="published",
        by=author,
    )
    internal = services.article_create(
        by=author,
        language="en",
        title="Escalation rota for VPN outages",
        body_markdown="Call the network on-call engineer when more than five people lose the VPN.",
        audience=Audience.AGENTS,
        publish=True,
        slug="escalation-rota",
        category=network,
    )
    draft = services.article_create(
        by=author,
        language="en",
        title="Printer on the third floor jams",
        body_markdown="Open tray 2 and remove the stuck paper.",
        slug="printer-draft",
    )
    outage = services.article_create(
        by=author,
        language="en",
        title="Email is slow to arrive this morning",
        body_markdown="Mail from outside arrives up to an hour late. We are working on it.",
        kind=Kind.KNOWN_ISSUE,
        publish=True,
        slug="mail-outage",
    )
    services.embed_documents()
    return KB(network, accounts, vpn, password, internal, draft, outage)


@pytest.fixture
def lead(admin_agent: Agent) -> Agent:
    """Publishing needs a lead; the admin persona is one."""
    return admin_agent


@pytest.fixture
def kb(lead: Agent) -> KB:
    return build_kb(lead)
