"""English."""

from omotenashi.demo.texts import LanguagePack, TopicText

PACK = LanguagePack(
    code="en",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    date_pattern="{day} {month}",
    long_date_pattern="{day} {month} {year}",
    money_pattern="€{amount}",
    decimal_comma=False,
    guest_greetings=("Hi,", "Hello,", "Hi there,", "Dear support team,"),
    guest_signoffs=(
        "Thanks,\n{name}",
        "Kind regards,\n{name}",
        "Cheers,\n{name}",
        "Thanks in advance,\n{name}",
    ),
    agent_greetings=("Hi {name},", "Hello {name},", "Dear {name},"),
    agent_closings=("Kind regards,\n{agent}", "Best wishes,\n{agent}", "Have a good day,\n{agent}"),
    agent_acks=(
        "Thank you for letting us know, and sorry for the trouble.",
        "Thanks for the clear description, that helps a lot.",
        "Sorry to hear that. Let's get this sorted for you.",
        "Thanks for reaching out.",
    ),
    agent_checks=(
        "Could you let me know whether it works for you now?",
        "Would you mind checking on your side and letting me know?",
        "Let me know if it still gives you any trouble.",
    ),
    guest_confirms=(
        "Yes, it works now. Thank you so much!",
        "All good now, thanks for the quick help.",
        "That did the trick, much appreciated!",
    ),
    guest_again=(
        "Sorry to come back to this, but the problem is back since this morning.",
        "Unfortunately it happened again today, exactly as before.",
    ),
    agent_again=(
        "Sorry it came back; that is not how it should be. I've looked at it again and this time "
        "fixed the underlying cause rather than the symptom, so it should stay solved.",
        "Thanks for telling us straight away. I found what was still wrong and replaced it; if it "
        "happens once more, reply here and I'll come by in person.",
    ),
    guest_chases=(
        "Any news on this? I'm still stuck.",
        "Just checking in: is anyone looking at this?",
    ),
    agent_late=(
        "Apologies for the slow reply; we had far more requests than usual this week.",
        "I'm sorry you had to wait so long for an answer.",
    ),
    agent_close_thanks=(
        "Great to hear! I'll close the ticket; just reply to this message if anything else comes "
        "up.",
        "Glad it works. Enjoy the rest of your day!",
    ),
    agent_on_hold=(
        "I've had to order a part from our supplier. I'll get back to you as soon as it arrives, "
        "probably by {weekday}.",
        "I'm checking this with a colleague in the back office and will come back to you by "
        "{weekday}.",
    ),
    agent_back=(
        "Good news: everything has arrived and it's all sorted now.",
        "Thank you for your patience, it's all sorted now.",
    ),
    topics={
        "headset": TopicText(
            subjects=("Headset crackles during calls", "{product} headset: sound keeps dropping"),
            openings=(
                "My {product} headset started crackling during video calls, and people say they "
                "can hardly hear me. I already tried another USB port.",
                "In every call my voice keeps dropping out and the {product} headset crackles. It "
                "was fine until last week.",
            ),
            question="Does it happen in every call, or only after the laptop wakes from sleep? And "
            "is the little light on the cable on or off?",
            answer="Every call, and the light stays off. It worked fine last Friday.",
            solution="I've pushed the latest audio driver to your laptop and reset the headset's "
            "firmware remotely. After a restart it should sound clear again.",
        ),
        "laptop_slow": TopicText(
            subjects=("Laptop extremely slow", "{product} takes ages to start"),
            openings=(
                "My {product} has become so slow that opening a spreadsheet takes minutes, and the "
                "fan runs all the time. Serial number: {serial}.",
                "This morning my {product} was stuck on the start screen for more than ten "
                "minutes, and everything is sluggish since. Serial number {serial}.",
            ),
            question="Could you tell me roughly when this started, and whether anything was "
            "installed just before? If you can, leave the laptop on and connected so I can look "
            "remotely.",
            answer="It started on Tuesday, right after the last update I think. It's on and "
            "connected now.",
            solution="An update was stuck in the background and kept filling the disk. I've "
            "cleaned it up and freed 40 GB; after a restart it should be quick again. Good to "
            "know: your {product} is under warranty until {warranty}, so if the fan keeps running "
            "we replace it at no cost to you.",
        ),
        "dock_monitor": TopicText(
            subjects=("Second screen flickers", "Monitor not detected through the dock"),
            openings=(
                "My second screen keeps flickering and goes black for a few seconds when it's "
                "connected through the docking station. Straight into the laptop it's fine.",
                "Since I moved to a desk on floor {floor}, my laptop only sees the monitor now and "
                "then when it's connected through the dock.",
            ),
            question="Which desk are you at, and is it the grey dock or the black one? Some of the "
            "older grey ones need new firmware.",
            answer="Desk {floor}.12, and it's the grey one.",
            solution="I've swapped the grey dock at your desk for a new one and updated its "
            "firmware, so both screens should work reliably now.",
        ),
        "printer": TopicText(
            subjects=("Printer {printer} keeps jamming", "Paper jam error on {printer}"),
            openings=(
                "The printer {printer} on floor {floor} jams on almost every job, and there's a "
                "queue of colleagues waiting next to it.",
                "{printer} on floor {floor} keeps reporting a paper jam, but there's no paper "
                "stuck anywhere. Nobody can print.",
            ),
            question="Could you tell me the exact message on the printer's screen? A photo is fine "
            "too.",
            answer="It says 'Paper jam in tray 2', but tray 2 is empty.",
            solution="The paper sensor in tray 2 was dirty. It's cleaned and {printer} is back "
            "online; your waiting jobs have printed.",
        ),
        "password": TopicText(
            subjects=("Account locked", "Can't sign in after changing my phone"),
            openings=(
                "I was locked out of my account after changing my password this morning. I think "
                "my phone still tries to fetch mail with the old one.",
                "I have a new phone and the authenticator app didn't move over, so I can't sign in "
                "anywhere now.",
            ),
            question="To keep your account safe I need to check it's really you: could you confirm "
            "the last four digits of your employee number?",
            answer="Of course, they are {pin}.",
            solution="Your account is unlocked and I've reset your sign-in methods. The next time "
            "you sign in you'll be asked to set up the authenticator app again; it takes two "
            "minutes.",
        ),
        "folder_access": TopicText(
            subjects=("Access to the {folder} folder", "Need edit rights on a shared folder"),
            openings=(
                "Could I get access to the shared folder {folder}? My manager has approved it; I'm "
                "joining the project next week.",
                "I can see the folder {folder}, but every file says 'access denied'. I need to "
                "edit them for the quarterly report.",
            ),
            question="Happy to. Who approved it, so I can note it on the request, and do you need "
            "read-only or edit rights?",
            answer="My team lead approved it by mail yesterday. Edit rights, please.",
            solution="You now have edit rights on {folder}. It can take up to fifteen minutes to "
            "reach your laptop; signing out and in again speeds it up.",
        ),
        "new_laptop": TopicText(
            subjects=("New laptop: moving my files", "Setting up my new {product}"),
            openings=(
                "I received my new {product} today, thank you! What's the best way to move my "
                "files and settings from the old one? I'd like to switch before Friday.",
                "I've just unpacked my new {product}. Could someone help me set it up? I'm not "
                "sure which apps I'm supposed to install myself.",
            ),
            question="Is your old laptop still working? Then I can copy everything over in one go. "
            "When would it suit you to be without both for about an hour?",
            answer="Yes, it still works. Tomorrow between 12:00 and 13:00 would be perfect, that's "
            "my lunch break.",
            solution="Your files, bookmarks and mail settings are on the new {product}, and all "
            "the standard apps are installed. Please keep the old one for a week, then hand it in "
            "at the IT desk.",
        ),
        "vpn": TopicText(
            subjects=("VPN won't connect from home", "VPN keeps disconnecting"),
            openings=(
                "Since I switched laptops the VPN won't connect from home: it says my certificate "
                "is not valid.",
                "When I work from home the VPN drops every ten minutes or so, and each time I have "
                "to sign in again.",
            ),
            question="Could you tell me the time of your last attempt, so I can find it in the "
            "logs?",
            answer="Around 10:40 this morning, from home over Wi-Fi.",
            solution="Your laptop was missing the new VPN certificate. I've installed it and moved "
            "you to the more stable connection profile, so it should stay connected now.",
        ),
        "wifi": TopicText(
            subjects=("Wi-Fi drops on floor {floor}", "Bad Wi-Fi near the meeting rooms"),
            openings=(
                "The Wi-Fi on floor {floor} keeps dropping, especially near the meeting rooms. "
                "Video calls freeze every few minutes.",
                "In the meeting rooms on floor {floor} the Wi-Fi disappears for a minute at a "
                "time. It's embarrassing when we have customers on a call.",
            ),
            question="Which room is worst, and at what time of day? Then I can compare it with the "
            "logs of the access points.",
            answer="Mostly room {floor}.05, around two in the afternoon when it's full.",
            solution="The access point near room {floor}.05 was overloaded. We've added a second "
            "one and moved the meeting rooms to the faster band; calls should stay stable now.",
        ),
        "late_delivery": TopicText(
            subjects=("Order {order} not delivered yet", "Where is my parcel?"),
            openings=(
                "I ordered a tea set on your webshop (order {order}) and it was due on {date}, but "
                "nothing has arrived. The tracking page hasn't changed for days.",
                "My order {order} should have arrived by {date}. It's a birthday present, so I'd "
                "really like to know where it is.",
            ),
            question="Could you confirm your delivery address for me? The carrier reports that it "
            "couldn't find the entrance.",
            answer="It's the address in my account, but the door is easy to miss: it's the one on "
            "the left, next to the bakery.",
            solution="I've asked the carrier to deliver again tomorrow with a note about the door "
            "next to the bakery, and upgraded it to express at our cost. You'll get a new tracking "
            "link by mail.",
        ),
        "damaged": TopicText(
            subjects=("Damaged item in order {order}", "Teapot arrived broken"),
            openings=(
                "The cast-iron teapot from order {order} arrived with a cracked lid. The box "
                "looked fine from the outside.",
                "When I opened the parcel for order {order}, the teapot inside was broken. Such a "
                "shame, I was looking forward to it.",
            ),
            question="I'm so sorry. Could you describe the damage, or send a photo if it's easy? "
            "Then I can claim it from the carrier; you don't need to send anything back.",
            answer="There's a crack across the whole lid and a chip on the spout. The box itself "
            "had no damage at all.",
            solution="A new teapot is on its way to you today, and there's no need to return the "
            "broken one. I've added a small packet of sencha as an apology.",
        ),
        "booking_change": TopicText(
            subjects=("Change booking {booking}", "Wrong travel date on my booking"),
            openings=(
                "I booked the train from Tokyo to {city} on {date} (booking {booking}), but I "
                "should have picked the day after. Can I still change it?",
                "I made a mistake with booking {booking}: the trip to {city} should be the day "
                "after {date}. Can you change it without cancelling everything?",
            ),
            question="Of course. Would you like the same departure time on the new day, and the "
            "same seats?",
            answer="Same time please, and seats next to each other if possible.",
            solution="Done: booking {booking} now travels the day after {date}, same time, two "
            "seats next to each other. The new tickets are in your account and the old ones are "
            "cancelled, so there's nothing else you need to do.",
        ),
        "sim_card": TopicText(
            subjects=("SIM card for my trip to Japan", "Pocket Wi-Fi or SIM card in {city}?"),
            openings=(
                "I'm flying to {city} on {date}. Can I order a Japanese SIM card through you and "
                "collect it at the airport?",
                "We land in {city} on {date}. What's easier for us: a SIM card each, or a pocket "
                "Wi-Fi? And where do we collect it?",
            ),
            question="How many days are you staying, and does your phone take an eSIM?",
            answer="Fourteen days, and yes, my phone supports eSIM. I checked.",
            solution="I've reserved a 14-day eSIM with unlimited data; the QR code arrives by mail "
            "two days before you leave, and our counter in the arrivals hall can help if anything "
            "goes wrong. Where are you heading first after landing? If you're taking the train "
            "into the city, you can exchange your Japan Rail Pass at the JR office in the same "
            "hall.",
        ),
        "rail_pass": TopicText(
            subjects=("Japan Rail Pass exchange", "Seat reservations with my Rail Pass"),
            openings=(
                "I have a Japan Rail Pass voucher (booking {booking}). Where do I exchange it, and "
                "can I reserve seats on the train to {city} in advance?",
                "Can I reserve seats on the shinkansen to {city} with my Rail Pass before I "
                "travel? I arrive on {date}.",
            ),
            question="Does your pass start on the day you arrive, or later? And would you like a "
            "window seat?",
            answer="It starts the day after I arrive. A window seat, please!",
            solution="Your seat is reserved: window seat in car 7 on the morning train to {city}. "
            "Exchange the voucher at the JR ticket office in the arrivals hall; they'll print your "
            "reservation at the same time.",
        ),
        "refund": TopicText(
            subjects=("Refund for cancelled booking {booking}", "Still waiting for my refund"),
            openings=(
                "I cancelled booking {booking} three weeks ago and was promised a refund of "
                "{amount}, but it hasn't reached my account yet.",
                "Could you check the refund for booking {booking}? It was {amount} and I still "
                "haven't received it.",
            ),
            question="Could you confirm the last four digits of the card you paid with? Refunds "
            "always go back to the same card.",
            answer="The card ends in {pin}.",
            solution="I found it: the refund of {amount} was held because that card had expired. "
            "I've released it to your new card, and it should be on your statement within three "
            "working days.",
        ),
        "invoice": TopicText(
            subjects=("Invoice for order {order}", "Company invoice needed"),
            openings=(
                "Could you send me an invoice for order {order} with our company name and VAT "
                "number? Our accounts department needs it.",
                "For order {order} I only received a receipt, but I need a proper invoice made out "
                "to our company.",
            ),
            question="Of course. Which company name and VAT number should be on it?",
            answer="{org}, same address as on the order. The VAT number is in my account details.",
            solution="The invoice for order {order}, made out to {org}, is in your account under "
            "Orders > Invoices. I've saved the details so future invoices are right straight away.",
        ),
        "headset_wave": TopicText(
            subjects=(
                "Headset stopped working after the update",
                "{product}: microphone not working",
                "Headset works in one ear only, microphone dead",
            ),
            openings=(
                "Since yesterday's update my {product} headset isn't recognised anymore. It worked "
                "perfectly last week.",
                "My {product} microphone stopped working this morning: people can't hear me in "
                "calls at all. The colleague next to me has the same problem.",
                "After the laptop restarted for the update, my {product} only works in one ear and "
                "the microphone is dead.",
            ),
            solution="You're not the only one: several colleagues have reported the same since the "
            "update, so it's certainly nothing you did. We're fixing the cause for everyone. Until "
            "then, plugging the headset into the USB-C port on the left side of the laptop works, "
            "because that port still uses the older driver.",
        ),
    },
)
