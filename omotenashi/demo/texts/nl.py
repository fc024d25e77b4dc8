"""Nederlands."""

from omotenashi.demo.texts import LanguagePack, TopicText

PACK = LanguagePack(
    code="nl",
    months=(
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    date_pattern="{day} {month}",
    long_date_pattern="{day} {month} {year}",
    money_pattern="€ {amount}",
    decimal_comma=True,
    guest_greetings=("Hoi,", "Hallo,", "Beste servicedesk,", "Beste mensen,"),
    guest_signoffs=(
        "Groet,\n{name}",
        "Met vriendelijke groet,\n{name}",
        "Alvast bedankt!\n{name}",
        "Dank je,\n{name}",
    ),
    agent_greetings=("Hoi {name},", "Hallo {name},", "Beste {name},"),
    agent_closings=(
        "Groet,\n{agent}",
        "Met vriendelijke groet,\n{agent}",
        "Fijne dag verder,\n{agent}",
    ),
    agent_acks=(
        "Dank je voor je bericht, en vervelend dat je hier last van hebt.",
        "Dank je voor de duidelijke uitleg, daar heb ik veel aan.",
        "Wat vervelend! We gaan het voor je oplossen.",
        "Goed dat je het even meldt.",
    ),
    agent_checks=(
        "Laat je even weten of het nu werkt?",
        "Wil je het even controleren en me laten weten of het goed is?",
        "Laat het me weten als het nog steeds niet goed gaat.",
    ),
    guest_confirms=(
        "Ja, het werkt weer. Heel erg bedankt!",
        "Alles doet het weer, dank voor de snelle hulp.",
        "Top, dat was het. Bedankt!",
    ),
    guest_again=(
        "Sorry dat ik er weer over begin, maar sinds vanochtend is het probleem terug.",
        "Helaas gebeurde het vandaag weer, precies zoals eerst.",
    ),
    agent_again=(
        "Vervelend dat het terugkwam, zo hoort het niet. Ik heb er opnieuw naar gekeken en deze "
        "keer de oorzaak aangepakt in plaats van het symptoom, dus het zou nu opgelost moeten "
        "blijven.",
        "Dank je dat je het meteen meldt. Ik heb gevonden wat er nog mis was en het vervangen; "
        "gebeurt het nog een keer, reageer dan hier en dan kom ik persoonlijk langs.",
    ),
    guest_chases=(
        "Is hier al nieuws over? Ik kan nog steeds niet verder.",
        "Even checken: kijkt er al iemand naar?",
    ),
    agent_late=(
        "Sorry voor het late antwoord; we hadden deze week veel meer meldingen dan normaal.",
        "Excuses dat je zo lang op een antwoord hebt moeten wachten.",
    ),
    agent_close_thanks=(
        "Fijn om te horen! Ik sluit de melding; reageer gerust op dit bericht als er nog iets is.",
        "Mooi dat het werkt. Nog een fijne dag!",
    ),
    agent_on_hold=(
        "Ik heb een onderdeel bij onze leverancier moeten bestellen. Zodra het binnen is hoor je "
        "van me, waarschijnlijk uiterlijk {weekday}.",
        "Ik stem dit even af met een collega van de backoffice en kom er uiterlijk {weekday} bij "
        "je op terug.",
    ),
    agent_back=(
        "Goed nieuws: alles is binnen en het is nu helemaal geregeld.",
        "Dank je voor je geduld, het is nu allemaal geregeld.",
    ),
    topics={
        "headset": TopicText(
            subjects=(
                "Headset kraakt tijdens gesprekken",
                "{product}-headset: geluid valt steeds weg",
            ),
            openings=(
                "Mijn {product}-headset kraakt sinds kort tijdens videogesprekken en collega's "
                "zeggen dat ze me nauwelijks kunnen verstaan. Een andere USB-poort heb ik al "
                "geprobeerd.",
                "In elk gesprek valt mijn stem steeds weg en de {product} kraakt. Tot vorige week "
                "ging het prima.",
            ),
            question="Gebeurt het bij elk gesprek, of alleen nadat de laptop uit de slaapstand "
            "komt? En brandt het lampje op het snoer, of niet?",
            answer="Bij elk gesprek, en het lampje blijft uit. Afgelopen vrijdag werkte alles nog.",
            solution="Ik heb de nieuwste audiodriver naar je laptop gestuurd en de firmware van de "
            "headset op afstand gereset. Na een herstart zou het weer helder moeten klinken.",
        ),
        "laptop_slow": TopicText(
            subjects=("Laptop extreem traag", "{product} start heel langzaam op"),
            openings=(
                "Mijn {product} is zo traag geworden dat het openen van een spreadsheet minuten "
                "duurt, en de ventilator draait de hele tijd. Serienummer: {serial}.",
                "Vanochtend bleef mijn {product} ruim tien minuten hangen op het startscherm, en "
                "sindsdien is alles stroperig. Serienummer {serial}.",
            ),
            question="Weet je ongeveer wanneer het begon, en of er vlak daarvoor iets is "
            "geïnstalleerd? Als het kan, laat de laptop aan en verbonden, dan kijk ik op afstand "
            "mee.",
            answer="Sinds dinsdag, volgens mij direct na de laatste update. Hij staat nu aan.",
            solution="Er hing een update op de achtergrond die steeds de schijf volschreef. Ik heb "
            "het opgeruimd en 40 GB vrijgemaakt; na een herstart is hij weer snel. Goed om te "
            "weten: je {product} valt tot {warranty} onder garantie, dus als de ventilator blijft "
            "draaien vervangen we hem kosteloos.",
        ),
        "dock_monitor": TopicText(
            subjects=("Tweede scherm knippert", "Monitor wordt niet herkend via het dock"),
            openings=(
                "Mijn tweede scherm knippert steeds en wordt een paar seconden zwart als het via "
                "het dockingstation is aangesloten. Direct op de laptop gaat het goed.",
                "Sinds ik op een werkplek op verdieping {floor} zit, ziet mijn laptop de monitor "
                "via het dock maar af en toe.",
            ),
            question="Aan welke werkplek zit je, en is het het grijze of het zwarte dock? Een paar "
            "oude grijze hebben nieuwe firmware nodig.",
            answer="Werkplek {floor}.12, en het is het grijze.",
            solution="Ik heb het grijze dock op je werkplek vervangen door een nieuw exemplaar en "
            "de firmware bijgewerkt. Beide schermen zouden nu stabiel moeten werken.",
        ),
        "printer": TopicText(
            subjects=("Printer {printer} loopt steeds vast", "Papierstoring op {printer}"),
            openings=(
                "De printer {printer} op verdieping {floor} loopt bij bijna elke opdracht vast, en "
                "er staat een rij collega's te wachten.",
                "{printer} op verdieping {floor} meldt steeds een papierstoring, maar er zit "
                "nergens papier vast. Niemand kan printen.",
            ),
            question="Welke melding staat er precies op het scherm van de printer? Een foto is ook "
            "prima.",
            answer="'Papierstoring in lade 2', maar lade 2 is leeg.",
            solution="De papiersensor in lade 2 was vuil. Die is schoongemaakt en {printer} is "
            "weer online; je wachtende opdrachten zijn geprint.",
        ),
        "password": TopicText(
            subjects=("Account geblokkeerd", "Kan niet inloggen na nieuwe telefoon"),
            openings=(
                "Na het wijzigen van mijn wachtwoord vanochtend is mijn account geblokkeerd. "
                "Volgens mij probeert mijn telefoon nog mail op te halen met het oude wachtwoord.",
                "Ik heb een nieuwe telefoon en de authenticator-app is niet meegekomen, dus ik kan "
                "nergens meer inloggen.",
            ),
            question="Om je account veilig te houden moet ik even controleren dat jij het echt "
            "bent: wat zijn de laatste vier cijfers van je personeelsnummer?",
            answer="Natuurlijk, dat is {pin}.",
            solution="Je account is gedeblokkeerd en ik heb je inlogmethodes gereset. Bij de "
            "volgende keer inloggen word je gevraagd de authenticator-app opnieuw in te stellen; "
            "dat duurt twee minuten.",
        ),
        "folder_access": TopicText(
            subjects=("Toegang tot de map {folder}", "Schrijfrechten op gedeelde map nodig"),
            openings=(
                "Kan ik toegang krijgen tot de gedeelde map {folder}? Mijn manager heeft het "
                "goedgekeurd; ik sluit volgende week aan bij het project.",
                "Ik zie de map {folder} wel, maar bij elk bestand krijg ik 'toegang geweigerd'. Ik "
                "moet ze bewerken voor de kwartaalrapportage.",
            ),
            question="Doe ik graag. Wie heeft het goedgekeurd, dan zet ik dat bij de aanvraag, en "
            "heb je lees- of schrijfrechten nodig?",
            answer="Mijn teamleider heeft het gisteren per mail goedgekeurd. Schrijfrechten graag.",
            solution="Je hebt nu schrijfrechten op {folder}. Het kan tot een kwartier duren "
            "voordat het op je laptop zichtbaar is; uit- en weer inloggen helpt.",
        ),
        "new_laptop": TopicText(
            subjects=("Nieuwe laptop: bestanden overzetten", "Mijn nieuwe {product} instellen"),
            openings=(
                "Vandaag heb ik mijn nieuwe {product} gekregen, dank je! Hoe zet ik mijn bestanden "
                "en instellingen het beste over van de oude? Ik wil graag voor vrijdag "
                "overstappen.",
                "Ik heb net mijn nieuwe {product} uitgepakt. Kan iemand me helpen met instellen? "
                "Ik weet niet welke apps ik zelf moet installeren.",
            ),
            question="Werkt je oude laptop nog? Dan kan ik alles in één keer overzetten. Wanneer "
            "komt het je uit om ongeveer een uur zonder allebei te zitten?",
            answer="Ja, die doet het nog. Morgen tussen 12:00 en 13:00 zou perfect zijn, dan ben "
            "ik aan het lunchen.",
            solution="Je bestanden, bladwijzers en mailinstellingen staan op de nieuwe {product} "
            "en alle standaardapps zijn geïnstalleerd. Bewaar de oude nog een week en lever hem "
            "daarna in bij de IT-balie.",
        ),
        "vpn": TopicText(
            subjects=("VPN maakt geen verbinding vanuit huis", "VPN valt steeds weg"),
            openings=(
                "Sinds ik een andere laptop heb, maakt de VPN thuis geen verbinding meer: hij zegt "
                "dat mijn certificaat ongeldig is.",
                "Als ik thuis werk valt de VPN ongeveer elke tien minuten weg en moet ik steeds "
                "opnieuw inloggen.",
            ),
            question="Weet je hoe laat je het laatst probeerde? Dan zoek ik het op in de logs.",
            answer="Rond 10:40 vanochtend, thuis via wifi.",
            solution="Op je laptop ontbrak het nieuwe VPN-certificaat. Ik heb het geïnstalleerd en "
            "je overgezet op het stabielere verbindingsprofiel, dus hij zou nu verbonden moeten "
            "blijven.",
        ),
        "wifi": TopicText(
            subjects=("Wifi valt weg op verdieping {floor}", "Slechte wifi bij de vergaderzalen"),
            openings=(
                "De wifi op verdieping {floor} valt steeds weg, vooral bij de vergaderzalen. "
                "Videogesprekken bevriezen om de paar minuten.",
                "In de vergaderzalen op verdieping {floor} is de wifi soms een minuut helemaal "
                "weg. Best gênant als we klanten aan de lijn hebben.",
            ),
            question="Welke zaal is het ergst, en hoe laat ongeveer? Dan leg ik het naast de logs "
            "van de accesspoints.",
            answer="Vooral zaal {floor}.05, rond twee uur 's middags als hij vol zit.",
            solution="Het accesspoint bij zaal {floor}.05 was overbelast. We hebben er een tweede "
            "bij gehangen en de vergaderzalen naar de snellere band verplaatst; gesprekken zouden "
            "nu stabiel moeten zijn.",
        ),
        "late_delivery": TopicText(
            subjects=("Bestelling {order} nog niet geleverd", "Waar blijft mijn pakket?"),
            openings=(
                "Ik heb in jullie webshop een theeservies besteld (bestelling {order}) dat op "
                "{date} geleverd zou worden, maar er is nog niets gekomen. De track-and-trace "
                "staat al dagen stil.",
                "Mijn bestelling {order} had uiterlijk {date} binnen moeten zijn. Het is een "
                "verjaardagscadeau, dus ik wil graag weten waar het is.",
            ),
            question="Kun je je afleveradres even bevestigen? De bezorger meldt dat hij de ingang "
            "niet kon vinden.",
            answer="Het adres in mijn account klopt, maar de deur is makkelijk te missen: het is "
            "de linkerdeur, naast de bakker.",
            solution="Ik heb de vervoerder gevraagd morgen opnieuw te bezorgen, met een notitie "
            "over de deur naast de bakker, en de zending op onze kosten naar express omgezet. Je "
            "krijgt een nieuwe track-and-trace-link per mail.",
        ),
        "damaged": TopicText(
            subjects=("Beschadigd artikel in bestelling {order}", "Theepot kapot aangekomen"),
            openings=(
                "De gietijzeren theepot uit bestelling {order} kwam aan met een gebarsten deksel. "
                "De doos zag er van buiten prima uit.",
                "Toen ik het pakket van bestelling {order} openmaakte, was de theepot kapot. "
                "Zonde, ik had me er zo op verheugd.",
            ),
            question="Wat vervelend, sorry! Kun je de schade beschrijven, of een foto sturen als "
            "dat makkelijk is? Dan verhaal ik het bij de vervoerder; je hoeft niets terug te "
            "sturen.",
            answer="Er loopt een barst over het hele deksel en er is een schilfer van de tuit af. "
            "De doos zelf was onbeschadigd.",
            solution="Er gaat vandaag een nieuwe theepot naar je toe, en de kapotte hoef je niet "
            "terug te sturen. Als excuus heb ik er een zakje sencha bij gedaan.",
        ),
        "booking_change": TopicText(
            subjects=("Boeking {booking} wijzigen", "Verkeerde reisdatum in mijn boeking"),
            openings=(
                "Ik heb de trein van Tokio naar {city} geboekt op {date} (boeking {booking}), maar "
                "ik had de dag erna moeten kiezen. Kan ik het nog wijzigen?",
                "Ik heb me vergist bij boeking {booking}: de reis naar {city} moet de dag na "
                "{date} zijn. Kunnen jullie dat aanpassen zonder alles te annuleren?",
            ),
            question="Natuurlijk. Wil je op de nieuwe dag dezelfde vertrektijd, en dezelfde "
            "stoelen?",
            answer="Dezelfde tijd graag, en als het kan stoelen naast elkaar.",
            solution="Geregeld: boeking {booking} reist nu de dag na {date}, zelfde tijd, twee "
            "stoelen naast elkaar. De nieuwe tickets staan in je account en de oude zijn "
            "geannuleerd; je hoeft verder niets te doen.",
        ),
        "sim_card": TopicText(
            subjects=("Simkaart voor mijn reis naar Japan", "Pocket-wifi of simkaart in {city}?"),
            openings=(
                "Ik vlieg op {date} naar {city}. Kan ik via jullie een Japanse simkaart bestellen "
                "en die op het vliegveld ophalen?",
                "We landen op {date} in {city}. Wat is handiger voor ons: ieder een simkaart, of "
                "een pocket-wifi? En waar halen we die op?",
            ),
            question="Hoeveel dagen blijf je, en ondersteunt je telefoon een eSIM?",
            answer="Veertien dagen, en ja, mijn telefoon ondersteunt eSIM. Heb ik nagekeken.",
            solution="Ik heb een eSIM voor 14 dagen met onbeperkt data voor je gereserveerd; de "
            "QR-code krijg je twee dagen voor vertrek per mail, en onze balie in de aankomsthal "
            "helpt als er iets misgaat. Waar ga je na de landing als eerste naartoe? Als je met de "
            "trein de stad in gaat, kun je in dezelfde hal bij het JR-kantoor je Japan Rail Pass "
            "omwisselen.",
        ),
        "rail_pass": TopicText(
            subjects=("Japan Rail Pass omwisselen", "Zitplaatsen reserveren met mijn Rail Pass"),
            openings=(
                "Ik heb een voucher voor de Japan Rail Pass (boeking {booking}). Waar wissel ik "
                "die om, en kan ik vooraf zitplaatsen reserveren voor de trein naar {city}?",
                "Kan ik met mijn Rail Pass al vóór vertrek plaatsen reserveren in de shinkansen "
                "naar {city}? Ik kom aan op {date}.",
            ),
            question="Gaat je pas in op de dag dat je aankomt, of later? En wil je graag bij het "
            "raam zitten?",
            answer="Hij gaat in op de dag na aankomst. Bij het raam graag!",
            solution="Je plaats is gereserveerd: raamplaats in rijtuig 7 van de ochtendtrein naar "
            "{city}. Wissel de voucher om bij het JR-kantoor in de aankomsthal; daar printen ze "
            "meteen ook je reservering.",
        ),
        "refund": TopicText(
            subjects=(
                "Terugbetaling geannuleerde boeking {booking}",
                "Nog steeds geen terugbetaling",
            ),
            openings=(
                "Ik heb drie weken geleden boeking {booking} geannuleerd en er werd me een "
                "terugbetaling van {amount} beloofd, maar die staat nog niet op mijn rekening.",
                "Kunnen jullie de terugbetaling van boeking {booking} nakijken? Het ging om "
                "{amount} en ik heb nog niets ontvangen.",
            ),
            question="Kun je de laatste vier cijfers bevestigen van de kaart waarmee je hebt "
            "betaald? Terugbetalingen gaan altijd naar dezelfde kaart.",
            answer="De kaart eindigt op {pin}.",
            solution="Gevonden: de terugbetaling van {amount} bleef hangen omdat die kaart "
            "verlopen was. Ik heb hem vrijgegeven naar je nieuwe kaart; binnen drie werkdagen "
            "staat het op je afschrift.",
        ),
        "invoice": TopicText(
            subjects=("Factuur voor bestelling {order}", "Factuur op bedrijfsnaam nodig"),
            openings=(
                "Kunnen jullie me een factuur sturen voor bestelling {order}, met onze "
                "bedrijfsnaam en btw-nummer? Onze administratie heeft die nodig.",
                "Voor bestelling {order} heb ik alleen een bon gekregen, maar ik heb een echte "
                "factuur op naam van ons bedrijf nodig.",
            ),
            question="Natuurlijk. Welke bedrijfsnaam en welk btw-nummer moeten erop?",
            answer="{org}, zelfde adres als op de bestelling. Het btw-nummer staat in mijn "
            "accountgegevens.",
            solution="De factuur voor bestelling {order}, op naam van {org}, staat in je account "
            "onder Bestellingen > Facturen. Ik heb de gegevens opgeslagen, zodat volgende facturen "
            "meteen goed zijn.",
        ),
        "headset_wave": TopicText(
            subjects=(
                "Headset doet het niet meer na de update",
                "{product}: microfoon werkt niet",
                "Headset werkt nog maar aan één kant, microfoon dood",
            ),
            openings=(
                "Sinds de update van gisteren wordt mijn {product}-headset niet meer herkend. "
                "Vorige week werkte hij perfect.",
                "De microfoon van mijn {product} doet het sinds vanochtend niet meer: in "
                "gesprekken hoort niemand me. Mijn buurman heeft precies hetzelfde.",
                "Na de herstart voor de update werkt mijn {product} nog maar aan één kant en is de "
                "microfoon dood.",
            ),
            solution="Je bent niet de enige: sinds de update hebben meer collega's precies "
            "hetzelfde gemeld, dus het ligt echt niet aan jou. We pakken de oorzaak voor iedereen "
            "aan. Tot die tijd werkt de headset wel via de USB-C-poort aan de linkerkant van de "
            "laptop, want die gebruikt nog de oude driver.",
        ),
    },
)
