"""How the demo desk is set up: teams, queues, business hours, SLA targets and macros."""

# Prose in Japanese (and Swedish) uses its own punctuation on purpose: full-width brackets,
# colons and marks, en dashes.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

# The marker the loader looks for: when this team exists the demo is already loaded.
MARKER_TEAM_SLUG = "it-service-desk"


@dataclass(frozen=True)
class TeamSpec:
    slug: str
    name: str
    description: str


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        "it-service-desk",
        "IT Service Desk",
        "Helps Hanabi colleagues in every office with their laptops, accounts and the network.",
    ),
    TeamSpec(
        "customer-service",
        "Customer Service",
        "Looks after the customers of Hanabi Travel & Goods: orders, journeys and payments.",
    ),
)


@dataclass(frozen=True)
class QueueSpec:
    slug: str
    name: str
    team: str
    description: str
    is_default: bool = False
    # Triage sends tickets to every queue but the front desk, and each team's queues hand
    # new tickets to an agent who speaks the guest's language (tickets.routing).
    accepts_routing: bool = True
    auto_assign: bool = True


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec(
        "front-desk",
        "Front desk",
        "customer-service",
        "Where a request lands when we cannot yet tell where it belongs. It is moved on to the "
        "right queue; the guest never has to write again.",
        is_default=True,
        accepts_routing=False,
        auto_assign=False,
    ),
    QueueSpec(
        "hardware",
        "Hardware & peripherals",
        "it-service-desk",
        "Laptops, screens, docking stations, headsets, printers and other devices that are broken, "
        "slow or missing; new laptops and moving to them.",
    ),
    QueueSpec(
        "accounts-access",
        "Accounts & access",
        "it-service-desk",
        "Signing in, locked accounts, passwords, two-factor authentication on a new phone, and "
        "access to shared folders or applications.",
    ),
    QueueSpec(
        "network-vpn",
        "Network & VPN",
        "it-service-desk",
        "Working from home over the VPN, certificates, Wi-Fi in the offices and connections that "
        "drop.",
    ),
    QueueSpec(
        "orders",
        "Orders & delivery",
        "customer-service",
        "Webshop orders: delivery times, tracking, damaged or wrong items, changing a delivery "
        "address.",
    ),
    QueueSpec(
        "travel",
        "Travel tickets & bookings",
        "customer-service",
        "Train bookings and changes of date or time, Japan Rail Pass exchange and seat "
        "reservations, SIM cards and pocket Wi-Fi for the trip.",
    ),
    QueueSpec(
        "billing",
        "Billing & refunds",
        "customer-service",
        "Payments, invoices made out to a company, refunds and double charges.",
    ),
)


@dataclass(frozen=True)
class CategorySpec:
    slug: str  # the demo's topic key (demo.generic.TOPICS), so history gets its category
    name: str
    queue: str
    skill: str  # skill slug an agent needs (demo.people.AGENTS)
    description: str


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "headset",
        "Headsets & audio",
        "hardware",
        "hardware",
        "Headsets that crackle, drop out or are not recognised; sound in calls.",
    ),
    CategorySpec(
        "laptop_slow",
        "Slow or faulty laptop",
        "hardware",
        "laptops",
        "A laptop that is slow, hot, loud or does not start; repairs under warranty.",
    ),
    CategorySpec(
        "dock_monitor",
        "Screens & docking stations",
        "hardware",
        "hardware",
        "External screens that flicker or stay black, docking stations, cables.",
    ),
    CategorySpec(
        "printer",
        "Printers",
        "hardware",
        "printers",
        "Printers that jam, do not print or cannot be found.",
    ),
    CategorySpec(
        "new_laptop",
        "New laptop",
        "hardware",
        "laptops",
        "A new or replacement laptop and moving files and settings to it.",
    ),
    CategorySpec(
        "password",
        "Sign-in & passwords",
        "accounts-access",
        "accounts",
        "Locked accounts, forgotten passwords, two-factor authentication on a new phone.",
    ),
    CategorySpec(
        "folder_access",
        "Access to folders & apps",
        "accounts-access",
        "accounts",
        "Access to a shared folder, a team site or an application.",
    ),
    CategorySpec(
        "vpn",
        "VPN",
        "network-vpn",
        "vpn",
        "Working from home over the VPN: it does not connect, drops, or the certificate expired.",
    ),
    CategorySpec(
        "wifi", "Wi-Fi", "network-vpn", "network", "Wi-Fi in the offices that is slow or drops."
    ),
    CategorySpec(
        "late_delivery",
        "Late delivery",
        "orders",
        "orders",
        "A webshop order that has not arrived, tracking, delivery address.",
    ),
    CategorySpec(
        "damaged",
        "Damaged or wrong item",
        "orders",
        "orders",
        "A webshop order that arrived broken, or with the wrong item in it.",
    ),
    CategorySpec(
        "booking_change",
        "Booking changes",
        "travel",
        "travel",
        "Changing the date or time of a train booking, seat reservations.",
    ),
    CategorySpec(
        "sim_card",
        "SIM cards & pocket Wi-Fi",
        "travel",
        "travel",
        "A Japanese SIM card or pocket Wi-Fi for the trip.",
    ),
    CategorySpec(
        "rail_pass",
        "Japan Rail Pass",
        "travel",
        "japan-rail",
        "Exchanging the Japan Rail Pass voucher and reserving seats with it.",
    ),
    CategorySpec(
        "refund",
        "Refunds",
        "billing",
        "refunds",
        "Money back for a cancelled order or journey, double charges.",
    ),
    CategorySpec(
        "invoice",
        "Invoices",
        "billing",
        "billing",
        "Invoices made out to a company, VAT, payment questions.",
    ),
)

CALENDAR_NAME = "Amsterdam office hours"
CALENDAR_TIME_ZONE = "Europe/Amsterdam"
CALENDAR_COUNTRY = "NL"
CALENDAR_HOURS: tuple[tuple[int, time, time], ...] = tuple(
    (day, time(8, 30), time(17, 30)) for day in range(5)
)
# Closed on top of the public holidays of CALENDAR_COUNTRY: month, day, name.
COMPANY_CLOSED_DAYS: tuple[tuple[int, int, str], ...] = ((12, 31, "New Year's Eve: desk closed"),)


@dataclass(frozen=True)
class SlaSpec:
    name: str
    priority: str
    first_response_minutes: int
    resolution_minutes: int
    queue: str | None = None  # queue slug; None: every queue


SLA_POLICIES: tuple[SlaSpec, ...] = (
    SlaSpec("Urgent: answer in 30 min, solve in 4 h", "urgent", 30, 240),
    SlaSpec("High: answer in 1 h, solve in 1 day", "high", 60, 540),
    SlaSpec("Normal: answer in 4 h, solve in 3 days", "normal", 240, 1620),
    SlaSpec("Low: answer in 1 day, solve in 5 days", "low", 540, 2700),
    # Travellers often write shortly before they leave.
    SlaSpec("Travel, normal: answer in 2 h, solve in 2 days", "normal", 120, 1080, queue="travel"),
)


@dataclass(frozen=True)
class MacroSpec:
    name: str
    translations: dict[str, str]
    queue: str | None = None
    set_status: str = ""
    add_tags: str = ""


MACROS: tuple[MacroSpec, ...] = (
    MacroSpec(
        "We're on it",
        {
            "en": "Hi {guest.preferred_name},\n\nThank you for your message. I'm looking into "
            "ticket #{ticket.number} now and will get back to you today.\n\nKind "
            "regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nDank je voor je bericht. Ik kijk nu naar melding "
            "#{ticket.number} en laat vandaag nog van me horen.\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nMerci pour votre message. Je m'occupe dès "
            "maintenant de la demande #{ticket.number} et je reviens vers vous "
            "aujourd'hui.\n\nBien cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nTack för ditt meddelande. Jag tittar på ärende "
            "#{ticket.number} nu och återkommer i dag.\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nvielen Dank für Ihre Nachricht. Ich kümmere "
            "mich jetzt um Ticket #{ticket.number} und melde mich heute noch.\n\nViele "
            "Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\nお問い合わせいただきありがとうございます。チケット番"
            "号{ticket.number}について、ただいま確認しております。本日中にご連絡いたします。\n\nよ"
            "ろしくお願いいたします。\n{agent.name}",
        },
    ),
    MacroSpec(
        "Ask for details",
        {
            "en": "Hi {guest.preferred_name},\n\nThanks for getting in touch. To help you quickly, "
            "could you tell me a little more: what exactly happens, since when, and what you have "
            "already tried?\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nDank je voor je bericht. Om je snel te helpen "
            "wil ik graag iets meer weten: wat gebeurt er precies, sinds wanneer, en wat heb je al "
            "geprobeerd?\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nMerci de nous avoir contactés. Pour vous "
            "aider rapidement, pourriez-vous m'en dire un peu plus : que se passe-t-il exactement, "
            "depuis quand, et qu'avez-vous déjà essayé ?\n\nBien cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nTack för att du hörde av dig. För att kunna "
            "hjälpa dig snabbt vill jag veta lite mer: vad händer exakt, sedan när, och vad har du "
            "redan provat?\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\ndanke für Ihre Nachricht. Damit ich schnell "
            "helfen kann: Was passiert genau, seit wann, und was haben Sie schon "
            "ausprobiert?\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\nご連絡いただきありがとうございます。迅速に対応するた"
            "め、具体的にどのような状況か、いつ頃からか、すでにお試しいただいたことを教えていただけ"
            "ますでしょうか。\n\nよろしくお願いいたします。\n{agent.name}",
        },
        set_status="pending",
    ),
    MacroSpec(
        "Solved: anything else?",
        {
            "en": "Hi {guest.preferred_name},\n\nI'm glad this is sorted. I'll mark ticket "
            "#{ticket.number} as solved; if anything else comes up, simply reply to this "
            "message.\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nFijn dat het opgelost is. Ik zet melding "
            "#{ticket.number} op opgelost; is er nog iets, reageer dan gewoon op dit "
            "bericht.\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nRavi que ce soit réglé. Je marque la demande "
            "#{ticket.number} comme résolue ; pour toute autre question, il suffit de répondre à "
            "ce message.\n\nBien cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nVad bra att det är löst. Jag markerar ärende "
            "#{ticket.number} som löst; dyker något mer upp är det bara att svara på det här "
            "meddelandet.\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nschön, dass es gelöst ist. Ich setze Ticket "
            "#{ticket.number} auf gelöst; falls noch etwas ist, antworten Sie einfach auf diese "
            "Nachricht.\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\n解決したとのこと、安心いたしました。チケット番号"
            "{ticket.number}は解決済みといたします。ほかにご不明な点がございましたら、このメッセー"
            "ジにご返信ください。\n\nよろしくお願いいたします。\n{agent.name}",
        },
        set_status="solved",
    ),
    MacroSpec(
        "Known problem: Aurora H5 after the update",
        {
            "en": "Hi {guest.preferred_name},\n\nYou're not the only one: since the latest update "
            "several colleagues report the same with their Aurora H5 headset, so it's certainly "
            "nothing you did. We're fixing the cause for everyone. Until then, plug the headset "
            "into the USB-C port on the left side of your laptop.\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nJe bent niet de enige: sinds de laatste update "
            "melden meer collega's hetzelfde met hun Aurora H5-headset, dus het ligt echt niet aan "
            "jou. We pakken de oorzaak voor iedereen aan. Gebruik tot die tijd de USB-C-poort aan "
            "de linkerkant van je laptop.\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nVous n'êtes pas le seul : depuis la dernière "
            "mise à jour, plusieurs collègues signalent la même chose avec leur casque Aurora H5, "
            "ce n'est donc pas de votre fait. Nous corrigeons la cause pour tout le monde. En "
            "attendant, branchez le casque sur le port USB-C à gauche de votre portable.\n\nBien "
            "cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nDu är inte ensam: sedan senaste uppdateringen "
            "rapporterar flera kollegor samma sak med sina Aurora H5-headset, så det är inget du "
            "har gjort. Vi åtgärdar orsaken för alla. Till dess kan du använda USB-C-porten på "
            "datorns vänstra sida.\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nSie sind nicht der Einzige: Seit dem letzten "
            "Update melden mehrere Kollegen dasselbe mit ihrem Aurora-H5-Headset, es liegt also "
            "nicht an Ihnen. Wir beheben die Ursache für alle. Bis dahin nutzen Sie bitte den "
            "USB-C-Anschluss links am Laptop.\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\n最新のアップデート以降、Aurora H5ヘッドセットで同じ"
            "症状のご報告を複数いただいており、お客様の操作が原因ではございません。現在、全員分の原"
            "因解消に取り組んでおります。それまでは、ノートパソコン左側のUSB-Cポートに接続してご利"
            "用ください。\n\nよろしくお願いいたします。\n{agent.name}",
        },
        queue="hardware",
        add_tags="headset,aurora-h5",
    ),
    MacroSpec(
        "Sign-in methods reset",
        {
            "en": "Hi {guest.preferred_name},\n\nYour account is unlocked and your sign-in methods "
            "are reset. Next time you sign in, you'll be asked to set up the authenticator app "
            "again; it takes two minutes.\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nJe account is gedeblokkeerd en je inlogmethodes "
            "zijn gereset. Bij de volgende keer inloggen stel je de authenticator-app opnieuw in; "
            "dat duurt twee minuten.\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nVotre compte est débloqué et vos méthodes de "
            "connexion sont réinitialisées. À la prochaine connexion, vous configurerez à nouveau "
            "l'application d'authentification ; cela prend deux minutes.\n\nBien "
            "cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nDitt konto är upplåst och dina "
            "inloggningsmetoder är återställda. Nästa gång du loggar in ställer du in "
            "autentiseringsappen igen; det tar två minuter.\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nIhr Konto ist entsperrt und Ihre "
            "Anmeldemethoden sind zurückgesetzt. Bei der nächsten Anmeldung richten Sie die "
            "Authenticator-App neu ein; das dauert zwei Minuten.\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\nアカウントのロックを解除し、サインイン方法をリセット"
            "しました。次回サインイン時に認証アプリを再設定してください。2分ほどで完了します。"
            "\n\nよろしくお願いいたします。\n{agent.name}",
        },
        queue="accounts-access",
        set_status="solved",
    ),
    MacroSpec(
        "Booking changed: nothing left for you to do",
        {
            "en": "Hi {guest.preferred_name},\n\nYour new tickets are in your account and the old "
            "ones are cancelled. We'll finish the paperwork on our side; there's nothing more you "
            "need to do. Have a wonderful trip!\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nJe nieuwe tickets staan in je account en de oude "
            "zijn geannuleerd. De administratie handelen wij af; jij hoeft niets meer te doen. "
            "Goede reis!\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nVos nouveaux billets sont dans votre compte "
            "et les anciens sont annulés. Nous terminons les formalités de notre côté ; vous "
            "n'avez plus rien à faire. Excellent voyage !\n\nBien cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nDina nya biljetter finns i ditt konto och de "
            "gamla är makulerade. Pappersarbetet sköter vi; du behöver inte göra något mer. "
            "Trevlig resa!\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nIhre neuen Tickets sind in Ihrem Konto, die "
            "alten sind storniert. Den Papierkram erledigen wir; Sie müssen nichts mehr tun. Gute "
            "Reise!\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\n新しい乗車券はアカウントに入っており、以前の乗車券は"
            "取り消し済みです。残りの事務手続きはこちらで行いますので、お客様の側で必要なことはござ"
            "いません。どうぞ良いご旅行を。\n\nよろしくお願いいたします。\n{agent.name}",
        },
        queue="travel",
    ),
    MacroSpec(
        "Delivery delayed: our apologies",
        {
            "en": "Hi {guest.preferred_name},\n\nI'm sorry your order is late. I've asked the "
            "carrier to deliver again and upgraded it to express at our cost; you'll receive a new "
            "tracking link by mail.\n\nKind regards,\n{agent.name}",
            "nl": "Hoi {guest.preferred_name},\n\nSorry dat je bestelling later is. Ik heb de "
            "vervoerder gevraagd opnieuw te bezorgen en de zending op onze kosten naar express "
            "omgezet; je krijgt een nieuwe track-and-trace-link per mail.\n\nGroet,\n{agent.name}",
            "fr": "Bonjour {guest.preferred_name},\n\nJe suis désolé que votre commande soit en "
            "retard. J'ai demandé au transporteur de repasser et passé l'envoi en express à nos "
            "frais ; vous recevrez un nouveau lien de suivi par e-mail.\n\nBien "
            "cordialement,\n{agent.name}",
            "sv": "Hej {guest.preferred_name},\n\nFörlåt att din order är försenad. Jag har bett "
            "budfirman leverera igen och uppgraderat till express på vår bekostnad; du får en ny "
            "spårningslänk via mejl.\n\nVänliga hälsningar,\n{agent.name}",
            "de": "Hallo {guest.preferred_name},\n\nes tut mir leid, dass Ihre Bestellung sich "
            "verspätet. Ich habe den Paketdienst um eine erneute Zustellung gebeten und auf unsere "
            "Kosten auf Express umgestellt; Sie erhalten einen neuen Tracking-Link per "
            "Mail.\n\nViele Grüße\n{agent.name}",
            "ja": "{guest.preferred_name}様\n\nご注文の商品のお届けが遅れており、申し訳ございません"
            "。配送業者に再配達を依頼し、弊社負担で速達に切り替えました。新しい追跡リンクをメールで"
            "お送りします。\n\nよろしくお願いいたします。\n{agent.name}",
        },
        queue="orders",
    ),
)
