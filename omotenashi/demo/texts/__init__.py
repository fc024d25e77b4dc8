"""The demo's words, one module per language: greetings, closings and the conversations of
each kind of request, written as a person at the desk (or a guest) would write them.

Texts are `str.format` templates. Slots a topic text may use (the loader fills all of them
for every ticket; a text uses the ones that fit): {product} {serial} {pin} {order} {booking}
{date} {city} {folder} {printer} {floor} {amount} {warranty} {weekday} {org}.
Greetings use {name}; closings {agent} (agents) or {name} (guests).
A language may leave a topic out when it does not fit its speakers (Japanese residents do
not buy a Japan Rail Pass); the loader only picks topics a language has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TopicText:
    """One kind of request in one language. Every opening describes the same problem, so the
    question, the guest's answer and the solution fit whichever opening was picked. Subject i
    goes with opening i."""

    subjects: tuple[str, ...]
    openings: tuple[str, ...]
    question: str = ""
    answer: str = ""
    solution: str = ""


@dataclass(frozen=True)
class LanguagePack:
    code: str
    months: tuple[str, ...]
    weekdays: tuple[str, ...]  # Monday first
    date_pattern: str  # {day} {month} {month_number}
    long_date_pattern: str  # the same with {year}
    money_pattern: str  # {amount}
    decimal_comma: bool
    guest_greetings: tuple[str, ...]
    guest_signoffs: tuple[str, ...]
    agent_greetings: tuple[str, ...]
    agent_closings: tuple[str, ...]
    agent_acks: tuple[str, ...]
    agent_checks: tuple[str, ...]
    guest_confirms: tuple[str, ...]
    guest_again: tuple[str, ...]
    agent_again: tuple[str, ...]
    guest_chases: tuple[str, ...]
    agent_late: tuple[str, ...]
    agent_close_thanks: tuple[str, ...]
    agent_on_hold: tuple[str, ...]
    agent_back: tuple[str, ...]
    topics: Mapping[str, TopicText]
    cities: Mapping[str, str] = field(default_factory=dict)
    # How colleagues greet each other (used for employees writing to the IT desk) when the
    # language makes a difference, e.g. お疲れ様です between colleagues in Japanese.
    colleague_greetings: tuple[str, ...] = ()
    # Between sentences of one paragraph: Japanese sets them without a space.
    sentence_separator: str = " "

    def date(self, day: dt.date) -> str:
        return self.date_pattern.format(
            day=day.day, month=self.months[day.month - 1], month_number=day.month
        )

    def long_date(self, day: dt.date) -> str:
        return self.long_date_pattern.format(
            day=day.day, month=self.months[day.month - 1], month_number=day.month, year=day.year
        )

    def money(self, amount: float) -> str:
        text = f"{amount:.2f}"
        if self.decimal_comma:
            text = text.replace(".", ",")
        return self.money_pattern.format(amount=text)

    def city(self, name: str) -> str:
        return self.cities.get(name, name)

    def weekday(self, day: dt.date) -> str:
        return self.weekdays[day.weekday()]

    def sentences(self, *parts: str) -> str:
        return self.sentence_separator.join(part for part in parts if part)


def packs() -> dict[str, LanguagePack]:
    """Every language of the demo, by code."""
    from omotenashi.demo.texts import de, en, fr, ja, nl, sv

    return {pack.code: pack for pack in (en.PACK, nl.PACK, fr.PACK, sv.PACK, de.PACK, ja.PACK)}


LANGUAGES = ("en", "nl", "fr", "sv", "de", "ja")
