"""Hand-written training data for the engine tests: queues of an IT desk, in English.

Cross-language probes are written separately in the tests that use them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from omotenashi.engine.triage import Example

FIXED_NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

ENGLISH_TRAINING: dict[str, list[str]] = {
    "network": [
        "The VPN keeps disconnecting every few minutes",
        "I cannot connect to the wifi in the meeting room",
        "The internet connection at my desk is very slow",
        "VPN login fails with a timeout",
        "No network connection after the update",
        "The wireless network drops all the time",
        "Remote access through the VPN does not work from home",
        "Ethernet port in room 4 has no connection",
    ],
    "billing": [
        "I was charged twice for my subscription this month",
        "Please send me a copy of the last invoice",
        "The amount on my invoice is wrong",
        "I would like a refund for the duplicate payment",
        "Why did my monthly price go up?",
        "My credit card was debited but the order was cancelled",
        "Can I pay the invoice by bank transfer?",
        "There is an unknown charge on my bill",
    ],
    "accounts": [
        "I forgot my password and cannot log in",
        "Please reset my password",
        "My account is locked after too many attempts",
        "I need a new account for a colleague who starts Monday",
        "The two-factor authentication code does not arrive",
        "How do I change my username?",
        "I cannot sign in to my account anymore",
        "Please unlock my user account",
    ],
}


def english_examples() -> list[Example]:
    return [
        Example(text=text, label=label, lang="en", id=f"{label}-{i}")
        for label, texts in ENGLISH_TRAINING.items()
        for i, text in enumerate(texts)
    ]


# Templates for a larger (240 example) set, enough to hold out a calibration slice.
_SUBJECTS = {
    "network": ["the VPN", "the wifi", "the internet connection", "the network drive"],
    "billing": ["my invoice", "the payment", "my bill", "the refund"],
    "accounts": ["my password", "my account", "the login", "my user name"],
    "hardware": ["my laptop", "the printer", "my monitor", "the keyboard"],
}
_FRAMES = [
    "There is a problem with {s}",
    "Can you help me with {s}?",
    "{s} is not working since this morning",
    "I have a question about {s}",
    "Something is wrong with {s} again",
    "Please look at {s} today",
    "Urgent: {s} needs attention",
    "Hello, {s} gives an error",
    "Since yesterday {s} behaves strangely",
    "My colleague also has trouble with {s}",
    "Could someone check {s} for me",
    "I need help with {s} before the meeting",
    "{s} stopped working after the update",
    "Is there a known issue with {s}?",
    "Thanks in advance for looking into {s}",
]


def templated_examples() -> list[Example]:
    out = []
    for label, subjects in _SUBJECTS.items():
        for i, (subject, frame) in enumerate(itertools.product(subjects, _FRAMES)):
            text = frame.format(s=subject)
            out.append(
                Example(text=text[0].upper() + text[1:], label=label, lang="en", id=f"{label}-t{i}")
            )
    return out


# The same four queues in Swedish (a language e5 reads), enough for the lexical head to
# cover it: 40 tickets per queue, coverage 160 / (160 + 10) = 0.94.
_SWEDISH_SUBJECTS = {
    "network": ["VPN:en", "wifi-nätverket", "internetanslutningen", "nätverksenheten"],
    "billing": ["min faktura", "betalningen", "min räkning", "återbetalningen"],
    "accounts": ["mitt lösenord", "mitt konto", "inloggningen", "mitt användarnamn"],
    "hardware": ["min laptop", "skrivaren", "min bildskärm", "tangentbordet"],
}
_SWEDISH_FRAMES = [
    "Det är problem med {s}",
    "Kan ni hjälpa mig med {s}?",
    "{s} fungerar inte sedan i morse",
    "Jag har en fråga om {s}",
    "Något är fel med {s} igen",
    "Titta gärna på {s} i dag",
    "Brådskande: {s} behöver åtgärdas",
    "Hej, {s} ger ett felmeddelande",
    "Sedan i går krånglar {s}",
    "Min kollega har också problem med {s}",
]


def swedish_examples() -> list[Example]:
    out = []
    for label, subjects in _SWEDISH_SUBJECTS.items():
        for i, (subject, frame) in enumerate(itertools.product(subjects, _SWEDISH_FRAMES)):
            text = frame.format(s=subject)
            out.append(
                Example(
                    text=text[0].upper() + text[1:], label=label, lang="sv", id=f"sv-{label}-{i}"
                )
            )
    return out
