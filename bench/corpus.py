"""Realistic multilingual ticket text for the bench loader, drawn from /work/shared/datasets.

- support_tickets: real-looking subjects, bodies and agent answers (en, de, es, fr, pt);
- banking77: short English customer questions;
- xsid and langid_short: sentences in Dutch, Swedish, Danish, Italian, Japanese and more,
  so the index sees accents, compound words and unsegmented Japanese.

Reply and note templates for languages without answers in the data are written here; they
are few, which is realistic too (agents reuse phrasing).
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path("/work/shared/datasets")

# Share of tickets per language (roughly a European desk with a Tokyo office).
LANGUAGE_MIX = {
    "en": 35,
    "de": 14,
    "nl": 10,
    "fr": 8,
    "sv": 8,
    "ja": 8,
    "es": 5,
    "pt": 3,
    "da": 3,
    "it": 3,
    "fi": 2,
    "nb": 1,
}

REPLIES = {
    "en": [
        "Thank you for reaching out. We are looking into it and will update you today.",
        "Could you send us a screenshot of the error message?",
        "We have reset the account; please try again and let us know.",
    ],
    "de": [
        "Vielen Dank für Ihre Nachricht. Wir prüfen das und melden uns heute.",
        "Könnten Sie uns bitte einen Screenshot der Fehlermeldung schicken?",
    ],
    "nl": [
        "Bedankt voor je bericht. We zoeken het uit en laten vandaag van ons horen.",
        "Kun je een schermafbeelding van de foutmelding sturen?",
        "We hebben je wachtwoord opnieuw ingesteld; probeer het nog eens.",
    ],
    "fr": [
        "Merci pour votre message. Nous regardons cela et revenons vers vous aujourd'hui.",
        "Pourriez-vous nous envoyer une capture d'écran du message d'erreur ?",
    ],
    "sv": [
        "Tack för ditt meddelande. Vi tittar på det och återkommer i dag.",
        "Kan du skicka en skärmbild av felmeddelandet?",
        "Vi har återställt ditt lösenord; försök igen och hör av dig.",
    ],
    "ja": [
        "お問い合わせありがとうございます。確認のうえ本日中にご連絡いたします。",
        "エラーメッセージのスクリーンショットを送っていただけますか。",
        "パスワードをリセットしました。もう一度お試しください。",
    ],
    "es": ["Gracias por su mensaje. Lo estamos revisando y le responderemos hoy."],
    "pt": ["Obrigado pela sua mensagem. Estamos a verificar e respondemos hoje."],
    "da": ["Tak for din besked. Vi kigger på det og vender tilbage i dag."],
    "it": ["Grazie per il messaggio. Stiamo verificando e la ricontatteremo oggi."],
    "fi": ["Kiitos viestistäsi. Selvitämme asian ja palaamme tänään."],
    "nb": ["Takk for meldingen. Vi ser på saken og kommer tilbake i dag."],
}

NOTES = [
    "Checked the logs: the sync job failed at 03:12, see vendor case {code}.",
    "Escalated to second line; waiting for the supplier (ref {code}).",
    "Same issue as last week, probably the proxy certificate again. Case {code}.",
    "Guest prefers a call after lunch. Warranty serial {code}.",
    "ログを確認しました。ベンダー案件 {code} を参照。",
    "Intern: leverancier gebeld, referentie {code}.",
]

FIRST_NAMES = {
    "en": ["James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Mia", "Harry", "Amelia"],
    "de": [
        "Lukas",
        "Anna",
        "Jonas",
        "Lea",
        "Felix",
        "Marie",
        "Jürgen",
        "Sophie",
        "Björn",
        "Hannah",
    ],
    "nl": ["Daan", "Sanne", "Bram", "Femke", "Joris", "Lotte", "Sem", "Eva", "Thijs", "Anouk"],
    "fr": ["Élodie", "Hugo", "Chloé", "Léa", "Théo", "Inès", "François", "Manon", "Gaël", "Zoé"],
    "sv": ["Åsa", "Erik", "Märta", "Björn", "Linnéa", "Göran", "Saga", "Olof", "Ingrid", "Stina"],
    "ja": ["花子", "太郎", "陽菜", "蓮", "さくら", "大翔", "美咲", "悠真", "ゆい", "健一"],
    "es": ["José", "María", "Lucía", "Martín", "Sofía", "Ángel"],
    "pt": ["João", "Inês", "Tomás", "Beatriz", "Gonçalo"],
    "da": ["Søren", "Mette", "Rasmus", "Freja", "Jørgen"],
    "it": ["Giulia", "Luca", "Chiara", "Matteo", "Niccolò"],
    "fi": ["Aino", "Eetu", "Väinö", "Siiri"],
    "nb": ["Ola", "Kari", "Øystein", "Ingvild"],
}
LAST_NAMES = {
    "en": ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Walker"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Köhler", "Groß"],
    "nl": ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong"],
    "fr": ["Martin", "Lefèvre", "Dubois", "Garçon", "Moreau", "Bélanger", "Rousseau"],
    "sv": ["Åkesson", "Lindqvist", "Söderberg", "Öberg", "Nyström", "Ekström", "Svensson"],
    "ja": ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"],
    "es": ["García", "Fernández", "López", "Muñoz"],
    "pt": ["Silva", "Gonçalves", "Simões", "Araújo"],
    "da": ["Jørgensen", "Sørensen", "Møller", "Nielsen"],
    "it": ["Rossi", "Bianchi", "Ricci", "Esposito"],
    "fi": ["Virtanen", "Mäkinen", "Hämäläinen"],
    "nb": ["Hansen", "Bråten", "Løvås"],
}
DOMAINS = [
    "example.com",
    "example.org",
    "example.net",
    "mail.example",
    "corp.example",
    "firma.example",
    "bedrijf.example",
    "foretag.example",
    "kaisha.example",
]


@dataclass(frozen=True)
class Request:
    subject: str
    body: str
    answer: str


def _ascii(text: str) -> str:
    """An address-safe local part: accents dropped, anything else non-ASCII removed."""
    decomposed = unicodedata.normalize(
        "NFKD", text.lower().replace(" ", "").replace("ø", "o").replace("ß", "ss")
    )
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == ".")).strip(".")


def _read(name: str) -> list[dict[str, object]]:
    path = DATASETS / name / "data.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _subject_from(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    for stop in ("。", "? ", ". ", "! "):
        if stop in line[:90]:
            line = line[: line.index(stop) + 1]
            break
    return line[:80].strip() or "(no subject)"


class Corpus:
    """Pools of requests per language and a deterministic generator over them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.requests: dict[str, list[Request]] = defaultdict(list)
        self.sentences: dict[str, list[str]] = defaultdict(list)
        for row in _read("support_tickets"):
            text, subject = str(row["text"]), str(row.get("subject") or "")
            body = text[len(subject) :].strip() if subject and text.startswith(subject) else text
            if not subject:
                subject = _subject_from(body)
            self.requests[str(row["lang"])].append(
                Request(subject, body, str(row.get("answer") or ""))
            )
        for row in _read("banking77"):
            text = str(row["text"])
            self.requests["en"].append(Request(_subject_from(text), text, ""))
        for row in _read("xsid"):
            self.sentences[str(row["lang"])].append(str(row["text"]))
        for row in _read("langid_short"):
            if row.get("granularity") == "sentences":
                self.sentences[str(row["lang"])].append(str(row["text"]))
        for row in _read("umsab_sentiment"):
            self.sentences[str(row["lang"])].append(str(row["text"]))
        self.languages = [
            lang for lang in LANGUAGE_MIX if self.requests.get(lang) or self.sentences.get(lang)
        ]
        self.weights = [LANGUAGE_MIX[lang] for lang in self.languages]

    def language(self) -> str:
        return self.rng.choices(self.languages, self.weights)[0]

    def request(self, lang: str) -> Request:
        """A guest's first message in `lang`: a real request where the data has one,
        else one to three real sentences of that language."""
        pool = self.requests.get(lang)
        if pool and (lang != "en" or self.rng.random() < 0.9):
            return self.rng.choice(pool)
        sentences = self.sentences.get(lang) or self.sentences["en"]
        body = " ".join(self.rng.choice(sentences) for _ in range(self.rng.randint(1, 3)))
        return Request(_subject_from(body), body, "")

    def reply(self, lang: str, request: Request) -> str:
        if request.answer and self.rng.random() < 0.7:
            return request.answer
        return self.rng.choice(REPLIES.get(lang, REPLIES["en"]))

    def follow_up(self, lang: str) -> str:
        sentences = self.sentences.get(lang)
        if sentences and self.rng.random() < 0.6:
            return self.rng.choice(sentences)
        return self.request(lang).body

    def note(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        code = (
            f"{self.rng.choice(letters)}{self.rng.choice(letters)}-{self.rng.randint(1000, 99999)}"
        )
        return self.rng.choice(NOTES).format(code=code)

    def person(self, lang: str, serial: int) -> tuple[str, str]:
        """(name, email) of a guest; the serial keeps addresses unique."""
        firsts = FIRST_NAMES.get(lang, FIRST_NAMES["en"])
        lasts = LAST_NAMES.get(lang, LAST_NAMES["en"])
        first, last = self.rng.choice(firsts), self.rng.choice(lasts)
        name = f"{last} {first}" if lang == "ja" else f"{first} {last}"
        local = _ascii(f"{first}.{last}") or "guest"
        domain = self.rng.choice(DOMAINS)
        return name, f"{local}.{serial}@{domain}"
