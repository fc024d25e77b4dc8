# ruff: noqa: E501, RUF001
# (lexicon data: long patterns and full-width punctuation are intended)
"""How upset and how urgent a guest is, with the cues that say so, in every served language.

API::

    feelings = assess(text, lang="nl", history=History(prior_contacts=2))
    feelings.frustration.value   # 0..1
    feelings.frustration.cues    # (Cue(kind="still", text="nog steeds", weight=0.35), ...)
    feelings.urgency.level       # "low" | "medium" | "high"
    frustration(text, lang, history) / urgency(text, lang, history)   # one score each

Why rules and not a trained model: a desk has no labelled "frustration" data, the score
must be explainable to an agent ("flagged because: 'for the third time', '!!!', 3 earlier
contacts"), and it must behave the same in all nine languages from day one. Each cue is a
phrase pattern written for one language (plus English, which guests mix in everywhere),
a surface signal (exclamation marks, shouting in capitals) or the case history (repeated
contact, reopening, long waits). Cues combine as a noisy-OR, value = 1 - prod(1 - w), so
one strong cue or several weak ones make a high score and no cue makes zero; "calming"
cues ("no rush", "niet dringend") scale the value down. Weights were set once by hand
from what the cue means; they are not fitted to any data set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from omotenashi.engine.text import normalize

MEDIUM, HIGH = 0.35, 0.65


@dataclass(frozen=True)
class Cue:
    kind: str  # still, again, anger, leave, waiting, urgent, deadline, impact, exclamation, capitals, history, calm
    text: str  # the words that matched, or a description for surface and history cues
    weight: float


@dataclass(frozen=True)
class Score:
    value: float
    cues: tuple[Cue, ...]

    @property
    def level(self) -> str:
        return "high" if self.value >= HIGH else "medium" if self.value >= MEDIUM else "low"


@dataclass(frozen=True)
class History:
    """What the desk knows about the case so far (all optional)."""

    prior_contacts: int = 0  # earlier messages from the guest about this case or this need
    reopened: int = 0
    hours_waiting: float = 0.0  # since the guest last heard from the desk


@dataclass(frozen=True)
class Feelings:
    frustration: Score
    urgency: Score


_Pattern = tuple[str, str, float]  # (kind, regex, weight)

# One table per language. Regexes are matched case-insensitively on the normalised text;
# \b is Unicode-aware. Japanese has no word boundaries, so its patterns are plain strings.
FRUSTRATION: dict[str, tuple[_Pattern, ...]] = {
    "en": (
        (
            "still",
            r"\bstill (?:not|no|nothing|doesn'?t|don'?t|isn'?t|hasn'?t|haven'?t|can'?t|cannot|waiting|broken)\b",
            0.4,
        ),
        ("still", r"\bstill\b", 0.15),
        ("still", r"\b(?:not|nothing) yet\b", 0.2),
        ("again", r"\b(?:again|once more|yet again)\b", 0.3),
        ("again", r"\bfor the (?:second|third|fourth|fifth|\d+(?:nd|rd|th)) time\b", 0.5),
        (
            "again",
            r"\b(?:i|we) (?:have )?already (?:told|wrote|written|called|sent|explained|asked|reported)\b",
            0.45,
        ),
        ("again", r"\b(?:how many times|every time|each time)\b", 0.4),
        (
            "anger",
            r"\b(?:unacceptable|ridiculous|outrageous|disgraceful|shameful|absurd|appalling|pathetic)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:terrible|awful|horrible|worst|useless|incompetent|rubbish|garbage|crap)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:angry|furious|livid|frustrat(?:ed|ing)|annoyed|upset|disappointed|fed up|sick (?:and tired )?of)\b",
            0.45,
        ),
        ("anger", r"\b(?:wtf|what a joke|this is a joke|are you kidding|seriously\?)", 0.45),
        (
            "leave",
            r"\b(?:cancel|terminate|close) (?:my|our|the) (?:subscription|account|contract|membership|order)\b",
            0.35,
        ),
        (
            "leave",
            r"\b(?:switch(?:ing)? to|go(?:ing)? (?:to|with)) (?:a |another |your )?(?:competitor|another (?:provider|company|bank|supplier))\b",
            0.55,
        ),
        (
            "leave",
            r"\b(?:lawyer|attorney|legal action|sue you|court|ombudsman|formal complaint|chargeback)\b",
            0.55,
        ),
        ("leave", r"\b(?:never (?:again|buy|use)|last time i)\b", 0.45),
        (
            "waiting",
            r"\b(?:no (?:one|body)|nobody) (?:has )?(?:answered|replied|responded|called|helped|got back)\b",
            0.4,
        ),
        ("waiting", r"\b(?:no|without any) (?:answer|reply|response|feedback)\b", 0.3),
        (
            "waiting",
            r"\bwaiting (?:for|since) (?:days|weeks|months|\d+ (?:days|weeks|months)|over a week|ages)\b",
            0.4,
        ),
    ),
    "nl": (
        ("still", r"\b(?:nog steeds|nog altijd|alweer|wederom)\b", 0.4),
        ("still", r"\b(?:nog (?:niet|geen|niks|niets))\b", 0.25),
        ("again", r"\b(?:weer|opnieuw|nogmaals)\b", 0.25),
        ("again", r"\bvoor de (?:tweede|derde|vierde|vijfde|\d+e) keer\b", 0.5),
        (
            "again",
            r"\b(?:ik|we|wij) (?:heb|hebben) (?:al|reeds) (?:eerder )?(?:gebeld|gemaild|geschreven|gemeld|uitgelegd|gevraagd)\b",
            0.45,
        ),
        ("again", r"\b(?:hoe vaak nog|elke keer|iedere keer)\b", 0.4),
        (
            "anger",
            r"\b(?:onacceptabel|onaanvaardbaar|belachelijk|schandalig|absurd|te gek voor woorden|bespottelijk)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:waardeloos|waardeloze|slecht(?:ste)?|verschrikkelijk|vreselijk|knudde|prutswerk|klantonvriendelijk)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:boos|woedend|kwaad|gefrustreerd|geërgerd|teleurgesteld|(?:ben|zijn) het zat|spuugzat|niet normaal)\b",
            0.45,
        ),
        (
            "leave",
            r"\b(?:opzeggen|zeg(?:gen)? (?:mijn|ons|het) \w+ op|abonnement (?:beëindigen|stopzetten))\b",
            0.35,
        ),
        ("leave", r"\b(?:overstappen|naar (?:de|een) (?:concurrent|andere aanbieder))\b", 0.55),
        (
            "leave",
            r"\b(?:advocaat|juridische stappen|rechter|ombudsman|klacht indienen|officiële klacht|geschillencommissie)\b",
            0.55,
        ),
        ("leave", r"\b(?:nooit meer|nooit weer)\b", 0.45),
        ("waiting", r"\b(?:geen|nog geen) (?:antwoord|reactie|bericht)\b", 0.3),
        (
            "waiting",
            r"\b(?:niemand|niemand heeft) (?:reageert|gereageerd|belt|teruggebeld|geholpen)\b",
            0.4,
        ),
        (
            "waiting",
            r"\bwacht(?:en)? (?:al|nu al) (?:dagen|weken|maanden|\d+ (?:dagen|weken|maanden)|een week)\b",
            0.45,
        ),
    ),
    "fr": (
        (
            "still",
            r"\b(?:toujours (?:pas|rien|aucun|aucune|en attente)|encore (?:et toujours|rien|pas))\b",
            0.4,
        ),
        ("still", r"\btoujours\b", 0.15),
        (
            "again",
            r"\b(?:encore une fois|de nouveau|à nouveau|une fois de plus|re-?contacte)\b",
            0.3,
        ),
        ("again", r"\bpour la (?:deuxième|seconde|troisième|quatrième|\d+e|\d+ème) fois\b", 0.5),
        (
            "again",
            r"\b(?:j'ai|nous avons) déjà (?:appelé|écrit|envoyé|expliqué|demandé|signalé)\b",
            0.45,
        ),
        ("again", r"\b(?:combien de fois|à chaque fois|chaque fois)\b", 0.4),
        (
            "anger",
            r"\b(?:inacceptable|inadmissible|ridicule|scandaleux|scandaleuse|honteux|honteuse|absurde|lamentable|n'importe quoi)\b",
            0.55,
        ),
        ("anger", r"\b(?:nul|nulle|horrible|catastrophique|pire|incompétents?|déplorable)\b", 0.45),
        (
            "anger",
            r"\b(?:en colère|furieux|furieuse|frustré|frustrée|énervé|énervée|déçu|déçue|pas content|pas contente|(?:j'en ai|ras le bol|marre))\b",
            0.45,
        ),
        ("leave", r"\b(?:résilier|résiliation|annuler mon (?:abonnement|compte|contrat))\b", 0.35),
        (
            "leave",
            r"\b(?:changer (?:de fournisseur|d'opérateur|de banque)|aller (?:voir )?ailleurs|chez (?:un|la) concurren(?:t|ce))\b",
            0.55,
        ),
        (
            "leave",
            r"\b(?:avocat|porter plainte|action en justice|tribunal|médiateur|réclamation officielle|association de consommateurs)\b",
            0.55,
        ),
        ("leave", r"\b(?:plus jamais|jamais plus)\b", 0.45),
        ("waiting", r"\b(?:aucune|pas de|sans) (?:réponse|nouvelles|retour)\b", 0.3),
        ("waiting", r"\b(?:personne ne (?:répond|m'a répondu|m'a rappelé|rappelle))\b", 0.4),
        (
            "waiting",
            r"\bj'attends depuis (?:des jours|des semaines|des mois|\d+ (?:jours|semaines|mois)|une semaine)\b",
            0.45,
        ),
    ),
    "de": (
        ("still", r"\b(?:immer noch|noch immer|nach wie vor|schon wieder)\b", 0.4),
        ("still", r"\b(?:noch (?:nicht|kein|keine|keinen|nichts))\b", 0.25),
        ("again", r"\b(?:wieder|erneut|nochmals|noch einmal)\b", 0.25),
        ("again", r"\bzum (?:zweiten|dritten|vierten|fünften|\d+\.) mal\b", 0.5),
        (
            "again",
            r"\b(?:ich habe|wir haben) (?:bereits|schon) (?:angerufen|geschrieben|gemailt|gemeldet|erklärt|gefragt)\b",
            0.45,
        ),
        ("again", r"\b(?:wie oft noch|jedes mal)\b", 0.4),
        (
            "anger",
            r"\b(?:inakzeptabel|unakzeptabel|unverschämt|lächerlich|skandalös|unmöglich|frechheit|zumutung|absurd)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:schrecklich|furchtbar|miserabel|katastrophal|schlechteste[rn]?|unfähig|inkompetent)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:wütend|sauer|verärgert|frustriert|genervt|enttäuscht|reicht mir|habe die nase voll|langsam reicht)\b",
            0.45,
        ),
        ("leave", r"\b(?:kündigen|kündigung|vertrag (?:beenden|auflösen))\b", 0.35),
        ("leave", r"\b(?:anbieter wechseln|zur konkurrenz|zu einem anderen anbieter)\b", 0.55),
        (
            "leave",
            r"\b(?:anwalt|rechtliche schritte|gericht|verbraucherzentrale|schlichtungsstelle|offizielle beschwerde)\b",
            0.55,
        ),
        ("leave", r"\b(?:nie wieder|nimmer wieder)\b", 0.45),
        ("waiting", r"\b(?:keine|ohne) (?:antwort|rückmeldung|reaktion)\b", 0.3),
        (
            "waiting",
            r"\b(?:niemand|keiner) (?:antwortet|meldet sich|hat geantwortet|hat zurückgerufen|ruft zurück)\b",
            0.4,
        ),
        (
            "waiting",
            r"\bwarte(?:n)? (?:seit|schon seit) (?:tagen|wochen|monaten|\d+ (?:tagen|wochen|monaten)|einer woche)\b",
            0.45,
        ),
    ),
    "sv": (
        (
            "still",
            r"\b(?:fortfarande (?:inte|ingen|inget|inga|ej)|ännu (?:inte|ingen|inget))\b",
            0.4,
        ),
        ("still", r"\bfortfarande\b", 0.2),
        ("again", r"\b(?:igen|återigen|ännu en gång|på nytt)\b", 0.3),
        ("again", r"\bför (?:andra|tredje|fjärde|femte|\d+:e) gången\b", 0.5),
        (
            "again",
            r"\b(?:jag har|vi har) redan (?:ringt|skrivit|mejlat|mailat|anmält|förklarat|frågat)\b",
            0.45,
        ),
        ("again", r"\b(?:hur många gånger|varje gång)\b", 0.4),
        (
            "anger",
            r"\b(?:oacceptabelt|oacceptabel|löjligt|skandal|skandalöst|absurt|skamligt|under all kritik)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:värdelös|värdelöst|uselt|usel|bedrövligt|katastrof|sämsta|inkompetenta?)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:arg|förbannad|irriterad|frustrerad|besviken|trött på|less på|har fått nog)\b",
            0.45,
        ),
        ("leave", r"\b(?:säga upp|avsluta mitt (?:abonnemang|konto|avtal))\b", 0.35),
        (
            "leave",
            r"\b(?:byta (?:leverantör|bolag|operatör|bank)|gå till (?:en )?konkurrent)\b",
            0.55,
        ),
        (
            "leave",
            r"\b(?:advokat|jurist|rättsliga åtgärder|domstol|anmäla er|konsumentverket|arn)\b",
            0.55,
        ),
        ("leave", r"\b(?:aldrig mer|aldrig igen)\b", 0.45),
        ("waiting", r"\b(?:inget|inga|utan) (?:svar|återkoppling|besked)\b", 0.3),
        ("waiting", r"\b(?:ingen|ingen har) (?:svarar|svarat|ringt tillbaka|hört av sig)\b", 0.4),
        (
            "waiting",
            r"\bväntat (?:i )?(?:dagar|veckor|månader|\d+ (?:dagar|veckor|månader)|en vecka)\b",
            0.45,
        ),
    ),
    "da": (
        (
            "still",
            r"\b(?:stadig(?:væk)? (?:ikke|ingen|intet)|endnu (?:ikke|ingen|intet)|fortsat ikke)\b",
            0.4,
        ),
        ("still", r"\b(?:stadig|stadigvæk)\b", 0.2),
        ("again", r"\b(?:igen|endnu en gang|på ny|atter)\b", 0.3),
        ("again", r"\bfor (?:anden|tredje|fjerde|femte|\d+\.) gang\b", 0.5),
        (
            "again",
            r"\b(?:jeg har|vi har) allerede (?:ringet|skrevet|mailet|meldt|forklaret|spurgt)\b",
            0.45,
        ),
        ("again", r"\b(?:hvor mange gange|hver gang)\b", 0.4),
        (
            "anger",
            r"\b(?:uacceptabelt|uacceptabel|latterligt|skandaløst|skandale|absurd|pinligt|under al kritik)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:elendig|elendigt|ringe|forfærdelig|forfærdeligt|katastrofe|værste|inkompetente?)\b",
            0.45,
        ),
        ("anger", r"\b(?:vred|sur|irriteret|frustreret|skuffet|træt af|har fået nok)\b", 0.45),
        ("leave", r"\b(?:opsige|opsigelse|afslutte min (?:konto|aftale|abonnement))\b", 0.35),
        ("leave", r"\b(?:skifte (?:udbyder|selskab|bank)|gå til (?:en )?konkurrent)\b", 0.55),
        (
            "leave",
            r"\b(?:advokat|retslige skridt|retten|forbrugerrådet|ankenævn|klage over jer)\b",
            0.55,
        ),
        ("leave", r"\b(?:aldrig mere|aldrig igen)\b", 0.45),
        ("waiting", r"\b(?:intet|ingen|uden) (?:svar|tilbagemelding)\b", 0.3),
        ("waiting", r"\b(?:ingen|ingen har) (?:svarer|svaret|ringet tilbage|vendt tilbage)\b", 0.4),
        (
            "waiting",
            r"\bventet (?:i )?(?:dage|uger|måneder|\d+ (?:dage|uger|måneder)|en uge)\b",
            0.45,
        ),
    ),
    "ja": (
        ("still", r"(?:まだ|未だに|いまだに|依然として)", 0.3),
        ("again", r"(?:再度|再び|何度も|何回も|毎回)", 0.3),
        ("again", r"(?:二度目|2度目|三度目|3度目|二回目|2回目|三回目|3回目)", 0.5),
        ("again", r"(?:既に|すでに|前にも)(?:連絡|問い合わせ|電話|メール|お伝え|説明)", 0.45),
        (
            "anger",
            r"(?:ありえない|あり得ない|許せない|納得できない|いい加減|ふざけ|話にならない|論外)",
            0.55,
        ),
        ("anger", r"(?:最悪|ひどい|酷い|最低|使えない|不誠実)", 0.45),
        ("anger", r"(?:怒|腹が立|イライラ|がっかり|不満|うんざり|困っています|困ってます)", 0.4),
        ("leave", r"(?:解約|退会|契約を(?:解除|やめ))", 0.35),
        ("leave", r"(?:他社に(?:乗り換え|変更|移)|乗り換え)", 0.55),
        ("leave", r"(?:弁護士|訴え|訴訟|消費者センター|法的(?:措置|手段))", 0.55),
        ("leave", r"(?:二度と)", 0.45),
        ("waiting", r"(?:返事|返信|連絡|回答)が(?:ない|ありません|来ない|来ません)", 0.4),
        ("waiting", r"(?:何日も|何週間も|ずっと)(?:待って|待た)", 0.45),
    ),
    "es": (
        ("still", r"\b(?:todavía no|aún no|sigue sin|siguen sin|sigo sin|sigo esperando)\b", 0.4),
        ("still", r"\b(?:todavía|aún|sigue)\b", 0.15),
        ("again", r"\b(?:otra vez|de nuevo|nuevamente|una vez más)\b", 0.3),
        ("again", r"\bpor (?:segunda|tercera|cuarta|quinta|\d+ª?) vez\b", 0.5),
        (
            "again",
            r"\b(?:ya (?:he|hemos|les he) (?:llamado|escrito|enviado|explicado|preguntado|reclamado))\b",
            0.45,
        ),
        ("again", r"\b(?:cuántas veces|cada vez)\b", 0.4),
        (
            "anger",
            r"\b(?:inaceptable|inadmisible|ridículo|vergonzoso|vergüenza|indignante|absurdo|lamentable)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:pésimo|pésima|horrible|terrible|el peor|la peor|inútiles?|incompetentes?)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:enfadado|enfadada|enojado|enojada|furioso|furiosa|harto|harta|frustrado|frustrada|decepcionado|decepcionada|molesto|molesta)\b",
            0.45,
        ),
        (
            "leave",
            r"\b(?:darme de baja|dar de baja|cancelar mi (?:suscripción|cuenta|contrato))\b",
            0.35,
        ),
        (
            "leave",
            r"\b(?:cambiarme de (?:compañía|proveedor|banco|operador)|irme a la competencia|con la competencia)\b",
            0.55,
        ),
        (
            "leave",
            r"\b(?:abogado|denuncia|denunciar|demanda|tribunal|hoja de reclamaciones|consumo)\b",
            0.55,
        ),
        ("leave", r"\b(?:nunca más|jamás)\b", 0.45),
        (
            "waiting",
            r"\b(?:sin|ninguna|no he recibido) (?:respuesta|contestación|noticias)\b",
            0.35,
        ),
        ("waiting", r"\b(?:nadie (?:responde|contesta|me ha respondido|me llama))\b", 0.4),
        (
            "waiting",
            r"\bllevo (?:días|semanas|meses|\d+ (?:días|semanas|meses)|una semana) esperando\b",
            0.45,
        ),
    ),
    "it": (
        ("still", r"\b(?:ancora non|ancora nessun[ao]?|continua a non|non ancora)\b", 0.4),
        ("still", r"\bancora\b", 0.15),
        ("again", r"\b(?:di nuovo|ancora una volta|nuovamente|un'altra volta)\b", 0.3),
        ("again", r"\bper la (?:seconda|terza|quarta|quinta|\d+ª?) volta\b", 0.5),
        (
            "again",
            r"\b(?:ho già|abbiamo già) (?:chiamato|scritto|inviato|spiegato|chiesto|segnalato)\b",
            0.45,
        ),
        ("again", r"\b(?:quante volte|ogni volta)\b", 0.4),
        (
            "anger",
            r"\b(?:inaccettabile|inammissibile|ridicolo|vergognoso|vergogna|assurdo|scandaloso|indecente)\b",
            0.55,
        ),
        (
            "anger",
            r"\b(?:pessimo|pessima|orribile|terribile|il peggiore|inutili?|incompetenti?)\b",
            0.45,
        ),
        (
            "anger",
            r"\b(?:arrabbiato|arrabbiata|furioso|furiosa|stufo|stufa|frustrato|frustrata|deluso|delusa|seccato)\b",
            0.45,
        ),
        (
            "leave",
            r"\b(?:disdire|disdetta|recedere|annullare il mio (?:abbonamento|contratto|account))\b",
            0.35,
        ),
        (
            "leave",
            r"\b(?:cambiare (?:operatore|fornitore|gestore|banca)|passare alla concorrenza)\b",
            0.55,
        ),
        (
            "leave",
            r"\b(?:avvocato|denuncia|denunciare|vie legali|tribunale|associazione consumatori)\b",
            0.55,
        ),
        ("leave", r"\b(?:mai più)\b", 0.45),
        ("waiting", r"\b(?:nessuna|senza) (?:risposta|notizia|riscontro)\b", 0.35),
        (
            "waiting",
            r"\b(?:nessuno (?:risponde|mi ha risposto|mi richiama|mi ha richiamato))\b",
            0.4,
        ),
        (
            "waiting",
            r"\baspetto da (?:giorni|settimane|mesi|\d+ (?:giorni|settimane|mesi)|una settimana)\b",
            0.45,
        ),
    ),
}

URGENCY: dict[str, tuple[_Pattern, ...]] = {
    "en": (
        (
            "urgent",
            r"\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|emergency|critical|top priority|high priority)\b",
            0.55,
        ),
        (
            "urgent",
            r"\b(?:as soon as possible|immediately|right (?:now|away)|straight away|at once)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:today|tonight|this morning|this afternoon|by (?:tomorrow|monday|tuesday|wednesday|thursday|friday|end of (?:day|the day))|deadline)\b",
            0.3,
        ),
        ("impact", r"\b(?:can'?t|cannot|unable to) (?:work|log ?in|access|pay|use)\b", 0.3),
        (
            "impact",
            r"\b(?:nobody|no ?one|everyone|all (?:users|staff|of us)|whole (?:team|office|company))\b.*\b(?:can'?t|cannot|down|affected|blocked)\b",
            0.45,
        ),
        (
            "impact",
            r"\b(?:outage|is down|are down|went down|production|blocked|stuck|data loss|security|hacked|fraud|stolen)\b",
            0.4,
        ),
    ),
    "nl": (
        (
            "urgent",
            r"\b(?:dringend|urgent|spoed|met spoed|kritiek|hoge prioriteit|noodgeval)\b",
            0.55,
        ),
        (
            "urgent",
            r"\b(?:zo snel mogelijk|z\.s\.m\.?|zsm|meteen|onmiddellijk|direct|per direct|nu meteen)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:vandaag|vanavond|vanmiddag|vanochtend|voor morgen|uiterlijk|deadline)\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:kan niet (?:werken|inloggen|betalen|verder)|kunnen niet (?:werken|inloggen))\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:niemand kan|iedereen|alle (?:gebruikers|medewerkers)|hele (?:team|kantoor|afdeling))\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:storing|ligt (?:er )?plat|ligt eruit|geblokkeerd|datalek|gehackt|fraude|gestolen)\b",
            0.4,
        ),
    ),
    "fr": (
        ("urgent", r"\b(?:urgent|urgente|urgence|critique|prioritaire|en priorité)\b", 0.55),
        (
            "urgent",
            r"\b(?:au plus vite|dès que possible|le plus rapidement possible|immédiatement|tout de suite|sans délai)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:aujourd'hui|ce soir|ce matin|cet après-midi|avant demain|d'ici demain|date limite)\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:je ne peux (?:pas|plus) (?:travailler|me connecter|payer|accéder))\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:personne ne peut|tout le monde|tous les (?:utilisateurs|employés)|toute l'équipe)\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:panne|bloqué|bloquée|hors service|en production|piraté|fraude|volé|volée)\b",
            0.4,
        ),
    ),
    "de": (
        (
            "urgent",
            r"\b(?:dringend|eilig|eilt|notfall|kritisch|hohe priorität|höchste priorität)\b",
            0.55,
        ),
        (
            "urgent",
            r"\b(?:so schnell wie möglich|schnellstmöglich|asap|sofort|umgehend|unverzüglich|gleich)\b",
            0.45,
        ),
        ("deadline", r"\b(?:heute|heute abend|heute nachmittag|bis morgen|frist|deadline)\b", 0.3),
        (
            "impact",
            r"\b(?:kann nicht (?:arbeiten|einloggen|zahlen|zugreifen)|können nicht arbeiten)\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:niemand kann|alle (?:benutzer|mitarbeiter|kollegen)|das ganze (?:team|büro))\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:ausfall|ausgefallen|störung|blockiert|gehackt|betrug|gestohlen|produktion steht)\b",
            0.4,
        ),
    ),
    "sv": (
        ("urgent", r"\b(?:brådskande|akut|kritiskt|kritisk|hög prioritet|nödläge)\b", 0.55),
        (
            "urgent",
            r"\b(?:så snart som möjligt|snarast|omedelbart|genast|direkt|på en gång)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:idag|i dag|ikväll|i kväll|i eftermiddag|före imorgon|innan imorgon|deadline)\b",
            0.3,
        ),
        ("impact", r"\b(?:kan inte (?:jobba|arbeta|logga in|betala)|kommer inte åt)\b", 0.3),
        (
            "impact",
            r"\b(?:ingen kan|alla (?:användare|anställda)|hela (?:teamet|kontoret|avdelningen))\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:driftstopp|avbrott|ligger nere|är nere|blockerad|hackad|bedrägeri|stulen|stulet)\b",
            0.4,
        ),
    ),
    "da": (
        ("urgent", r"\b(?:haster|hastende|akut|kritisk|høj prioritet|nødsituation)\b", 0.55),
        (
            "urgent",
            r"\b(?:hurtigst muligt|snarest|straks|med det samme|omgående|øjeblikkeligt)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:i dag|i aften|i eftermiddag|inden i morgen|før i morgen|deadline|frist)\b",
            0.3,
        ),
        ("impact", r"\b(?:kan ikke (?:arbejde|logge ind|betale)|har ikke adgang)\b", 0.3),
        (
            "impact",
            r"\b(?:ingen kan|alle (?:brugere|medarbejdere)|hele (?:teamet|kontoret|afdelingen))\b",
            0.4,
        ),
        ("impact", r"\b(?:nedbrud|er nede|ligger ned|blokeret|hacket|svindel|stjålet)\b", 0.4),
    ),
    "ja": (
        ("urgent", r"(?:至急|緊急|大至急|急ぎ|早急|最優先)", 0.55),
        ("urgent", r"(?:すぐに|今すぐ|直ちに|ただちに|早く|できるだけ早)", 0.45),
        ("deadline", r"(?:今日中|本日中|今日|本日|明日まで|締め切り|締切|期限)", 0.3),
        ("impact", r"(?:仕事ができない|業務ができない|業務が止ま|ログインできない|使えない)", 0.35),
        ("impact", r"(?:全員|誰も|全社|部署全体)", 0.35),
        ("impact", r"(?:障害|ダウン|停止|不正アクセス|詐欺|盗まれ|乗っ取)", 0.4),
    ),
    "es": (
        (
            "urgent",
            r"\b(?:urgente|urgencia|crítico|crítica|prioridad alta|máxima prioridad|emergencia)\b",
            0.55,
        ),
        (
            "urgent",
            r"\b(?:lo antes posible|cuanto antes|inmediatamente|de inmediato|ya mismo|ahora mismo)\b",
            0.45,
        ),
        (
            "deadline",
            r"\b(?:hoy|esta tarde|esta noche|esta mañana|antes de mañana|fecha límite|plazo)\b",
            0.3,
        ),
        ("impact", r"\b(?:no puedo (?:trabajar|acceder|entrar|pagar)|no podemos trabajar)\b", 0.3),
        (
            "impact",
            r"\b(?:nadie puede|todos los (?:usuarios|empleados)|todo el (?:equipo|departamento))\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:caído|caída|interrupción|bloqueado|bloqueada|hackeado|fraude|robado|robada)\b",
            0.4,
        ),
    ),
    "it": (
        (
            "urgent",
            r"\b(?:urgente|urgenza|critico|critica|priorità alta|massima priorità|emergenza)\b",
            0.55,
        ),
        (
            "urgent",
            r"\b(?:il prima possibile|al più presto|immediatamente|subito|senza indugio)\b",
            0.45,
        ),
        ("deadline", r"\b(?:oggi|stasera|stamattina|oggi pomeriggio|entro domani|scadenza)\b", 0.3),
        (
            "impact",
            r"\b(?:non (?:posso|riesco a) (?:lavorare|accedere|pagare)|non possiamo lavorare)\b",
            0.3,
        ),
        (
            "impact",
            r"\b(?:nessuno può|tutti gli (?:utenti|impiegati)|tutto il (?:team|reparto|ufficio))\b",
            0.4,
        ),
        (
            "impact",
            r"\b(?:guasto|interruzione|bloccato|bloccata|fuori servizio|hackerato|frode|rubato|rubata)\b",
            0.4,
        ),
    ),
}

# Phrases that lower urgency ("no rush") or mark politeness that should not read as anger.
CALM: dict[str, tuple[_Pattern, ...]] = {
    "en": (
        (
            "calm",
            r"\b(?:no rush|not urgent|no hurry|whenever (?:you can|convenient)|take your time)\b",
            0.6,
        ),
    ),
    "nl": (
        ("calm", r"\b(?:geen haast|niet dringend|niet urgent|wanneer het (?:u|je) uitkomt)\b", 0.6),
    ),
    "fr": (
        (
            "calm",
            r"\b(?:pas urgent|rien d'urgent|pas pressé|quand vous (?:pourrez|aurez le temps))\b",
            0.6,
        ),
    ),
    "de": (
        (
            "calm",
            r"\b(?:nicht dringend|keine eile|eilt nicht|wenn (?:sie|du) zeit (?:haben|hast))\b",
            0.6,
        ),
    ),
    "sv": (("calm", r"\b(?:ingen brådska|inte bråttom|inte brådskande|när ni har tid)\b", 0.6),),
    "da": (("calm", r"\b(?:ingen hast|haster ikke|ikke travlt|når I har tid)\b", 0.6),),
    "ja": (("calm", r"(?:急ぎません|急ぎではありません|お手すきの際|お時間のある時)", 0.6),),
    "es": (("calm", r"\b(?:no es urgente|sin prisa|no corre prisa|cuando puedan)\b", 0.6),),
    "it": (("calm", r"\b(?:non è urgente|nessuna fretta|con calma|quando potete)\b", 0.6),),
}

_Compiled = tuple[str, re.Pattern[str], float]


def _compile(table: dict[str, tuple[_Pattern, ...]]) -> dict[str, tuple[_Compiled, ...]]:
    return {
        lang: tuple((kind, re.compile(rx, re.IGNORECASE), w) for kind, rx, w in patterns)
        for lang, patterns in table.items()
    }


_FRUSTRATION = _compile(FRUSTRATION)
_URGENCY = _compile(URGENCY)
_CALM = _compile(CALM)
_EXCLAMATIONS = re.compile(r"[!！]{2,}|[?？][!！]|[!！][?？]")
_EXCLAMATION = re.compile(r"[!！]")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-ÖØ-ÞÅÄÖ]{4,}\b")
_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
SERVED = tuple(FRUSTRATION)


def _languages(lang: str | None) -> Iterable[str]:
    """The lexicons to apply: the message's language plus English, or all when unknown."""
    if lang is None or lang not in FRUSTRATION:
        return SERVED
    return (lang,) if lang == "en" else (lang, "en")


def _match(text: str, table: dict[str, tuple[_Compiled, ...]], langs: Iterable[str]) -> list[Cue]:
    cues: list[Cue] = []
    seen: set[tuple[str, str]] = set()
    for lang in langs:
        for kind, pattern, weight in table.get(lang, ()):
            found = pattern.search(text)
            if found and (kind, found.group().lower()) not in seen:
                seen.add((kind, found.group().lower()))
                cues.append(Cue(kind, found.group(), weight))
    # A weak cue inside a stronger one of the same kind ("still" in "still not") adds nothing.
    strongest: list[Cue] = []
    for cue in sorted(cues, key=lambda c: -c.weight):
        if not any(c.kind == cue.kind and cue.text.lower() in c.text.lower() for c in strongest):
            strongest.append(cue)
    return strongest


def _surface(text: str) -> list[Cue]:
    cues: list[Cue] = []
    bursts = _EXCLAMATIONS.findall(text)
    if bursts:
        cues.append(Cue("exclamation", max(bursts, key=len), min(0.2 + 0.1 * len(bursts), 0.45)))
    elif len(_EXCLAMATION.findall(text)) >= 3:
        cues.append(Cue("exclamation", "!", 0.2))
    caps = _CAPS_WORD.findall(text)
    words = _WORD.findall(text)
    # Shouting: several long words in capitals, and most of the message. Acronyms (VPN,
    # HTTP) are short or few, so they do not count.
    if len(caps) >= 2 and len(caps) >= 0.5 * max(len(words), 1):
        cues.append(Cue("capitals", " ".join(caps[:3]), 0.35))
    return cues


def _history(history: History | None, *, for_urgency: bool) -> list[Cue]:
    if history is None:
        return []
    cues: list[Cue] = []
    if history.prior_contacts > 0:
        weight = min(0.15 * history.prior_contacts, 0.45) * (0.6 if for_urgency else 1.0)
        cues.append(
            Cue("history", f"{history.prior_contacts} earlier contact(s)", round(weight, 3))
        )
    if history.reopened > 0:
        cues.append(
            Cue("history", f"reopened {history.reopened}x", 0.25 if not for_urgency else 0.15)
        )
    if history.hours_waiting >= 24:
        weight = 0.3 if history.hours_waiting >= 72 else 0.15
        cues.append(Cue("history", f"waiting {history.hours_waiting:.0f} h", weight))
    return cues


def _combine(cues: list[Cue], calm: list[Cue]) -> Score:
    remaining = 1.0
    for cue in cues:
        remaining *= 1.0 - cue.weight
    value = 1.0 - remaining
    for cue in calm:
        value *= 1.0 - cue.weight
    ordered = tuple(sorted(cues, key=lambda c: -c.weight)) + tuple(calm)
    return Score(round(value, 4), ordered)


def frustration(text: str, lang: str | None = None, history: History | None = None) -> Score:
    """How upset the guest sounds (0..1) and why. `lang` None applies every lexicon."""
    body = normalize(text)
    langs = list(_languages(lang))
    cues = _match(body, _FRUSTRATION, langs) + _surface(body) + _history(history, for_urgency=False)
    return _combine(cues, [])


def urgency(text: str, lang: str | None = None, history: History | None = None) -> Score:
    """How urgent the need is (0..1) and why; "no rush" and the like lower it."""
    body = normalize(text)
    langs = list(_languages(lang))
    cues = _match(body, _URGENCY, langs) + _history(history, for_urgency=True)
    if any(c.kind == "exclamation" for c in _surface(body)):
        cues.append(Cue("exclamation", "!!", 0.15))
    return _combine(cues, _match(body, _CALM, langs))


def assess(text: str, lang: str | None = None, history: History | None = None) -> Feelings:
    """Frustration and urgency of one message."""
    return Feelings(frustration(text, lang, history), urgency(text, lang, history))
