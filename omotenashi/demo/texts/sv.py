"""Svenska."""

from omotenashi.demo.texts import LanguagePack, TopicText

PACK = LanguagePack(
    code="sv",
    months=(
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    weekdays=("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    date_pattern="{day} {month}",
    long_date_pattern="{day} {month} {year}",
    money_pattern="{amount} €",
    decimal_comma=True,
    guest_greetings=("Hej!", "Hej,", "Hej support,", "Hej på er,"),
    guest_signoffs=(
        "Tack,\n{name}",
        "Vänliga hälsningar,\n{name}",
        "Tack på förhand!\n{name}",
        "Hälsningar,\n{name}",
    ),
    agent_greetings=("Hej {name},", "Hej {name}!"),
    agent_closings=(
        "Vänliga hälsningar,\n{agent}",
        "Ha en fin dag!\n{agent}",
        "Hälsningar,\n{agent}",
    ),
    agent_acks=(
        "Tack för att du hörde av dig, och förlåt för besväret.",
        "Tack för den tydliga beskrivningen, den hjälper mycket.",
        "Vad tråkigt! Vi ordnar det här åt dig.",
        "Tack för ditt meddelande.",
    ),
    agent_checks=(
        "Kan du säga till om det fungerar nu?",
        "Vill du kontrollera på din sida och höra av dig?",
        "Hör av dig om det fortfarande krånglar.",
    ),
    guest_confirms=(
        "Ja, nu fungerar det. Tusen tack!",
        "Allt fungerar igen, tack för den snabba hjälpen.",
        "Det löste det, stort tack!",
    ),
    guest_again=(
        "Förlåt att jag tar upp det igen, men problemet är tillbaka sedan i morse.",
        "Tyvärr hände det igen i dag, precis som förra gången.",
    ),
    agent_again=(
        "Vad synd att det kom tillbaka, så ska det inte vara. Jag har tittat igen och den här "
        "gången åtgärdat själva orsaken, inte bara symtomet, så det bör hålla nu.",
        "Tack för att du sa till direkt. Jag hittade det som fortfarande var fel och har bytt ut "
        "det; händer det igen, svara här så kommer jag förbi personligen.",
    ),
    guest_chases=(
        "Finns det något nytt? Jag kommer fortfarande inte vidare.",
        "Jag hör av mig igen: är det någon som tittar på det här?",
    ),
    agent_late=(
        "Förlåt för det sena svaret; vi har haft många fler ärenden än vanligt den här veckan.",
        "Jag är ledsen att du fick vänta så länge på svar.",
    ),
    agent_close_thanks=(
        "Vad bra! Jag stänger ärendet; svara bara på det här mejlet om något mer dyker upp.",
        "Skönt att det fungerar. Ha en fortsatt fin dag!",
    ),
    agent_on_hold=(
        "Jag har fått beställa en reservdel från vår leverantör. Jag hör av mig så fort den "
        "kommer, troligen senast på {weekday}.",
        "Jag stämmer av det här med en kollega på backoffice och återkommer senast på {weekday}.",
    ),
    agent_back=(
        "Goda nyheter: allt har kommit och nu är det ordnat.",
        "Tack för ditt tålamod, nu är allt ordnat.",
    ),
    topics={
        "headset": TopicText(
            subjects=("Headsetet knastrar under samtal", "{product}: ljudet försvinner hela tiden"),
            openings=(
                "Mitt {product}-headset har börjat knastra under videosamtal, och kollegorna säger "
                "att de knappt hör mig. Jag har redan provat en annan USB-port.",
                "I varje samtal försvinner min röst och {product} knastrar. Det fungerade bra fram "
                "till förra veckan.",
            ),
            question="Händer det i alla samtal, eller bara när datorn vaknar ur viloläge? Och "
            "lyser den lilla lampan på sladden, eller är den släckt?",
            answer="I alla samtal, och lampan är släckt. I fredags fungerade allt.",
            solution="Jag har skickat den senaste ljuddrivrutinen till din dator och återställt "
            "headsetets firmware på distans. Efter en omstart bör ljudet vara klart igen.",
        ),
        "laptop_slow": TopicText(
            subjects=("Datorn är extremt långsam", "{product} tar evigheter att starta"),
            openings=(
                "Min {product} har blivit så långsam att det tar flera minuter att öppna ett "
                "kalkylark, och fläkten går hela tiden. Serienummer: {serial}.",
                "I morse fastnade min {product} på startskärmen i över tio minuter, och allt är "
                "segt sedan dess. Serienummer {serial}.",
            ),
            question="Vet du ungefär när det började, och om något installerades precis innan? Låt "
            "gärna datorn vara på och uppkopplad, så tittar jag på distans.",
            answer="Sedan i tisdags, direkt efter senaste uppdateringen tror jag. Den är på nu.",
            solution="En uppdatering hade fastnat i bakgrunden och fyllde disken. Jag har rensat "
            "upp och frigjort 40 GB; efter en omstart bör den vara snabb igen. Bra att veta: din "
            "{product} har garanti till {warranty}, så om fläkten fortsätter byter vi den utan "
            "kostnad.",
        ),
        "dock_monitor": TopicText(
            subjects=("Andra skärmen flimrar", "Skärmen hittas inte via dockan"),
            openings=(
                "Min andra skärm flimrar och blir svart i några sekunder när den är kopplad via "
                "dockningsstationen. Direkt i datorn fungerar den.",
                "Sedan jag flyttade till en plats på våning {floor} hittar datorn bara skärmen "
                "ibland när den sitter i dockan.",
            ),
            question="Vilken plats sitter du på, och är det den grå eller den svarta dockan? Några "
            "av de äldre grå behöver ny firmware.",
            answer="Plats {floor}.12, och det är den grå.",
            solution="Jag har bytt ut den grå dockan på din plats mot en ny och uppdaterat dess "
            "firmware, så båda skärmarna bör fungera stabilt nu.",
        ),
        "printer": TopicText(
            subjects=("Skrivaren {printer} fastnar hela tiden", "Pappersstopp på {printer}"),
            openings=(
                "Skrivaren {printer} på våning {floor} får pappersstopp på nästan varje utskrift, "
                "och det står en kö av kollegor och väntar.",
                "{printer} på våning {floor} visar hela tiden pappersstopp, men det sitter inget "
                "papper fast någonstans. Ingen kan skriva ut.",
            ),
            question="Vilket meddelande står exakt på skrivarens skärm? Ett foto går också bra.",
            answer='"Pappersstopp i fack 2", men fack 2 är tomt.',
            solution="Papperssensorn i fack 2 var smutsig. Den är rengjord och {printer} är online "
            "igen; dina väntande utskrifter har kommit ut.",
        ),
        "password": TopicText(
            subjects=("Kontot är låst", "Kan inte logga in efter telefonbyte"),
            openings=(
                "Mitt konto låstes efter att jag bytte lösenord i morse. Jag tror att telefonen "
                "fortfarande försöker hämta mejl med det gamla.",
                "Jag har fått en ny telefon och autentiseringsappen följde inte med, så nu kan jag "
                "inte logga in någonstans.",
            ),
            question="För att skydda ditt konto behöver jag kontrollera att det verkligen är du: "
            "vilka är de fyra sista siffrorna i ditt anställningsnummer?",
            answer="Självklart, det är {pin}.",
            solution="Ditt konto är upplåst och jag har återställt dina inloggningsmetoder. Nästa "
            "gång du loggar in får du ställa in autentiseringsappen igen; det tar två minuter.",
        ),
        "folder_access": TopicText(
            subjects=(
                "Behörighet till mappen {folder}",
                "Behöver skrivrättigheter i en delad mapp",
            ),
            openings=(
                "Kan jag få behörighet till den delade mappen {folder}? Min chef har godkänt det; "
                "jag börjar i projektet nästa vecka.",
                "Jag ser mappen {folder}, men varje fil säger ”åtkomst nekad”. Jag behöver "
                "redigera dem till kvartalsrapporten.",
            ),
            question="Gärna. Vem godkände det, så att jag kan notera det på beställningen, och "
            "behöver du läs- eller skrivrättigheter?",
            answer="Min teamledare godkände det via mejl i går. Skrivrättigheter, tack.",
            solution="Du har nu skrivrättigheter i {folder}. Det kan ta upp till en kvart innan "
            "det syns på din dator; logga ut och in igen så går det fortare.",
        ),
        "new_laptop": TopicText(
            subjects=("Ny dator: flytta mina filer", "Installera min nya {product}"),
            openings=(
                "Jag fick min nya {product} i dag, tack! Hur flyttar jag bäst filer och "
                "inställningar från den gamla? Jag vill gärna byta före fredag.",
                "Jag har precis packat upp min nya {product}. Kan någon hjälpa mig att ställa in "
                "den? Jag vet inte vilka appar jag ska installera själv.",
            ),
            question="Fungerar din gamla dator fortfarande? Då kan jag flytta allt på en gång. När "
            "passar det dig att vara utan båda i ungefär en timme?",
            answer="Ja, den fungerar. I morgon mellan 12 och 13 vore perfekt, då äter jag lunch.",
            solution="Dina filer, bokmärken och mejlinställningar finns nu på nya {product}, och "
            "alla standardappar är installerade. Behåll den gamla en vecka till och lämna sedan in "
            "den i IT-disken.",
        ),
        "vpn": TopicText(
            subjects=("VPN ansluter inte hemifrån", "VPN kopplas ner hela tiden"),
            openings=(
                "Sedan jag bytte dator ansluter inte VPN:en hemifrån: den säger att mitt "
                "certifikat är ogiltigt.",
                "När jag jobbar hemifrån kopplas VPN:en ner ungefär var tionde minut och jag måste "
                "logga in igen varje gång.",
            ),
            question="Vet du vilken tid du försökte senast? Då letar jag upp det i loggarna.",
            answer="Runt 10.40 i morse, hemifrån via wifi.",
            solution="Det nya VPN-certifikatet saknades på din dator. Jag har installerat det och "
            "flyttat dig till den stabilare anslutningsprofilen, så den bör hålla uppkopplingen "
            "nu.",
        ),
        "wifi": TopicText(
            subjects=("Wifi försvinner på våning {floor}", "Dåligt wifi vid mötesrummen"),
            openings=(
                "Wifi:t på våning {floor} försvinner hela tiden, särskilt vid mötesrummen. "
                "Videosamtalen fryser med några minuters mellanrum.",
                "I mötesrummen på våning {floor} är wifi:t ibland borta i en minut. Pinsamt när vi "
                "har kunder i samtalet.",
            ),
            question="Vilket rum är värst, och ungefär vilken tid? Då jämför jag med loggarna från "
            "accesspunkterna.",
            answer="Mest rum {floor}.05, runt två på eftermiddagen när det är fullt.",
            solution="Accesspunkten vid rum {floor}.05 var överbelastad. Vi har satt upp en till "
            "och flyttat mötesrummen till det snabbare bandet, så samtalen bör vara stabila nu.",
        ),
        "late_delivery": TopicText(
            subjects=("Order {order} har inte levererats", "Var är mitt paket?"),
            openings=(
                "Jag beställde en teservis i er webbutik (order {order}) som skulle komma {date}, "
                "men inget har kommit. Spårningen har stått still i flera dagar.",
                "Min order {order} skulle ha kommit senast {date}. Det är en födelsedagspresent, "
                "så jag vill gärna veta var den är.",
            ),
            question="Kan du bekräfta din leveransadress? Budfirman rapporterar att de inte "
            "hittade ingången.",
            answer="Adressen i mitt konto stämmer, men dörren är lätt att missa: det är den "
            "vänstra, bredvid bageriet.",
            solution="Jag har bett budfirman att leverera igen i morgon, med en notering om dörren "
            "bredvid bageriet, och uppgraderat till express på vår bekostnad. Du får en ny "
            "spårningslänk via mejl.",
        ),
        "damaged": TopicText(
            subjects=("Skadad vara i order {order}", "Tekannan kom trasig"),
            openings=(
                "Gjutjärnstekannan från order {order} kom med ett sprucket lock. Kartongen såg hel "
                "ut utanpå.",
                "När jag öppnade paketet med order {order} var tekannan trasig. Så synd, jag hade "
                "sett fram emot den.",
            ),
            question="Förlåt, vad tråkigt! Kan du beskriva skadan, eller skicka ett foto om det är "
            "enkelt? Då reklamerar jag det hos budfirman; du behöver inte skicka tillbaka något.",
            answer="Det går en spricka över hela locket och pipen har en skåra. Kartongen var helt "
            "oskadd.",
            solution="En ny tekanna skickas till dig i dag, och den trasiga behöver du inte skicka "
            "tillbaka. Jag har lagt med ett paket sencha som en ursäkt.",
        ),
        "booking_change": TopicText(
            subjects=("Ändra bokning {booking}", "Fel resdatum i min bokning"),
            openings=(
                "Jag bokade tåget från Tokyo till {city} den {date} (bokning {booking}), men jag "
                "skulle ha valt dagen efter. Går det fortfarande att ändra?",
                "Jag gjorde fel med bokning {booking}: resan till {city} ska vara dagen efter "
                "{date}. Kan ni ändra det utan att avboka allt?",
            ),
            question="Självklart. Vill du ha samma avgångstid den nya dagen, och samma platser?",
            answer="Samma tid, tack, och platser bredvid varandra om det går.",
            solution="Klart: bokning {booking} reser nu dagen efter {date}, samma tid, två platser "
            "bredvid varandra. De nya biljetterna finns i ditt konto och de gamla är makulerade, "
            "så du behöver inte göra något mer.",
        ),
        "sim_card": TopicText(
            subjects=("SIM-kort till min resa till Japan", "Pocket-wifi eller SIM-kort i {city}?"),
            openings=(
                "Jag flyger till {city} den {date}. Kan jag beställa ett japanskt SIM-kort via er "
                "och hämta det på flygplatsen?",
                "Vi landar i {city} den {date}. Vad är smidigast för oss: ett SIM-kort var, eller "
                "en pocket-wifi? Och var hämtar vi den?",
            ),
            question="Hur många dagar stannar du, och tar din telefon eSIM?",
            answer="Fjorton dagar, och ja, min telefon har eSIM. Jag har kollat.",
            solution="Jag har reserverat ett eSIM för 14 dagar med obegränsad data; QR-koden "
            "kommer via mejl två dagar före avresan, och vår disk i ankomsthallen hjälper till om "
            "något strular. Vart ska du först efter landningen? Om du tar tåget in till stan kan "
            "du växla in ditt Japan Rail Pass på JR-kontoret i samma hall.",
        ),
        "rail_pass": TopicText(
            subjects=("Växla in Japan Rail Pass", "Platsbokning med mitt Rail Pass"),
            openings=(
                "Jag har en voucher för Japan Rail Pass (bokning {booking}). Var växlar jag in "
                "den, och kan jag boka platser på tåget till {city} i förväg?",
                "Kan jag boka platser på shinkansen till {city} med mitt Rail Pass innan jag "
                "reser? Jag kommer fram den {date}.",
            ),
            question="Börjar ditt pass gälla dagen du kommer fram, eller senare? Och vill du sitta "
            "vid fönstret?",
            answer="Det börjar dagen efter att jag kommer fram. Fönsterplats, tack!",
            solution="Din plats är bokad: fönsterplats i vagn 7 på morgontåget till {city}. Växla "
            "in vouchern på JR-kontoret i ankomsthallen; där skriver de ut din platsbokning "
            "samtidigt.",
        ),
        "refund": TopicText(
            subjects=(
                "Återbetalning för avbokad bokning {booking}",
                "Väntar fortfarande på återbetalning",
            ),
            openings=(
                "Jag avbokade bokning {booking} för tre veckor sedan och blev lovad en "
                "återbetalning på {amount}, men den har inte kommit till mitt konto än.",
                "Kan ni kontrollera återbetalningen för bokning {booking}? Det gällde {amount} och "
                "jag har fortfarande inte fått något.",
            ),
            question="Kan du bekräfta de fyra sista siffrorna på kortet du betalade med? "
            "Återbetalningar går alltid tillbaka till samma kort.",
            answer="Kortet slutar på {pin}.",
            solution="Jag hittade det: återbetalningen på {amount} hade fastnat eftersom kortet "
            "hade gått ut. Jag har släppt den till ditt nya kort, och den syns på ditt kontoutdrag "
            "inom tre arbetsdagar.",
        ),
        "invoice": TopicText(
            subjects=("Faktura för order {order}", "Behöver en faktura på företaget"),
            openings=(
                "Kan ni skicka en faktura för order {order} med vårt företagsnamn och momsnummer? "
                "Vår ekonomiavdelning behöver den.",
                "För order {order} fick jag bara ett kvitto, men jag behöver en riktig faktura "
                "ställd till vårt företag.",
            ),
            question="Självklart. Vilket företagsnamn och momsnummer ska stå på den?",
            answer="{org}, samma adress som på ordern. Momsnumret finns i mina kontouppgifter.",
            solution="Fakturan för order {order}, ställd till {org}, ligger i ditt konto under "
            "Ordrar > Fakturor. Jag har sparat uppgifterna så att kommande fakturor blir rätt "
            "direkt.",
        ),
        "headset_wave": TopicText(
            subjects=(
                "Headsetet slutade fungera efter uppdateringen",
                "{product}: mikrofonen fungerar inte",
                "Headsetet hörs bara i ena örat, mikrofonen död",
            ),
            openings=(
                "Sedan gårdagens uppdatering känns mitt {product}-headset inte igen längre. Förra "
                "veckan fungerade det perfekt.",
                "Mikrofonen i mitt {product} slutade fungera i morse: ingen hör mig i samtalen. "
                "Kollegan bredvid har exakt samma problem.",
                "Efter omstarten för uppdateringen fungerar mitt {product} bara i ena örat och "
                "mikrofonen är helt död.",
            ),
            solution="Du är inte ensam: flera kollegor har rapporterat samma sak sedan "
            "uppdateringen, så det är verkligen inget du har gjort. Vi åtgärdar orsaken för alla. "
            "Till dess fungerar headsetet i USB-C-porten på datorns vänstra sida, eftersom den "
            "fortfarande använder den gamla drivrutinen.",
        ),
    },
)
