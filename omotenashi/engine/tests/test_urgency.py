# ruff: noqa: RUF001
# (full-width characters are test input on purpose)
"""Frustration and urgency cues in the served languages."""

from __future__ import annotations

import pytest

from omotenashi.engine.urgency import History, assess, frustration, urgency

UPSET = [
    ("en", "This is the third time I write. My VPN is still not working, this is unacceptable!"),
    ("nl", "Voor de derde keer: mijn laptop doet het nog steeds niet. Belachelijk."),
    ("fr", "Toujours pas de réponse, c'est inadmissible. Je vais résilier mon abonnement."),
    ("sv", "Jag har fortfarande inte fått något svar. Det här är oacceptabelt!"),
    ("de", "Zum dritten Mal: das Problem ist immer noch nicht gelöst. Eine Frechheit."),
    ("ja", "まだ返事がありません。何度も連絡しているのに、ありえない対応です。"),
    ("es", "Todavía no funciona y nadie me contesta. Es inaceptable."),
    ("it", "Ancora non funziona, per la terza volta! È inaccettabile."),
    ("da", "Det virker stadig ikke, og jeg har allerede ringet to gange. Uacceptabelt."),
]

CALM = [
    ("en", "Could you send me the manual for the new printer? Thanks!"),
    ("nl", "Kunt u mij de handleiding van de nieuwe printer sturen? Alvast bedankt."),
    ("fr", "Pourriez-vous m'envoyer le mode d'emploi de la nouvelle imprimante ? Merci."),
    ("sv", "Kan ni skicka manualen till den nya skrivaren? Tack på förhand."),
    ("de", "Können Sie mir die Anleitung für den neuen Drucker schicken? Danke."),
    ("ja", "新しいプリンターのマニュアルを送っていただけますか？よろしくお願いします。"),
]


@pytest.mark.parametrize(("lang", "text"), UPSET)
def test_upset_messages_score_high_with_named_cues(lang: str, text: str) -> None:
    score = frustration(text, lang)
    assert score.level == "high", score
    assert len(score.cues) >= 2
    assert all(cue.text for cue in score.cues)


@pytest.mark.parametrize(("lang", "text"), CALM)
def test_calm_messages_score_low(lang: str, text: str) -> None:
    assert frustration(text, lang).level == "low"
    assert urgency(text, lang).level == "low"


@pytest.mark.parametrize(("lang", "text"), UPSET)
def test_cues_are_found_without_knowing_the_language(lang: str, text: str) -> None:
    assert frustration(text, None).value >= frustration(text, lang).value - 1e-9


def test_repeated_contact_and_waiting_raise_frustration() -> None:
    text = "Any news about my request?"
    alone = frustration(text, "en").value
    repeated = frustration(text, "en", History(prior_contacts=3, hours_waiting=96)).value
    assert alone == 0.0
    assert repeated >= 0.5
    assert {c.kind for c in frustration(text, "en", History(prior_contacts=3)).cues} == {"history"}


def test_shouting_counts_but_acronyms_do_not() -> None:
    assert any(c.kind == "capitals" for c in frustration("WHY IS NOTHING WORKING HERE", "en").cues)
    assert frustration("The VPN and the HTTP proxy fail on my PC", "en").value == 0.0


def test_exclamation_bursts_count() -> None:
    assert any(c.kind == "exclamation" for c in frustration("Help!!!", "en").cues)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "URGENT: the whole office cannot work, the server is down"),
        ("nl", "Dringend: niemand kan werken, er is een storing"),
        ("fr", "Urgent : panne générale, personne ne peut travailler"),
        ("sv", "Brådskande! Ingen kan jobba, systemet ligger nere"),
        ("de", "Dringend: Störung, niemand kann arbeiten"),
        ("ja", "至急お願いします。システム障害で誰も仕事ができません。"),
    ],
)
def test_urgent_messages(lang: str, text: str) -> None:
    assert urgency(text, lang).level == "high"


def test_no_rush_lowers_urgency() -> None:
    hurried = urgency("Please fix the printer today", "en").value
    relaxed = urgency("Please fix the printer today, but no rush", "en").value
    assert relaxed < hurried
    assert any(c.kind == "calm" for c in urgency("Geen haast, niet dringend", "nl").cues)


def test_assess_returns_both_scores_in_range() -> None:
    feelings = assess("Still broken!!! Fix it immediately", "en")
    for score in (feelings.frustration, feelings.urgency):
        assert 0.0 <= score.value <= 1.0
    assert feelings.urgency.value > 0 and feelings.frustration.value > 0
