"""The stories of the documents Omotenashi comes from (shared/seeds/), told as tickets.

- The headset wave: "one broken headset may be a generic fault that hits many more people".
  Aurora H5 headsets fail after a driver update, reported in six languages over the last
  business days; the lead sees the pattern and treats it as one problem (principle 2).
- The SIM card and the rail pass: the clerk who rents a traveller a SIM card asks where he
  goes next and points him to the rail-pass counter; his rail-pass question follows (1).
- The swapped tickets: a wrongly booked departure is swapped within minutes and the
  back-office work stays on the case without holding the guest (8).
- The guest who writes only Japanese, and the agent who answers her in Japanese (7).
- The laptop fixed while its owner is at lunch, frustration shared, "not user error" (1, 11).
"""

# Prose in Japanese (and Swedish) uses its own punctuation on purpose: full-width brackets,
# colons and marks, en dashes.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import date, datetime, timedelta
from random import Random

from omotenashi.demo.generic import (
    LANGUAGE_NAMES,
    Cast,
    Writer,
    choose_agent,
    close_when_quiet,
    make_slots,
)
from omotenashi.demo.scripts import TicketScript, Timeline
from omotenashi.lib.businesstime import is_open_at

WAVE_TAGS = ("headset", "aurora-h5", "driver-update")


def _next_desk_day(timeline: Timeline, moment: datetime, clock: str) -> datetime:
    """`clock` (desk time) on the first business day on which that time is after `moment`."""
    day: date = moment.astimezone(timeline.zone).date()
    while True:
        candidate = timeline.local(day, clock)
        if candidate > moment and is_open_at(timeline.local(day, "09:30"), timeline.calendar):
            return candidate
        day += timedelta(days=1)


def headset_wave(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    newest, middle, oldest = timeline.business_days_back(3)
    # (day, local time in the guest's zone, guest, which opening), in the order they arrive.
    reports = [
        (oldest, "10:14", "bram", 0),
        (oldest, "14:32", "erik", 1),
        (middle, "10:05", "sato", 1),
        (middle, "08:51", "priya", 2),
        (middle, "09:37", "julien", 0),
        (middle, "11:05", "matthias", 1),
        (newest, "10:30", "takahashi", 0),
        (newest, "08:40", "daan", 2),
        (newest, "09:12", "joost", 0),
        (newest, "10:03", "linnea", 1),
    ]
    lead = cast.agents["sanne"]
    scripts: list[TicketScript] = []
    languages: list[str] = []
    # The moment the lead recognises the pattern: just after Julien's report on the middle day.
    noticed = timeline.local(middle, "10:05")
    for day, clock, key, opening in reports:
        spec = cast.guest_specs[key]
        created = timeline.local(day, clock, spec.time_zone)
        pack = cast.packs[spec.language]
        agent = choose_agent(cast, rng, queue="hardware", language=spec.language)
        slots = make_slots(cast=cast, guest_key=key, topic="headset_wave", created=created, rng=rng)
        write = Writer(cast=cast, guest_key=key, agent=agent, rng=rng, slots=slots)
        text = pack.topics["headset_wave"]
        script = TicketScript(
            requester=cast.guests[key],
            at=created,
            subject=write.fill(text.subjects[opening % len(text.subjects)]),
            body=write.guest_opening(text.openings[opening]),
            channel="portal" if opening == 1 else "email",
            queue=cast.queues["hardware"],
            priority="high",
            language=spec.language,
            label=f"wave/{key}",
        )
        first = timeline.desk_after(created, rng.uniform(15, 70))
        if first < noticed:
            # Before anyone saw the pattern, each report looks like an ordinary headset fault.
            headset = pack.topics["headset"]
            at = script.reply(
                first,
                agent,
                write.agent_reply(write.pick(pack.agent_acks), headset.question),
                status="pending",
            )
            at = script.guest(
                timeline.guest_after(at, zone=spec.time_zone, minutes=(15, 90), office_only=True),
                cast.guests[key],
                write.guest_followup(headset.answer),
            )
            first = max(timeline.desk_after(noticed, rng.uniform(20, 60)), at)
            script.reply(
                first,
                agent,
                write.agent_reply(write.pick(pack.agent_acks[::2]), text.solution),
                status="on_hold",
            )
        else:
            # As the lead asked in her note: the macro, in the guest's language, tags and all.
            at = script.macro(first, agent, "Known problem: Aurora H5 after the update")
            script.tags(at, WAVE_TAGS, by=agent)
            script.status(
                at, "on_hold", by=agent, reason="Waiting for the vendor's fixed audio driver."
            )
        scripts.append(script)
        languages.append(spec.language)

    def so_far() -> tuple[str, int, str]:
        """(ticket numbers, how many, in which languages) of the reports that have arrived."""
        arrived = [
            (s, lang) for s, lang in zip(scripts, languages, strict=True) if s.ticket is not None
        ]
        names = sorted({LANGUAGE_NAMES[lang] for _, lang in arrived})
        return ", ".join(f"#{s.number}" for s, _ in arrived), len(arrived), ", ".join(names)

    update_day = cast.packs["en"].weekday(oldest - timedelta(days=1))

    def recognised() -> str:
        numbers, count, names = so_far()
        return (
            f"{count} Aurora H5 reports since {update_day}'s audio driver update ({numbers}), in "
            f"{names}. Same model, same update, different people: this is a generic fault, not "
            "user error. I'm treating them as one problem and tagging them aurora-h5. Workaround "
            "for everyone: the USB-C port on the left still uses the old driver. Please answer "
            "new reports with the macro 'Known problem: Aurora H5 after the update'."
        )

    def status_update() -> str:
        numbers, count, _ = so_far()
        return (
            f"H5 problem, end of day: {count} reports ({numbers}). The vendor confirms driver 4.3 "
            "breaks H5 headsets on firmware 2.2; a fixed driver is promised before the end of the "
            "week. Olivia Bennett and Anna Fischer have an H5 too and have not written yet: let's "
            "warn them before their next call."
        )

    julien = scripts[4]  # the report that made the lead look twice
    julien.note(noticed + timedelta(minutes=8), lead, recognised)
    for earlier in scripts:
        if earlier.created_at < noticed:
            earlier.tags(noticed + timedelta(minutes=12), WAVE_TAGS, by=lead)
    scripts[5].note(timeline.local(middle, "16:40"), lead, status_update)
    return scripts


def lunch_laptop(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    day = timeline.business_days_back(10)[-1]
    joost, lena = cast.guests["joost"], cast.agents["lena"]
    zone = "Europe/Amsterdam"
    script = TicketScript(
        requester=joost,
        at=timeline.local(day, "09:12", zone),
        subject="Headset valt weg en belsoftware loopt vast",
        body="Hoi,\n\nSinds gisteren valt mijn headset steeds weg tijdens gesprekken, en de "
        "belsoftware loopt vast zodra ik hem insteek. Ik heb al opnieuw opgestart en een andere "
        "USB-poort geprobeerd. Waarom werken sommige dingen ineens gewoon niet meer? Ik word er "
        "eerlijk gezegd een beetje gek van.\n\nGroet,\nJoost",
        channel="portal",
        queue=cast.queues["hardware"],
        priority="normal",
        language="nl",
        label="story/lunch",
    )
    script.reply(
        timeline.local(day, "09:41", zone),
        lena,
        "Hoi Joost,\n\nIk snap je frustratie helemaal: ik had vorige maand precies hetzelfde na "
        "een update, en het ligt echt niet aan jou. Ik moet de audiodrivers opnieuw installeren en "
        "de firmware van je headset bijwerken, en daarvoor heb ik je laptop ongeveer drie kwartier "
        "nodig. Ik wil je werk daar niet mee ophouden: hoe laat ga je vandaag lunchen? Dan doe ik "
        "het precies in die tijd.\n\nGroet,\nLena",
        status="pending",
    )
    script.guest(
        timeline.local(day, "09:53", zone),
        joost,
        "Wat een goed idee! Ik ga om 12:00 lunchen, tot 13:00. De laptop staat op mijn bureau "
        "(4.17); ik log uit, dan kun je er met je beheeraccount op.\n\nJoost",
        channel="portal",
    )
    script.note(
        timeline.local(day, "09:58", zone),
        lena,
        "Joost is at lunch 12:00-13:00 (it's in his profile too). Planned the driver reinstall for "
        "12:05 at desk 4.17, so he never has to do without his laptop.",
    )
    script.note(
        timeline.local(day, "12:49", zone),
        lena,
        "12:05 picked up the laptop at 4.17. Audio driver rolled back to 4.1, headset firmware "
        "updated to 2.3, test call sounds clear. 12:47 back on his desk with the charger plugged "
        "in.",
    )
    script.reply(
        timeline.local(day, "12:51", zone),
        lena,
        "Hoi Joost,\n\nJe laptop staat weer op je bureau, met de lader erin. De audiodriver is "
        "teruggezet en de firmware van je headset bijgewerkt; een testgesprek klonk helder. Je "
        "hoeft niets te doen, alleen even inloggen.\n\nEet smakelijk nog!\nLena",
        status="solved",
    )
    script.guest(
        timeline.local(day, "13:09", zone),
        joost,
        "Wow, ik heb er helemaal niets van gemerkt. Super, dank je wel!\n\nJoost",
        channel="portal",
    )
    script.status(
        timeline.local(day, "13:21", zone), "solved", by=lena, reason="Joost confirmed it works."
    )
    script.tags(
        timeline.local(day, "13:22", zone), ("headset", "hands-on", "during-lunch"), by=lena
    )
    close_when_quiet(script, rng)
    return [script]


def sim_then_rail(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    day = timeline.business_days_back(24)[-1]
    thijs, sanne = cast.guests["thijs"], cast.agents["sanne"]
    nl = cast.packs["nl"]
    zone = "Europe/Amsterdam"
    arrival = nl.date(day + timedelta(days=12))
    sim = TicketScript(
        requester=thijs,
        at=timeline.local(day, "19:42", zone),
        subject="Japanse simkaart voor mijn reis naar Sapporo",
        body=f"Hallo,\n\nOver twee weken vlieg ik via Helsinki naar Sapporo (aankomst {arrival}). "
        "Ik wil graag een Japanse simkaart huren die ik meteen na de douane kan ophalen, zodat ik "
        "niet eerst naar wifi hoef te zoeken. Kan dat via jullie? Mijn telefoon is een paar jaar "
        "oud; ik weet niet of hij eSIM heeft.\n\nGroet,\nThijs Bakker",
        channel="email",
        queue=cast.queues["travel"],
        priority="normal",
        language="nl",
        label="story/sim",
    )
    morning = _next_desk_day(timeline, sim.created_at, "09:04")
    sim.note(
        morning,
        sanne,
        "Simkaart gereserveerd bij de partnerbalie in de aankomsthal van New Chitose, ref "
        "SIM-77120, contract vooraf ingevuld. Thijs heeft een Japan Rail Pass van 14 dagen (zie "
        "profiel): hem alvast naar het JR-loket in dezelfde hal wijzen.",
    )
    at = sim.reply(
        morning + timedelta(minutes=9),
        sanne,
        "Hoi Thijs,\n\nDat kan zeker. Omdat je niet zeker weet of je telefoon eSIM heeft, heb ik "
        "een gewone simkaart voor 14 dagen met onbeperkt data voor je gereserveerd. Die ligt klaar "
        "bij onze partnerbalie in de aankomsthal van New Chitose. Ze hebben het contract al voor "
        "je ingevuld: je laat je paspoort zien, zet je adres en handtekening, en zij zetten de "
        "simkaart in je telefoon en testen of alles werkt. Je eigen simkaart krijg je in een zakje "
        "mee terug.\n\nMag ik vragen wat je volgende stap is na de landing? Als je met de trein "
        "naar de stad gaat: je hebt bij ons een Japan Rail Pass gekocht. Die kun je omwisselen bij "
        "het JR-loket in dezelfde hal, twintig meter verderop, en daar meteen een plaats "
        "reserveren in de trein naar Sapporo.\n\nGroet,\nSanne",
        status="pending",
    )
    at = sim.guest(
        at + timedelta(hours=3, minutes=21),
        thijs,
        "Wat fijn, dank je! Ik ga inderdaad met de trein naar de stad, dus dat JR-loket komt goed "
        "van pas. Daar had ik zelf nog niet aan gedacht.\n\nThijs",
    )
    sim.reply(
        timeline.desk_after(at, 14),
        sanne,
        "Hoi Thijs,\n\nGraag gedaan! Goede reis, en geniet van de onsen.\n\nGroet,\nSanne",
        status="solved",
    )
    sim.tags(timeline.desk_after(at, 15), ("sim-card", "japan-trip"), by=sanne)
    close_when_quiet(sim, rng)

    rail_day = day + timedelta(days=3)
    rail = TicketScript(
        requester=thijs,
        at=timeline.local(rail_day, "20:16", zone),
        subject="Plaats reserveren met mijn Japan Rail Pass",
        body="Hallo Sanne,\n\nNog één vraag over mijn Japan Rail Pass: kan ik vooraf een plaats "
        f"reserveren in de trein van het vliegveld naar Sapporo op {arrival}, en twee dagen later "
        "naar Hakodate? Het liefst bij het raam.\n\nGroet,\nThijs",
        channel="email",
        queue=cast.queues["travel"],
        priority="normal",
        language="nl",
        label="story/rail",
    )
    morning = _next_desk_day(timeline, rail.created_at, "09:20")
    rail.assign(
        morning, sanne, by=sanne, reason="Returning guest: I helped Thijs with his SIM card."
    )
    rail.reply(
        morning + timedelta(minutes=11),
        sanne,
        f"Hoi Thijs,\n\nGeregeld: raamplaatsen in de Rapid Airport van {arrival} naar Sapporo, en "
        "twee dagen later in de Hokuto naar Hakodate, wagon 4. De reserveringen horen bij je pas: "
        "bij het JR-loket in de aankomsthal wissel je de voucher om en printen ze ze meteen "
        "mee.\n\nGroet,\nSanne",
        status="solved",
    )
    rail.tags(morning + timedelta(minutes=12), ("rail-pass", "japan-trip"), by=sanne)
    close_when_quiet(rail, rng)
    return [sim, rail]


def swapped_tickets(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    day = timeline.business_days_back(2)[-1]
    elin, astrid = cast.guests["elin"], cast.agents["astrid"]
    zone = "Europe/Stockholm"
    booking = "JR7K2Q"
    script = TicketScript(
        requester=elin,
        at=timeline.local(day, "10:05", zone),
        subject="Fel avgång bokad – går det att byta?",
        body=f"Hej!\n\nVi bokade precis tåget från Tokyo till Kyoto i morgon (bokning {booking}), "
        "men jag sa fel tid: vi ville åka 14.03, inte 10.03. Vi upptäckte det för en kvart sedan. "
        "Går det att byta? Vi vet inte ens om det är möjligt, förlåt för "
        "besväret.\n\nHälsningar,\nElin Johansson",
        channel="email",
        queue=cast.queues["travel"],
        priority="normal",
        language="sv",
        label="story/swap",
    )
    script.reply(
        timeline.local(day, "10:09", zone),
        astrid,
        "Hej Elin,\n\nInga problem, det är redan ordnat! Jag har bytt till avgången 14.03 i "
        "morgon, samma vagn och två platser bredvid varandra. De nya biljetterna finns i appen och "
        "i ditt konto, och de gamla är makulerade. Ni behöver inte göra något mer och inte vänta "
        "på något kvitto; det skickar vi i efterhand.\n\nTrevlig resa till Kyoto!\nAstrid",
        status="on_hold",
    )
    script.note(
        timeline.local(day, "10:12", zone),
        astrid,
        "Guest's part done four minutes after she wrote; she is on her way. Back office left (no "
        f"need to hold her for it): void the old 10:03 tickets of {booking} in the till system, "
        "book the fare difference (none) and send the receipt by mail afterwards.",
    )
    script.tags(timeline.local(day, "10:13", zone), ("booking-change", "back-office"), by=astrid)
    return [script]


def japanese_guest(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    day = timeline.business_days_back(4)[-1]
    yamada, kenji = cast.guests["yamada"], cast.agents["kenji"]
    order = "HN-61507"
    script = TicketScript(
        requester=yamada,
        at=timeline.local(day, "10:20", "Asia/Tokyo"),
        subject="注文した湯呑みセットについて",
        body="お世話になっております。\n\n先週、オンラインショップで有田焼の湯呑みセットを注文した"
        f"山田と申します（注文番号{order}）。本日届いたのですが、注文した青い絵柄ではなく、赤い絵柄"
        "のものが入っていました。\n\n英語ができず、日本語でのご連絡となり申し訳ございません。交換"
        "していただくことは可能でしょうか。\n\nよろしくお願いいたします。\n山田 花子",
        channel="email",
        queue=cast.queues["front-desk"],
        priority="normal",
        language="ja",
        label="story/japanese",
    )
    early = _next_desk_day(timeline, script.created_at, "07:12")
    script.move(
        early,
        cast.queues["orders"],
        by=kenji,
        reason="A wrong item in a webshop order, written in Japanese: Orders & delivery; I'll "
        "answer it.",
    )
    script.note(
        early + timedelta(minutes=9),
        kenji,
        "Picking error at the warehouse: red Arita set sent instead of the blue one. Blue set "
        "shipped by express today. She may keep the red one: a return from Japan costs more than "
        "the set.",
    )
    at = script.reply(
        early + timedelta(minutes=19),
        kenji,
        "山田様\n\nご連絡いただきありがとうございます。担当の渡辺と申します。日本語でのお問い合わせ"
        "でまったく問題ございませんので、どうぞご安心ください。\n\nこのたびは、ご注文と異なる商品を"
        "お届けしてしまい、大変申し訳ございません。青い絵柄の湯呑みセットを本日、速達で発送いたしま"
        "した。届いた赤い絵柄のセットは、ご返送いただく必要はございません。お気に召しましたら、お詫"
        "びのしるしとしてそのままお使いください。\n\n今後も日本語でお気軽にご連絡ください。\n\nよろ"
        "しくお願いいたします。\n渡辺 健二",
        status="pending",
    )
    reply_day = at.astimezone(timeline.zone).date() + timedelta(days=1)
    at = script.guest(
        timeline.local(reply_day, "09:40", "Asia/Tokyo"),
        yamada,
        "渡辺様\n\nご丁寧にご対応いただき、本当にありがとうございます。日本語で対応していただけて、"
        "とても安心いたしました。青い湯呑みも無事に届きました。赤い湯呑みは母がとても気に入りました"
        "ので、ありがたく使わせていただきます。\n\n山田 花子",
    )
    script.reply(
        _next_desk_day(timeline, at, "07:15"),
        kenji,
        "山田様\n\n青い湯呑みセットが無事に届いたとのこと、安心いたしました。お母様にも気に入ってい"
        "ただけて何よりです。本件はこれにて完了とさせていただきますが、また何かございましたら、いつ"
        "でも日本語でご連絡ください。\n\n今後ともよろしくお願いいたします。\n渡辺 健二",
        status="solved",
    )
    close_when_quiet(script, rng)
    return [script]


def all_stories(cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    scripts: list[TicketScript] = []
    for story in (headset_wave, lunch_laptop, sim_then_rail, swapped_tickets, japanese_guest):
        scripts += story(cast, timeline, rng)
    return scripts
