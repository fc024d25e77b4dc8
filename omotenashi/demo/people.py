"""Who is in the demo: the desk's agents, the organisations and the forty guests.

Hanabi Group is the company behind the demo: its IT service desk helps colleagues in the
offices (Amsterdam, London, Paris, Stockholm, Munich, Zurich, Tokyo, New York, Montréal),
and its customer-service desk looks after the customers of Hanabi Travel & Goods (journeys
to Japan, Japanese tea ware from the webshop). Every address uses a reserved example domain
(RFC 2606), so nothing the demo holds can reach a real mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class AgentSpec:
    username: str
    display_name: str
    email: str
    role: str  # accounts.models.Role value
    teams: tuple[str, ...]  # team slugs
    languages: dict[str, str]  # code -> LanguageLevel value
    time_zone: str
    skills: tuple[str, ...]
    hours: tuple[tuple[int, time, time], ...]
    signature: str = ""
    # The name the agent signs with in a language that writes names differently.
    local_names: dict[str, str] = field(default_factory=dict)


def _weekly(days: tuple[int, ...], start: time, end: time) -> tuple[tuple[int, time, time], ...]:
    return tuple((day, start, end) for day in days)


AGENTS: tuple[AgentSpec, ...] = (
    AgentSpec(
        username="sanne",
        display_name="Sanne de Vries",
        email="sanne.devries@hanabi.example",
        role="lead",
        teams=("it-service-desk", "customer-service"),
        languages={"nl": "native", "en": "fluent", "de": "fluent", "fr": "basic"},
        time_zone="Europe/Amsterdam",
        skills=("problem-management", "accounts", "orders"),
        hours=_weekly(WEEKDAYS, time(8, 30), time(17, 30)),
        signature="Sanne de Vries · Team lead service desk · Hanabi Group",
    ),
    AgentSpec(
        username="kenji",
        display_name="Kenji Watanabe",
        email="kenji.watanabe@hanabi.example",
        role="agent",
        teams=("it-service-desk", "customer-service"),
        languages={"ja": "native", "en": "fluent", "nl": "basic"},
        time_zone="Europe/Amsterdam",
        skills=("travel", "japan-rail", "hardware"),
        # An early shift, so guests in Tokyo get an answer in their own afternoon.
        hours=_weekly(WEEKDAYS, time(7, 0), time(15, 30)),
        signature="Kenji Watanabe (渡辺 健二) · Hanabi service desk",
        local_names={"ja": "渡辺 健二"},
    ),
    AgentSpec(
        username="astrid",
        display_name="Astrid Lindqvist",
        email="astrid.lindqvist@hanabi.example",
        role="agent",
        teams=("it-service-desk", "customer-service"),
        languages={"sv": "native", "en": "fluent", "de": "working", "nl": "basic"},
        time_zone="Europe/Stockholm",
        skills=("network", "vpn", "travel"),
        hours=(*_weekly((0, 1, 2, 3), time(8, 0), time(17, 0)), (4, time(8, 0), time(14, 0))),
        signature="Astrid Lindqvist · Hanabi service desk",
    ),
    AgentSpec(
        username="camille",
        display_name="Camille Laurent",
        email="camille.laurent@hanabi.example",
        role="agent",
        teams=("customer-service",),
        languages={"fr": "native", "en": "fluent", "nl": "working"},
        time_zone="Europe/Paris",
        skills=("orders", "billing", "refunds"),
        hours=(*_weekly((0, 1, 3, 4), time(9, 0), time(17, 30)), (2, time(9, 0), time(12, 30))),
        signature="Camille Laurent · Service clients Hanabi",
    ),
    AgentSpec(
        username="lena",
        display_name="Lena Becker",
        email="lena.becker@hanabi.example",
        role="agent",
        teams=("it-service-desk",),
        languages={"de": "native", "en": "fluent", "nl": "fluent", "fr": "working"},
        time_zone="Europe/Amsterdam",
        skills=("hardware", "laptops", "printers"),
        hours=_weekly(WEEKDAYS, time(8, 0), time(16, 30)),
        signature="Lena Becker · IT workplace support",
    ),
    AgentSpec(
        username="admin",
        display_name="Pieter Jansen",
        email="pieter.jansen@hanabi.example",
        role="admin",
        teams=("it-service-desk", "customer-service"),
        languages={"nl": "native", "en": "fluent"},
        time_zone="Europe/Amsterdam",
        skills=("accounts",),
        hours=_weekly(WEEKDAYS, time(9, 0), time(17, 0)),
        signature="Pieter Jansen · Desk administrator",
    ),
)


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    domain: str
    notes: str = ""


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        "hanabi",
        "Hanabi Group",
        "hanabi.example",
        "Our own company: the IT service desk serves its employees in every office.",
    ),
    OrganisationSpec(
        "whitfield",
        "Whitfield & Rowe Ltd",
        "whitfieldrowe.example",
        "London events agency; books group trips to Japan twice a year.",
    ),
    OrganisationSpec(
        "noordlicht",
        "Studio Noordlicht",
        "noordlicht.example",
        "Design studio in Utrecht; orders tea ware as client gifts.",
    ),
    OrganisationSpec(
        "girard",
        "Maison Girard",
        "maisongirard.example",
        "Épicerie fine in Lyon; resells our teas. Invoices to the company, VAT FR.",
    ),
    OrganisationSpec(
        "nordvik",
        "Nordvik Resor AB",
        "nordvik.example",
        "Swedish travel agency; books rail passes for its customers.",
    ),
    OrganisationSpec(
        "brandt",
        "Brandt Reisen GmbH",
        "brandt-reisen.example",
        "Travel agency in Hamburg; partner since 2019.",
    ),
    OrganisationSpec(
        "kobayashi",
        "小林商事株式会社 (Kobayashi Trading)",
        "kobayashi-trading.example",
        "Osaka importer of European homeware.",
    ),
)


@dataclass(frozen=True)
class Window:
    days: tuple[int, ...]
    start: time
    end: time
    kind: str = "available"  # customers.models.AvailabilityKind value
    label: str = ""


@dataclass(frozen=True)
class EntitlementSpec:
    product: str
    plan: str = ""
    serial: str = ""
    warranty_days: int | None = None  # warranty end relative to the day the demo is loaded
    notes: str = ""


@dataclass(frozen=True)
class GuestSpec:
    key: str
    name: str
    preferred_name: str
    emails: tuple[str, ...]
    language: str
    time_zone: str
    role: str  # "employee" (IT desk) or "customer" (customer-service desk)
    org: str | None = None
    interests: str = ""
    notes: str = ""
    availability: tuple[Window, ...] = ()
    entitlements: tuple[EntitlementSpec, ...] = ()
    weight: float = 1.0  # how often this guest writes, relative to the others


def office(
    start: time = time(9, 0),
    end: time = time(17, 30),
    *,
    lunch: tuple[time, time] | None = (time(12, 0), time(13, 0)),
    days: tuple[int, ...] = WEEKDAYS,
) -> tuple[Window, ...]:
    windows = [Window(days, start, end, "available", "working hours")]
    if lunch:
        windows.append(Window(days, lunch[0], lunch[1], "away", "lunch"))
    return tuple(windows)


def _laptop(
    model: str, serial: str, days: int, plan: str = "Standard workplace"
) -> EntitlementSpec:
    return EntitlementSpec(f"{model} laptop", plan, serial, days)


def _headset(serial: str, days: int) -> EntitlementSpec:
    return EntitlementSpec("Aurora H5 headset", "", serial, days)


GUESTS: tuple[GuestSpec, ...] = (
    # --- Hanabi employees (IT service desk) --------------------------------------------
    GuestSpec(
        "olivia",
        "Olivia Bennett",
        "Liv",
        ("olivia.bennett@hanabi.example",),
        "en",
        "Europe/London",
        "employee",
        "hanabi",
        interests="Trail running; chairs the Thursday board meeting.",
        notes="Prefers a phone call for anything urgent.",
        availability=office(time(8, 30), time(17, 0)),
        entitlements=(_laptop("Kestrel 14", "KS14-20417", 420), _headset("AH5-88120", 300)),
    ),
    GuestSpec(
        "marcus",
        "Marcus Reed",
        "Marcus",
        ("marcus.reed@hanabi.example",),
        "en",
        "America/New_York",
        "employee",
        "hanabi",
        interests="Jazz piano; Yankees fan.",
        notes="Works New York hours: answer before 15:00 Amsterdam time to reach him the same day.",
        availability=office(time(9, 0), time(17, 30), lunch=(time(12, 30), time(13, 15))),
        entitlements=(_laptop("Kestrel 16", "KS16-31188", 95, "Developer workplace"),),
    ),
    GuestSpec(
        "priya",
        "Priya Nair",
        "Priya",
        ("priya.nair@hanabi.example", "priya.n@example.com"),
        "en",
        "Europe/Amsterdam",
        "employee",
        "hanabi",
        interests="Learning Dutch; board games.",
        availability=office(),
        entitlements=(_laptop("Pelican Air 13", "PA13-11902", 610), _headset("AH5-88533", 300)),
        weight=1.3,
    ),
    GuestSpec(
        "tom",
        "Tom O'Sullivan",
        "Tom",
        ("tom.osullivan@hanabi.example",),
        "en",
        "Europe/Dublin",
        "employee",
        "hanabi",
        interests="Sea swimming; brews his own beer.",
        availability=office(),
        entitlements=(_laptop("Kestrel 14", "KS14-20988", -30),),
    ),
    GuestSpec(
        "joost",
        "Joost van Dijk",
        "Joost",
        ("joost.vandijk@hanabi.example", "joost@example.net"),
        "nl",
        "Europe/Amsterdam",
        "employee",
        "hanabi",
        interests="Wielrennen; Ajax-supporter.",
        notes="Lunches 12:00-13:00 every day; his laptop stays on desk 4.17 while he is out, so "
        "hands-on work fits in then.",
        availability=office(time(8, 30), time(17, 30)),
        entitlements=(_laptop("Kestrel 14", "KS14-19876", 380), _headset("AH5-87411", 300)),
        weight=1.2,
    ),
    GuestSpec(
        "marloes",
        "Marloes de Graaf",
        "Marloes",
        ("marloes.degraaf@hanabi.example",),
        "nl",
        "Europe/Amsterdam",
        "employee",
        "hanabi",
        interests="Controller; loves Japanese ceramics.",
        availability=office(),
        entitlements=(_laptop("Pelican Air 13", "PA13-10455", 200),),
    ),
    GuestSpec(
        "bram",
        "Bram Visser",
        "Bram",
        ("bram.visser@hanabi.example",),
        "nl",
        "Europe/Amsterdam",
        "employee",
        "hanabi",
        interests="Warehouse planner; plays korfball.",
        availability=office(time(7, 30), time(16, 0), lunch=(time(11, 30), time(12, 0))),
        entitlements=(_laptop("Kestrel 14", "KS14-21502", 510), _headset("AH5-88702", 300)),
    ),
    GuestSpec(
        "annelies",
        "Annelies Bos",
        "Anne",
        ("annelies.bos@hanabi.example", "anne.bos@example.org"),
        "nl",
        "Europe/Amsterdam",
        "employee",
        "hanabi",
        interests="HR; sings in a choir.",
        notes="Works Monday to Thursday.",
        availability=office(days=(0, 1, 2, 3)),
        entitlements=(_laptop("Pelican Air 13", "PA13-12210", 700),),
    ),
    GuestSpec(
        "daan",
        "Daan Smit",
        "Daan",
        ("daan.smit@hanabi.example",),
        "nl",
        "Europe/Brussels",
        "employee",
        "hanabi",
        interests="Runs the Antwerp warehouse; Anderlecht fan.",
        availability=office(time(8, 0), time(16, 30)),
        entitlements=(_laptop("Kestrel 16", "KS16-30077", 150), _headset("AH5-87999", 300)),
    ),
    GuestSpec(
        "julien",
        "Julien Moreau",
        "Julien",
        ("julien.moreau@hanabi.example",),
        "fr",
        "Europe/Paris",
        "employee",
        "hanabi",
        interests="Amateur photographer; cycles to work.",
        availability=office(time(9, 0), time(18, 0), lunch=(time(12, 30), time(13, 30))),
        entitlements=(_laptop("Kestrel 14", "KS14-22019", 330), _headset("AH5-88311", 300)),
    ),
    GuestSpec(
        "sophie",
        "Sophie Lefèvre",
        "Sophie",
        ("sophie.lefevre@hanabi.example",),
        "fr",
        "Europe/Paris",
        "employee",
        "hanabi",
        interests="Marketing; collects vinyl.",
        availability=office(time(9, 30), time(18, 0), lunch=(time(12, 30), time(13, 30))),
        entitlements=(_laptop("Pelican Air 13", "PA13-13300", 45),),
    ),
    GuestSpec(
        "nathalie",
        "Nathalie Dubois",
        "Nathalie",
        ("nathalie.dubois@hanabi.example",),
        "fr",
        "America/Toronto",
        "employee",
        "hanabi",
        interests="Runs the Montréal office; cross-country skiing.",
        notes="Montréal: six hours behind Amsterdam.",
        availability=office(time(8, 30), time(17, 0)),
        entitlements=(_laptop("Kestrel 14", "KS14-23001", 260),),
    ),
    GuestSpec(
        "erik",
        "Erik Andersson",
        "Erik",
        ("erik.andersson@hanabi.example",),
        "sv",
        "Europe/Stockholm",
        "employee",
        "hanabi",
        interests="Sales Nordics; sails in the archipelago.",
        availability=office(time(8, 0), time(16, 30), lunch=(time(11, 30), time(12, 15))),
        entitlements=(_laptop("Kestrel 14", "KS14-24420", 480), _headset("AH5-88400", 300)),
    ),
    GuestSpec(
        "karin",
        "Karin Nilsson",
        "Karin",
        ("karin.nilsson@hanabi.example", "karin.n@example.net"),
        "sv",
        "Europe/Stockholm",
        "employee",
        "hanabi",
        interests="Finance; bakes cinnamon buns for the team.",
        availability=office(time(8, 0), time(16, 30), lunch=(time(11, 30), time(12, 15))),
        entitlements=(_laptop("Pelican Air 13", "PA13-14002", 12),),
    ),
    GuestSpec(
        "linnea",
        "Linnea Berg",
        "Linnea",
        ("linnea.berg@hanabi.example",),
        "sv",
        "Europe/Stockholm",
        "employee",
        "hanabi",
        interests="Product designer; fika at 15:00 sharp.",
        availability=(
            *office(time(8, 30), time(17, 0)),
            Window(WEEKDAYS, time(15, 0), time(15, 20), "away", "fika"),
        ),
        entitlements=(
            _laptop("Kestrel 16", "KS16-32110", 540, "Developer workplace"),
            _headset("AH5-88955", 300),
        ),
    ),
    GuestSpec(
        "matthias",
        "Matthias Schneider",
        "Matthias",
        ("matthias.schneider@hanabi.example",),
        "de",
        "Europe/Berlin",
        "employee",
        "hanabi",
        interests="Munich office; mountain hiking.",
        availability=office(time(8, 0), time(17, 0)),
        entitlements=(_laptop("Kestrel 14", "KS14-25544", 300), _headset("AH5-87650", 300)),
        weight=1.2,
    ),
    GuestSpec(
        "katrin",
        "Katrin Hoffmann",
        "Katrin",
        ("katrin.hoffmann@hanabi.example",),
        "de",
        "Europe/Berlin",
        "employee",
        "hanabi",
        interests="Purchasing; restores old bicycles.",
        availability=office(time(8, 30), time(17, 0)),
        entitlements=(_laptop("Pelican Air 13", "PA13-15010", 160),),
    ),
    GuestSpec(
        "felix",
        "Felix Wagner",
        "Felix",
        ("felix.wagner@hanabi.example",),
        "de",
        "Europe/Zurich",
        "employee",
        "hanabi",
        interests="Zurich office; chess club.",
        availability=office(time(8, 0), time(17, 0)),
        entitlements=(_laptop("Kestrel 16", "KS16-33090", -10, "Developer workplace"),),
    ),
    GuestSpec(
        "anna",
        "Anna Fischer",
        "Anna",
        ("anna.fischer@hanabi.example",),
        "de",
        "Europe/Vienna",
        "employee",
        "hanabi",
        interests="Vienna sales; opera season ticket.",
        availability=office(),
        entitlements=(_laptop("Kestrel 14", "KS14-26003", 640), _headset("AH5-88021", 300)),
    ),
    GuestSpec(
        "sato",
        "佐藤 健",
        "佐藤",
        ("takeshi.sato@hanabi.example",),
        "ja",
        "Asia/Tokyo",
        "employee",
        "hanabi",
        interests="Tokyo office; plays shogi; runs the Tokyo marathon.",
        availability=office(time(9, 0), time(18, 0)),
        entitlements=(_laptop("Kestrel 14", "KS14-27111", 350), _headset("AH5-89001", 300)),
    ),
    GuestSpec(
        "suzuki",
        "鈴木 美咲",
        "鈴木",
        ("misaki.suzuki@hanabi.example",),
        "ja",
        "Asia/Tokyo",
        "employee",
        "hanabi",
        interests="Buyer for the tea range; studies ikebana.",
        availability=office(time(9, 30), time(18, 30)),
        entitlements=(_laptop("Pelican Air 13", "PA13-16020", 90),),
    ),
    GuestSpec(
        "takahashi",
        "高橋 大輔",
        "高橋",
        ("daisuke.takahashi@hanabi.example",),
        "ja",
        "Asia/Tokyo",
        "employee",
        "hanabi",
        interests="Logistics Japan; baseball (Yakult Swallows).",
        availability=office(time(9, 0), time(18, 0)),
        entitlements=(_laptop("Kestrel 16", "KS16-34002", 420), _headset("AH5-89044", 300)),
    ),
    # --- customers of Hanabi Travel & Goods (customer-service desk) ----------------------
    GuestSpec(
        "emily",
        "Emily Carter",
        "Emily",
        ("emily.carter@example.com",),
        "en",
        "America/Chicago",
        "customer",
        interests="Tea ceremony; planning Kyoto in cherry-blossom season.",
        entitlements=(
            EntitlementSpec(
                "Hanabi Club", "Gold membership", "HC-40211", None, "Free express shipping."
            ),
        ),
    ),
    GuestSpec(
        "james",
        "James Whitfield",
        "James",
        ("james@whitfieldrowe.example",),
        "en",
        "Europe/London",
        "customer",
        "whitfield",
        interests="Organises group trips; always asks for quiet carriages.",
        notes="Invoices to Whitfield & Rowe Ltd, VAT GB.",
        availability=office(time(9, 0), time(17, 30)),
        entitlements=(EntitlementSpec("Group travel account", "Business", "GT-1021"),),
    ),
    GuestSpec(
        "grace",
        "Grace Kim",
        "Grace",
        ("grace.kim@example.org",),
        "en",
        "America/Los_Angeles",
        "customer",
        interests="Collects Arita porcelain.",
        availability=(Window(WEEKDAYS, time(18, 0), time(22, 0), "available", "after work"),),
    ),
    GuestSpec(
        "daniel",
        "Daniel Hughes",
        "Dan",
        ("daniel.hughes@example.com", "dan.hughes@example.net"),
        "en",
        "Europe/London",
        "customer",
        interests="Travels with two teenage kids; manga fans.",
        entitlements=(EntitlementSpec("Japan Rail Pass", "7 days, ordinary", "JRP-55120", None),),
    ),
    GuestSpec(
        "thijs",
        "Thijs Bakker",
        "Thijs",
        ("thijs.bakker@example.net",),
        "nl",
        "Europe/Amsterdam",
        "customer",
        interests="Japanse baden (onsen); wintersport op Hokkaido.",
        notes="Travels on a Japan Rail Pass; prefers English-speaking counters when in Japan.",
        entitlements=(
            EntitlementSpec("Japan Rail Pass", "14 days, ordinary", "JRP-56781", None),
            EntitlementSpec("Travel insurance", "Worldwide", "TI-88310", 200),
        ),
    ),
    GuestSpec(
        "eva",
        "Eva Mulder",
        "Eva",
        ("eva@noordlicht.example",),
        "nl",
        "Europe/Amsterdam",
        "customer",
        "noordlicht",
        interests="Orders tea sets as client gifts each December.",
        availability=office(time(9, 0), time(17, 0), lunch=None),
    ),
    GuestSpec(
        "ruud",
        "Ruud Hendriks",
        "Ruud",
        ("ruud.hendriks@example.com",),
        "nl",
        "Europe/Amsterdam",
        "customer",
        interests="Retired; travels to Japan every autumn.",
    ),
    GuestSpec(
        "claire",
        "Claire Martin",
        "Claire",
        ("claire.martin@maisongirard.example",),
        "fr",
        "Europe/Paris",
        "customer",
        "girard",
        interests="Buyer for the shop; loves gyokuro.",
        availability=office(time(9, 30), time(18, 0), lunch=(time(12, 30), time(14, 0))),
    ),
    GuestSpec(
        "antoine",
        "Antoine Girard",
        "Antoine",
        ("antoine@maisongirard.example", "a.girard@example.org"),
        "fr",
        "Europe/Paris",
        "customer",
        "girard",
        interests="Owner of Maison Girard; cooks Japanese.",
        notes="Prefers invoices in French with the company VAT number.",
        entitlements=(EntitlementSpec("Wholesale account", "Partner", "WA-3009"),),
    ),
    GuestSpec(
        "elodie",
        "Élodie Roux",
        "Élodie",
        ("elodie.roux@example.com",),
        "fr",
        "Europe/Brussels",
        "customer",
        interests="Honeymoon in Japan this year.",
    ),
    GuestSpec(
        "elin",
        "Elin Johansson",
        "Elin",
        ("elin.johansson@example.com",),
        "sv",
        "Europe/Stockholm",
        "customer",
        interests="Reser till Japan varje vår; samlar keramik.",
        entitlements=(EntitlementSpec("Hanabi Club", "Silver membership", "HC-41877"),),
    ),
    GuestSpec(
        "oskar",
        "Oskar Lund",
        "Oskar",
        ("oskar.lund@nordvik.example",),
        "sv",
        "Europe/Stockholm",
        "customer",
        "nordvik",
        interests="Books rail passes for Nordvik's customers.",
        availability=office(time(8, 0), time(16, 30), lunch=(time(11, 30), time(12, 15))),
    ),
    GuestSpec(
        "maja",
        "Maja Eriksson",
        "Maja",
        ("maja.eriksson@example.org",),
        "sv",
        "Europe/Stockholm",
        "customer",
        interests="Student; backpacking through Kyushu.",
    ),
    GuestSpec(
        "jonas",
        "Jonas Weber",
        "Jonas",
        ("jonas.weber@brandt-reisen.example",),
        "de",
        "Europe/Berlin",
        "customer",
        "brandt",
        interests="Plans group tours for Brandt Reisen.",
        availability=office(time(8, 30), time(17, 0)),
    ),
    GuestSpec(
        "sabine",
        "Sabine Koch",
        "Sabine",
        ("sabine.koch@example.com",),
        "de",
        "Europe/Berlin",
        "customer",
        interests="Matcha enthusiast; orders every month.",
        entitlements=(EntitlementSpec("Matcha subscription", "Monthly", "MS-2201", None),),
    ),
    GuestSpec(
        "yamada",
        "山田 花子",
        "山田",
        ("hanako.yamada@example.com",),
        "ja",
        "Asia/Tokyo",
        "customer",
        interests="茶道 (tea ceremony); Delft pottery.",
        notes="Writes only in Japanese; Kenji usually helps her.",
        availability=(Window(WEEKDAYS, time(10, 0), time(17, 0), "available", ""),),
        weight=1.4,
    ),
    GuestSpec(
        "nakamura",
        "中村 翔太",
        "中村",
        ("shota.nakamura@kobayashi-trading.example",),
        "ja",
        "Asia/Tokyo",
        "customer",
        "kobayashi",
        interests="Imports Dutch bicycles and Swedish design.",
        availability=office(time(9, 0), time(18, 0)),
    ),
    GuestSpec(
        "kobayashi",
        "小林 由美",
        "小林",
        ("yumi.kobayashi@kobayashi-trading.example", "yumi.k@example.net"),
        "ja",
        "Asia/Tokyo",
        "customer",
        "kobayashi",
        interests="Accounts at Kobayashi Trading.",
        availability=office(time(9, 0), time(17, 30)),
    ),
)
