"""The demo desk's knowledge base: help-centre topics and articles of Hanabi's IT desk and
customer service, in the languages a real desk would have them in (not every article in
every language: that is what cross-lingual search is for).

Includes the seed stories: the Aurora H5 headset fault as a known issue, the SIM card and
the rail pass, the swapped tickets, the teacups that arrived broken, the laptop fixed over
lunch. One article is due for review (the printer), so the outdated flag can be seen.
"""

# Prose in Japanese (and Swedish) uses its own punctuation on purpose.
# ruff: noqa: RUF001, E501

from __future__ import annotations

from dataclasses import dataclass, field

# (slug, icon, position, names, descriptions)
TOPICS: tuple[tuple[str, str, int, dict[str, str], dict[str, str]], ...] = (
    (
        "devices",
        "💻",
        1,
        {
            "en": "Laptops & devices",
            "nl": "Laptops en apparaten",
            "fr": "Ordinateurs et appareils",
            "sv": "Datorer och enheter",
            "de": "Laptops und Geräte",
            "ja": "パソコン・機器",
        },
        {
            "en": "Headsets, screens, docks, printers and your laptop.",
            "nl": "Headsets, schermen, docks, printers en je laptop.",
            "fr": "Casques, écrans, stations d'accueil, imprimantes et votre ordinateur.",
            "sv": "Headset, skärmar, dockor, skrivare och din dator.",
            "de": "Headsets, Bildschirme, Docks, Drucker und Ihr Laptop.",
            "ja": "ヘッドセット、モニター、ドック、プリンター、ノートPC。",
        },
    ),
    (
        "accounts",
        "🔑",
        2,
        {
            "en": "Accounts & sign-in",
            "nl": "Accounts en inloggen",
            "fr": "Comptes et connexion",
            "sv": "Konton och inloggning",
            "de": "Konten und Anmeldung",
            "ja": "アカウント・サインイン",
        },
        {
            "en": "Passwords, two-factor sign-in and access to shared folders.",
            "nl": "Wachtwoorden, tweestapsverificatie en toegang tot gedeelde mappen.",
            "fr": "Mots de passe, double authentification et accès aux dossiers partagés.",
            "sv": "Lösenord, tvåstegsverifiering och åtkomst till delade mappar.",
            "de": "Passwörter, Zwei-Faktor-Anmeldung und Zugriff auf freigegebene Ordner.",
            "ja": "パスワード、二段階認証、共有フォルダーへのアクセス。",
        },
    ),
    (
        "network",
        "🌐",
        3,
        {
            "en": "Network & VPN",
            "nl": "Netwerk en VPN",
            "fr": "Réseau et VPN",
            "sv": "Nätverk och VPN",
            "de": "Netzwerk und VPN",
            "ja": "ネットワーク・VPN",
        },
        {
            "en": "Working from home, the VPN and Wi-Fi in the offices.",
            "nl": "Thuiswerken, de VPN en wifi op kantoor.",
            "fr": "Télétravail, VPN et Wi-Fi dans les bureaux.",
            "sv": "Distansarbete, VPN och wifi på kontoren.",
            "de": "Homeoffice, VPN und WLAN in den Büros.",
            "ja": "在宅勤務、VPN、オフィスのWi-Fi。",
        },
    ),
    (
        "orders",
        "📦",
        4,
        {
            "en": "Orders & delivery",
            "nl": "Bestellingen en bezorging",
            "fr": "Commandes et livraison",
            "sv": "Beställningar och leverans",
            "de": "Bestellungen und Lieferung",
            "ja": "ご注文・配送",
        },
        {
            "en": "Where your parcel is, and what to do when something arrives damaged.",
            "nl": "Waar je pakket is, en wat te doen als er iets beschadigd aankomt.",
            "fr": "Où en est votre colis, et que faire si un article arrive abîmé.",
            "sv": "Var ditt paket är, och vad du gör om något kommer fram skadat.",
            "de": "Wo Ihr Paket ist und was zu tun ist, wenn etwas beschädigt ankommt.",
            "ja": "荷物の状況や、破損して届いた場合のご案内。",
        },
    ),
    (
        "journeys",
        "🚄",
        5,
        {
            "en": "Journeys & bookings",
            "nl": "Reizen en boekingen",
            "fr": "Voyages et réservations",
            "sv": "Resor och bokningar",
            "de": "Reisen und Buchungen",
            "ja": "旅行・ご予約",
        },
        {
            "en": "Changing a booking, SIM cards, pocket Wi-Fi and the Japan Rail Pass.",
            "nl": "Een boeking wijzigen, simkaarten, pocket-wifi en de Japan Rail Pass.",
            "fr": "Modifier une réservation, cartes SIM, Wi-Fi de poche et Japan Rail Pass.",
            "sv": "Ändra en bokning, SIM-kort, fickwifi och Japan Rail Pass.",
            "de": "Buchungen ändern, SIM-Karten, Pocket-WLAN und der Japan Rail Pass.",
            "ja": "予約の変更、SIMカード、ポケットWi-Fi、ジャパン・レール・パス。",
        },
    ),
    (
        "payments",
        "💳",
        6,
        {
            "en": "Payments & refunds",
            "nl": "Betalingen en terugbetalingen",
            "fr": "Paiements et remboursements",
            "sv": "Betalningar och återbetalningar",
            "de": "Zahlungen und Erstattungen",
            "ja": "お支払い・返金",
        },
        {
            "en": "Refunds, invoices and paying for your trip.",
            "nl": "Terugbetalingen, facturen en betalen voor je reis.",
            "fr": "Remboursements, factures et paiement de votre voyage.",
            "sv": "Återbetalningar, fakturor och betalning av resan.",
            "de": "Erstattungen, Rechnungen und die Bezahlung Ihrer Reise.",
            "ja": "返金、請求書、ご旅行のお支払い。",
        },
    ),
)


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    topic: str | None
    author: str
    # language -> (title, summary, Markdown body); the first is the original.
    texts: dict[str, tuple[str, str, str]]
    kind: str = "howto"
    audience: str = "public"
    # Days from today until the review is due; negative: overdue (flagged as outdated).
    review_in_days: int = 180
    drafts: tuple[str, ...] = field(default=())  # languages still in draft


ARTICLES: tuple[ArticleSpec, ...] = (
    ArticleSpec(
        "aurora-h5-driver-update",
        "devices",
        "sanne",
        kind="known_issue",
        review_in_days=14,
        texts={
            "en": (
                "Aurora H5 headsets cut out after the latest audio driver update",
                "A known fault: we are rolling back the driver for everyone.",
                "Since the audio driver update of this week, **Aurora H5** headsets crackle or drop the sound during calls. It is not something you did: it is a fault in the driver, and it hits every Aurora H5.\n\n**What we are doing:** we are rolling the driver back on every laptop. You do not need to do anything; it happens the next time your laptop restarts.\n\n**Until then:** unplug the headset and plug it into the *other* USB port; that works around it for most people.\n\nYou do not need to report it again. If the rollback does not help, reply to your request or ask us below.",
            ),
            "nl": (
                "Aurora H5-headsets vallen weg na de laatste audiodriver-update",
                "Een bekende storing: we zetten de driver voor iedereen terug.",
                "Sinds de audiodriver-update van deze week kraken **Aurora H5**-headsets of valt het geluid weg tijdens gesprekken. Het ligt niet aan jou: het is een fout in de driver en hij treft elke Aurora H5.\n\n**Wat wij doen:** we zetten de driver op elke laptop terug. Je hoeft niets te doen; het gebeurt bij de volgende herstart.\n\n**Tot die tijd:** trek de headset los en steek hem in de *andere* USB-poort; voor de meesten lost dat het op.\n\nJe hoeft het niet opnieuw te melden.",
            ),
            "fr": (
                "Casques Aurora H5 : coupures depuis la dernière mise à jour du pilote audio",
                "Un problème connu : nous réinstallons l'ancien pilote pour tout le monde.",
                "Depuis la mise à jour du pilote audio de cette semaine, les casques **Aurora H5** grésillent ou coupent le son pendant les appels. Vous n'y êtes pour rien : c'est un défaut du pilote, qui touche tous les Aurora H5.\n\n**Ce que nous faisons :** nous remettons l'ancien pilote sur chaque ordinateur, au prochain redémarrage.\n\n**En attendant :** débranchez le casque et branchez-le sur l'*autre* port USB.\n\nInutile de nous le signaler à nouveau.",
            ),
            "sv": (
                "Aurora H5-headset tappar ljudet efter senaste ljuddrivrutinen",
                "Ett känt fel: vi backar drivrutinen för alla.",
                "Sedan veckans uppdatering av ljuddrivrutinen knastrar **Aurora H5**-headset eller tappar ljudet under samtal. Det är inte ditt fel – felet sitter i drivrutinen och drabbar alla Aurora H5.\n\n**Det här gör vi:** vi backar drivrutinen på alla datorer vid nästa omstart.\n\n**Till dess:** dra ur headsetet och sätt det i den *andra* USB-porten.\n\nDu behöver inte anmäla det igen.",
            ),
            "de": (
                "Aurora-H5-Headsets setzen nach dem letzten Audiotreiber-Update aus",
                "Ein bekannter Fehler: Wir setzen den Treiber für alle zurück.",
                "Seit dem Audiotreiber-Update dieser Woche knistern **Aurora-H5**-Headsets oder verlieren während Anrufen den Ton. Das liegt nicht an Ihnen: Der Fehler steckt im Treiber und betrifft jedes Aurora H5.\n\n**Was wir tun:** Wir setzen den Treiber auf allen Laptops beim nächsten Neustart zurück.\n\n**Bis dahin:** Stecken Sie das Headset in den *anderen* USB-Anschluss.\n\nSie müssen es nicht erneut melden.",
            ),
            "ja": (
                "最新のオーディオドライバー更新後、Aurora H5ヘッドセットの音が途切れる",
                "既知の不具合です。全員分のドライバーを元に戻しています。",
                "今週のオーディオドライバー更新以降、**Aurora H5** ヘッドセットで通話中に雑音が入ったり音が途切れたりしています。お客様の操作のせいではありません。ドライバーの不具合で、すべての Aurora H5 に影響します。\n\n**対応：** 次回の再起動時に、すべてのノートPCでドライバーを元に戻します。\n\n**それまでの回避策：** ヘッドセットを抜き、*もう一方の* USBポートに挿してください。\n\n改めてご連絡いただく必要はありません。",
            ),
        },
    ),
    ArticleSpec(
        "headset-crackles",
        "devices",
        "kenji",
        texts={
            "en": (
                "Headset crackles or cuts out during calls",
                "Three checks that fix most headset trouble.",
                "1. **Plug it in directly**, not through the dock or a USB hub.\n2. In the call app, open *Settings → Audio* and choose the headset as both microphone and speaker.\n3. Restart the call app.\n\nIs it an **Aurora H5** and did it start this week? That is a known issue: see *Aurora H5 headsets cut out after the latest audio driver update*.\n\nStill crackling? Ask us: we swap a broken headset the same day.",
            ),
            "nl": (
                "Headset kraakt of valt weg tijdens gesprekken",
                "Drie dingen die de meeste headsetproblemen oplossen.",
                "1. **Sluit hem direct aan**, niet via het dock of een USB-hub.\n2. Kies in de belapp bij *Instellingen → Audio* de headset als microfoon én luidspreker.\n3. Start de belapp opnieuw.\n\nIs het een **Aurora H5** en begon het deze week? Dan is het een bekende storing.\n\nKraakt hij nog? Vraag het ons: een kapotte headset ruilen we dezelfde dag.",
            ),
            "sv": (
                "Headsetet knastrar eller tappar ljudet i samtal",
                "Tre kontroller som löser det mesta.",
                "1. **Anslut det direkt**, inte via dockan eller en USB-hubb.\n2. Välj headsetet som både mikrofon och högtalare under *Inställningar → Ljud* i samtalsappen.\n3. Starta om samtalsappen.\n\nÄr det ett **Aurora H5** och började det i veckan? Då är det ett känt fel.\n\nKnastrar det fortfarande? Hör av dig – vi byter ett trasigt headset samma dag.",
            ),
            "de": (
                "Headset knistert oder setzt bei Anrufen aus",
                "Drei Prüfungen, die die meisten Probleme lösen.",
                "1. **Direkt anschließen**, nicht über das Dock oder einen USB-Hub.\n2. In der Anruf-App unter *Einstellungen → Audio* das Headset als Mikrofon und Lautsprecher wählen.\n3. Die Anruf-App neu starten.\n\nEin **Aurora H5**, und es begann diese Woche? Das ist ein bekannter Fehler.\n\nKnistert es weiter? Fragen Sie uns: Ein defektes Headset tauschen wir am selben Tag.",
            ),
        },
    ),
    ArticleSpec(
        "laptop-slow",
        "devices",
        "kenji",
        texts={
            "en": (
                "Your laptop is slow: what to try first",
                "Restart, updates, and when we take it over lunch.",
                "- **Restart** it (not just close the lid): updates only finish after a restart.\n- Close browser tabs you are not using; each one takes memory.\n- Check *Software Centre* for updates waiting to install.\n\nStill slow? We can look at it **while you are at lunch**, so you do not lose working time: ask us, tell us when you usually eat, and leave the laptop at the IT desk. Nothing you did caused it; laptops slow down and it is our job to fix that.",
            ),
            "nl": (
                "Je laptop is traag: wat je eerst kunt proberen",
                "Herstarten, updates, en wanneer wij hem tijdens de lunch meenemen.",
                "- **Herstart** hem (niet alleen de klep dicht): updates worden pas na een herstart afgerond.\n- Sluit tabbladen die je niet gebruikt; elk tabblad kost geheugen.\n- Kijk in *Software Center* of er updates klaarstaan.\n\nNog steeds traag? We kunnen hem **tijdens je lunch** nakijken, zodat je geen werktijd verliest: vraag het ons, zeg wanneer je meestal luncht en laat de laptop bij de IT-balie.",
            ),
            "de": (
                "Ihr Laptop ist langsam: was Sie zuerst versuchen können",
                "Neustart, Updates und wann wir ihn in der Mittagspause übernehmen.",
                "- **Neu starten** (nicht nur zuklappen): Updates werden erst nach einem Neustart abgeschlossen.\n- Schließen Sie ungenutzte Browser-Tabs.\n- Prüfen Sie im *Software Center*, ob Updates warten.\n\nImmer noch langsam? Wir sehen ihn uns **während Ihrer Mittagspause** an, damit Sie keine Arbeitszeit verlieren.",
            ),
        },
    ),
    ArticleSpec(
        "dock-second-screen",
        "devices",
        "astrid",
        texts={
            "en": (
                "Second screen not detected through the dock",
                "Cable order and display settings.",
                "1. Unplug the dock's USB-C cable from the laptop, wait ten seconds, plug it back in.\n2. Press **Windows + P** and choose *Extend*.\n3. Still black? Connect the screen directly with an HDMI cable to see whether the dock or the screen is at fault.\n\nA flickering screen is usually a loose cable; a dock that no longer charges the laptop needs replacing: ask us.",
            ),
            "nl": (
                "Tweede scherm wordt niet herkend via het dock",
                "Kabels en beeldscherminstellingen.",
                "1. Trek de USB-C-kabel van het dock uit de laptop, wacht tien seconden en steek hem terug.\n2. Druk op **Windows + P** en kies *Uitbreiden*.\n3. Nog zwart? Sluit het scherm direct met een HDMI-kabel aan om te zien of het aan het dock of het scherm ligt.",
            ),
            "sv": (
                "Den andra skärmen hittas inte via dockan",
                "Kablar och skärminställningar.",
                "1. Dra ur dockans USB-C-kabel ur datorn, vänta tio sekunder och sätt i den igen.\n2. Tryck på **Windows + P** och välj *Utöka*.\n3. Fortfarande svart? Anslut skärmen direkt med en HDMI-kabel för att se om felet sitter i dockan eller skärmen.",
            ),
        },
    ),
    ArticleSpec(
        "printer-paper-jam",
        "devices",
        "kenji",
        review_in_days=-21,
        texts={
            "en": (
                "Printer jams or shows a paper-jam error",
                "Clearing a jam on the floor printers.",
                "1. Open the front door and pull out **tray 2**.\n2. Remove any paper you can see, pulling gently in the direction of the paper path.\n3. Close everything and wait for the printer to restart.\n\nThe error stays although there is no paper? Switch the printer off and on.",
            ),
            "nl": (
                "Printer loopt vast of meldt een papierstoring",
                "Een papierstoring op de verdiepingsprinters verhelpen.",
                "1. Open de voorklep en trek **lade 2** uit.\n2. Haal zichtbaar papier voorzichtig weg in de richting van de papierbaan.\n3. Sluit alles en wacht tot de printer opnieuw opstart.",
            ),
            "fr": (
                "L'imprimante se bloque ou signale un bourrage papier",
                "Débloquer les imprimantes d'étage.",
                "1. Ouvrez la porte avant et tirez le **bac 2**.\n2. Retirez le papier visible en tirant doucement dans le sens du passage du papier.\n3. Refermez tout et attendez le redémarrage de l'imprimante.",
            ),
        },
    ),
    ArticleSpec(
        "password-reset",
        "accounts",
        "sanne",
        texts={
            "en": (
                "Reset your password or unlock your account",
                "Self-service reset, and what to do when you are locked out.",
                "Go to the sign-in page and choose **Forgot password**. We send a code to your phone; enter it and choose a new password of at least 12 characters.\n\nLocked out after too many attempts? The lock lifts by itself after **15 minutes**. Need it sooner, or did you not change anything? Ask us: we never ask for your password.",
            ),
            "nl": (
                "Je wachtwoord herstellen of je account ontgrendelen",
                "Zelf je wachtwoord herstellen, en wat te doen als je bent buitengesloten.",
                "Ga naar de inlogpagina en kies **Wachtwoord vergeten**. We sturen een code naar je telefoon; vul die in en kies een nieuw wachtwoord van minstens 12 tekens.\n\nGeblokkeerd na te veel pogingen? De blokkade vervalt na **15 minuten** vanzelf. Eerder nodig? Vraag het ons: we vragen nooit om je wachtwoord.",
            ),
            "fr": (
                "Réinitialiser votre mot de passe ou débloquer votre compte",
                "Réinitialisation en libre-service, et que faire si vous êtes bloqué.",
                "Sur la page de connexion, choisissez **Mot de passe oublié**. Nous envoyons un code sur votre téléphone ; saisissez-le et choisissez un nouveau mot de passe d'au moins 12 caractères.\n\nBloqué après trop d'essais ? Le blocage se lève tout seul après **15 minutes**. Besoin d'aller plus vite ? Demandez-nous : nous ne demandons jamais votre mot de passe.",
            ),
            "sv": (
                "Återställ lösenordet eller lås upp kontot",
                "Återställ själv, och vad du gör om du är utelåst.",
                "Gå till inloggningssidan och välj **Glömt lösenord**. Vi skickar en kod till din telefon; ange den och välj ett nytt lösenord på minst 12 tecken.\n\nUtelåst efter för många försök? Spärren släpper av sig själv efter **15 minuter**. Vi ber aldrig om ditt lösenord.",
            ),
            "de": (
                "Passwort zurücksetzen oder Konto entsperren",
                "Selbst zurücksetzen und was zu tun ist, wenn Sie gesperrt sind.",
                "Wählen Sie auf der Anmeldeseite **Passwort vergessen**. Wir senden einen Code an Ihr Telefon; geben Sie ihn ein und wählen Sie ein neues Passwort mit mindestens 12 Zeichen.\n\nNach zu vielen Versuchen gesperrt? Die Sperre endet nach **15 Minuten** von selbst. Wir fragen nie nach Ihrem Passwort.",
            ),
            "ja": (
                "パスワードの再設定・アカウントのロック解除",
                "ご自身での再設定と、ロックされた場合の対処。",
                "サインインページで **パスワードをお忘れの場合** を選びます。お使いの電話にコードを送りますので、入力して12文字以上の新しいパスワードを設定してください。\n\n何度も失敗してロックされた場合は、**15分**で自動的に解除されます。私たちがパスワードを尋ねることはありません。",
            ),
        },
    ),
    ArticleSpec(
        "two-factor-new-phone",
        "accounts",
        "astrid",
        texts={
            "en": (
                "Moving two-factor sign-in to a new phone",
                "Do this before you wipe the old phone.",
                "1. On a computer, open **My account → Security** and choose *Add sign-in method*.\n2. Scan the QR code with the authenticator app on the **new** phone.\n3. Remove the old phone from the list.\n\nOld phone already gone? Ask us; we check who you are by a video call and reset it.",
            ),
            "nl": (
                "Tweestapsverificatie naar een nieuwe telefoon verhuizen",
                "Doe dit voordat je de oude telefoon wist.",
                "1. Open op een computer **Mijn account → Beveiliging** en kies *Inlogmethode toevoegen*.\n2. Scan de QR-code met de authenticator-app op de **nieuwe** telefoon.\n3. Verwijder de oude telefoon uit de lijst.",
            ),
            "sv": (
                "Flytta tvåstegsverifieringen till en ny telefon",
                "Gör det innan du raderar den gamla telefonen.",
                "1. Öppna **Mitt konto → Säkerhet** på en dator och välj *Lägg till inloggningsmetod*.\n2. Skanna QR-koden med autentiseringsappen i den **nya** telefonen.\n3. Ta bort den gamla telefonen från listan.",
            ),
            "de": (
                "Zwei-Faktor-Anmeldung auf ein neues Telefon übertragen",
                "Erledigen Sie das, bevor Sie das alte Telefon zurücksetzen.",
                "1. Öffnen Sie am Computer **Mein Konto → Sicherheit** und wählen Sie *Anmeldemethode hinzufügen*.\n2. Scannen Sie den QR-Code mit der Authenticator-App auf dem **neuen** Telefon.\n3. Entfernen Sie das alte Telefon aus der Liste.",
            ),
        },
    ),
    ArticleSpec(
        "shared-folder-access",
        "accounts",
        "astrid",
        texts={
            "en": (
                "Getting access to a shared folder",
                "Who approves, and how long it takes.",
                "Ask us with the **name of the folder** and whether you need to read or also to edit. The folder's owner approves it; once they have, access arrives within an hour. Sign out and in again if it does not show up.",
            ),
            "nl": (
                "Toegang krijgen tot een gedeelde map",
                "Wie goedkeurt en hoe lang het duurt.",
                "Vraag het ons met de **naam van de map** en of je alleen wilt lezen of ook wilt bewerken. De eigenaar van de map keurt het goed; daarna heb je binnen een uur toegang.",
            ),
        },
    ),
    ArticleSpec(
        "new-laptop",
        "devices",
        "kenji",
        texts={
            "en": (
                "Moving to a new laptop",
                "Your files come along; book a slot that suits you.",
                "Your documents are in OneDrive, so they come along by themselves. What we move for you: browser bookmarks, printers and the VPN.\n\nBook a slot when you do not need your laptop, for example over lunch; it takes about an hour. After a new laptop, most people need **VPN access** set up again: we do it in the same visit.",
            ),
            "nl": (
                "Overstappen op een nieuwe laptop",
                "Je bestanden gaan mee; plan een moment dat jou uitkomt.",
                "Je documenten staan in OneDrive en gaan dus vanzelf mee. Wat wij voor je overzetten: bladwijzers, printers en de VPN.\n\nPlan een moment waarop je je laptop niet nodig hebt, bijvoorbeeld tijdens de lunch; het duurt ongeveer een uur.",
            ),
            "de": (
                "Umzug auf einen neuen Laptop",
                "Ihre Dateien kommen mit; buchen Sie einen passenden Termin.",
                "Ihre Dokumente liegen in OneDrive und kommen von selbst mit. Wir übertragen Lesezeichen, Drucker und das VPN.\n\nBuchen Sie einen Termin, an dem Sie den Laptop nicht brauchen, etwa in der Mittagspause; es dauert etwa eine Stunde.",
            ),
        },
    ),
    ArticleSpec(
        "vpn-from-home",
        "network",
        "sanne",
        texts={
            "en": (
                "Connecting to the VPN from home",
                "Install, sign in, and what an error 809 means.",
                "1. Open **Hanabi Connect** (already installed on company laptops).\n2. Sign in with your usual account and approve the request on your phone.\n3. The icon turns green when you are connected.\n\n**Error 809** means your home router blocks the connection: restart the router, or use your phone's hotspot for a moment to check.",
            ),
            "nl": (
                "Thuis verbinding maken met de VPN",
                "Installeren, inloggen, en wat foutcode 809 betekent.",
                "1. Open **Hanabi Connect** (staat al op bedrijfslaptops).\n2. Log in met je gewone account en keur het verzoek goed op je telefoon.\n3. Het pictogram wordt groen als je verbonden bent.\n\n**Fout 809** betekent dat je router thuis de verbinding blokkeert: herstart de router of probeer even de hotspot van je telefoon.",
            ),
            "fr": (
                "Se connecter au VPN depuis chez soi",
                "Installation, connexion, et l'erreur 809.",
                "1. Ouvrez **Hanabi Connect** (déjà installé sur les ordinateurs de l'entreprise).\n2. Connectez-vous avec votre compte habituel et validez la demande sur votre téléphone.\n3. L'icône devient verte une fois connecté.\n\nL'**erreur 809** signifie que votre box bloque la connexion : redémarrez-la ou essayez le partage de connexion de votre téléphone.",
            ),
            "sv": (
                "Ansluta till VPN hemifrån",
                "Installera, logga in, och vad fel 809 betyder.",
                "1. Öppna **Hanabi Connect** (finns redan på företagets datorer).\n2. Logga in med ditt vanliga konto och godkänn begäran i telefonen.\n3. Ikonen blir grön när du är ansluten.\n\n**Fel 809** betyder att din router hemma blockerar anslutningen: starta om routern eller testa telefonens surfzon.",
            ),
            "de": (
                "Von zu Hause mit dem VPN verbinden",
                "Installieren, anmelden und was Fehler 809 bedeutet.",
                "1. Öffnen Sie **Hanabi Connect** (auf Firmenlaptops vorinstalliert).\n2. Melden Sie sich mit Ihrem normalen Konto an und bestätigen Sie die Anfrage auf dem Telefon.\n3. Das Symbol wird grün, sobald Sie verbunden sind.\n\n**Fehler 809** bedeutet, dass Ihr Router die Verbindung blockiert: Router neu starten oder kurz den Hotspot des Telefons nutzen.",
            ),
            "ja": (
                "自宅からVPNに接続する",
                "インストール、サインイン、エラー809の意味。",
                "1. **Hanabi Connect** を開きます（会社のノートPCにはインストール済みです）。\n2. いつものアカウントでサインインし、電話で承認します。\n3. 接続されるとアイコンが緑色になります。\n\n**エラー809** は自宅のルーターが接続を遮断しているという意味です。ルーターを再起動するか、スマートフォンのテザリングで試してください。",
            ),
        },
    ),
    ArticleSpec(
        "vpn-keeps-disconnecting",
        "network",
        "kenji",
        texts={
            "en": (
                "The VPN keeps disconnecting",
                "Usually Wi-Fi switching or power saving.",
                "If the VPN drops every few minutes, the laptop is usually hopping between Wi-Fi networks or saving power on the network card.\n\n1. Open **Settings → Network** and untick *Switch networks automatically*.\n2. Under *Power options*, set the network card to *Maximum performance*.\n3. Reconnect Hanabi Connect.\n\nDoes it drop for colleagues too, at the same moment? Then it is on our side: tell us.",
            ),
            "nl": (
                "De VPN valt steeds weg",
                "Meestal wisselen tussen wifi-netwerken of energiebesparing.",
                "Valt de VPN om de paar minuten weg, dan springt de laptop meestal tussen wifi-netwerken of spaart hij energie op de netwerkkaart.\n\n1. Open **Instellingen → Netwerk** en zet *Automatisch van netwerk wisselen* uit.\n2. Zet bij *Energiebeheer* de netwerkkaart op *Maximale prestaties*.\n3. Maak opnieuw verbinding met Hanabi Connect.",
            ),
        },
    ),
    ArticleSpec(
        "office-wifi",
        "network",
        "astrid",
        texts={
            "en": (
                "Wi-Fi in the offices",
                "Which network to use and where coverage is weak.",
                "Use **Hanabi-Staff** with your normal account; **Hanabi-Guest** is for visitors and has no access to internal systems. Coverage is weakest near the large meeting rooms on each floor; we are adding access points there. Tell us the floor and the spot if it drops.",
            ),
            "sv": (
                "Wifi på kontoren",
                "Vilket nätverk du ska använda och var täckningen är svag.",
                "Använd **Hanabi-Staff** med ditt vanliga konto; **Hanabi-Guest** är för besökare och når inte interna system. Täckningen är svagast vid de stora mötesrummen; vi sätter upp fler åtkomstpunkter där.",
            ),
        },
    ),
    ArticleSpec(
        "network-outage-escalation",
        "network",
        "sanne",
        audience="agents",
        texts={
            "en": (
                "Escalating a network or VPN outage (agents)",
                "When to call the on-call engineer.",
                "Call the network on-call engineer (number in the team channel) when **five or more** people report the VPN or Wi-Fi down within 30 minutes, or a whole office is offline.\n\nLink the incidents, post a known-issue article so guests see it while they type, and tell everyone affected when it is fixed, in their language.",
            ),
        },
    ),
    ArticleSpec(
        "where-is-my-order",
        "orders",
        "camille",
        texts={
            "en": (
                "Where is my order?",
                "Tracking, delivery times and when to contact us.",
                "Orders leave our warehouse within **two working days**. You receive an email with a tracking link as soon as the parcel is on its way.\n\n- Within the Netherlands and Belgium: 1–2 days.\n- Elsewhere in Europe: 3–5 days.\n- Japan: 5–8 days.\n\nNo tracking email after three working days, or has the tracking not moved for a week? Ask us with your order number and we chase the carrier for you.",
            ),
            "nl": (
                "Waar is mijn bestelling?",
                "Track & trace, levertijden en wanneer je contact opneemt.",
                "Bestellingen verlaten ons magazijn binnen **twee werkdagen**. Je krijgt een e-mail met een track-and-tracelink zodra het pakket onderweg is.\n\n- Nederland en België: 1–2 dagen.\n- Elders in Europa: 3–5 dagen.\n- Japan: 5–8 dagen.\n\nNa drie werkdagen nog geen mail, of staat de status een week stil? Vraag het ons met je bestelnummer.",
            ),
            "fr": (
                "Où est ma commande ?",
                "Suivi, délais de livraison et quand nous contacter.",
                "Les commandes quittent notre entrepôt sous **deux jours ouvrés**. Vous recevez un e-mail avec un lien de suivi dès que le colis est en route.\n\n- Pays-Bas et Belgique : 1 à 2 jours.\n- Reste de l'Europe : 3 à 5 jours.\n- Japon : 5 à 8 jours.\n\nPas d'e-mail après trois jours ouvrés, ou un suivi bloqué depuis une semaine ? Écrivez-nous avec votre numéro de commande.",
            ),
            "sv": (
                "Var är min beställning?",
                "Spårning, leveranstider och när du ska kontakta oss.",
                "Beställningar lämnar lagret inom **två arbetsdagar**. Du får ett mejl med en spårningslänk när paketet är på väg.\n\n- Nederländerna och Belgien: 1–2 dagar.\n- Övriga Europa: 3–5 dagar.\n- Japan: 5–8 dagar.\n\nInget mejl efter tre arbetsdagar? Hör av dig med ditt ordernummer.",
            ),
            "de": (
                "Wo ist meine Bestellung?",
                "Sendungsverfolgung, Lieferzeiten und wann Sie uns kontaktieren.",
                "Bestellungen verlassen unser Lager innerhalb von **zwei Werktagen**. Sie erhalten eine E-Mail mit einem Tracking-Link, sobald das Paket unterwegs ist.\n\n- Niederlande und Belgien: 1–2 Tage.\n- Übriges Europa: 3–5 Tage.\n- Japan: 5–8 Tage.\n\nNach drei Werktagen keine E-Mail? Schreiben Sie uns mit Ihrer Bestellnummer.",
            ),
            "ja": (
                "注文した商品はいつ届きますか？",
                "配送状況の確認方法、お届け日数、お問い合わせの目安。",
                "ご注文の商品は **2営業日以内** に倉庫から発送します。発送されると追跡リンク付きのメールをお送りします。\n\n- オランダ・ベルギー：1〜2日\n- その他のヨーロッパ：3〜5日\n- 日本：5〜8日\n\n3営業日たってもメールが届かない場合は、注文番号を添えてお問い合わせください。",
            ),
        },
    ),
    ArticleSpec(
        "damaged-item",
        "orders",
        "camille",
        texts={
            "en": (
                "An item arrived damaged",
                "Send a photo; we send a new one at once.",
                "We are sorry: a broken teapot is no welcome at all. Take a **photo of the item and the box** and send it with your order number. We send a replacement straight away; you do not need to return the broken item.",
            ),
            "fr": (
                "Un article est arrivé abîmé",
                "Envoyez une photo, nous renvoyons l'article aussitôt.",
                "Nous en sommes désolés. Prenez une **photo de l'article et du carton** et envoyez-la avec votre numéro de commande. Nous envoyons un remplacement tout de suite ; inutile de nous renvoyer l'article cassé.",
            ),
            "ja": (
                "商品が破損して届いた場合",
                "写真をお送りいただければ、すぐに代わりをお送りします。",
                "大変申し訳ございません。**商品と箱の写真** を撮り、注文番号を添えてお送りください。すぐに代わりの商品を発送いたします。破損した商品をご返送いただく必要はありません。",
            ),
            "nl": (
                "Een artikel is beschadigd aangekomen",
                "Stuur een foto; we sturen meteen een nieuw.",
                "Wat vervelend. Maak een **foto van het artikel en de doos** en stuur die met je bestelnummer. We sturen meteen een vervanging; het kapotte artikel hoef je niet terug te sturen.",
            ),
        },
    ),
    ArticleSpec(
        "change-booking-date",
        "journeys",
        "lena",
        texts={
            "en": (
                "Changing the date of a booking",
                "Free until 48 hours before departure.",
                "You can change the date of a train or bus booking **free of charge** until 48 hours before departure: open the booking from your confirmation email and choose *Change*.\n\nBooked the wrong departure by mistake, or is it less than 48 hours? Ask us: we swap it straight away and sort out the paperwork afterwards, so you can travel.",
            ),
            "sv": (
                "Ändra datum för en bokning",
                "Kostnadsfritt fram till 48 timmar före avgång.",
                "Du kan ändra datum för en tåg- eller bussbokning **utan kostnad** fram till 48 timmar före avgång: öppna bokningen från bekräftelsemejlet och välj *Ändra*.\n\nBokade du fel avgång av misstag, eller är det mindre än 48 timmar kvar? Hör av dig – vi byter direkt och tar pappersarbetet efteråt, så att du kan resa.",
            ),
            "fr": (
                "Modifier la date d'une réservation",
                "Gratuit jusqu'à 48 heures avant le départ.",
                "Vous pouvez modifier la date d'une réservation de train ou de bus **gratuitement** jusqu'à 48 heures avant le départ : ouvrez la réservation depuis l'e-mail de confirmation et choisissez *Modifier*.\n\nMauvais départ réservé par erreur ? Écrivez-nous : nous échangeons tout de suite.",
            ),
            "nl": (
                "De datum van een boeking wijzigen",
                "Gratis tot 48 uur voor vertrek.",
                "Je kunt de datum van een trein- of busboeking **gratis** wijzigen tot 48 uur voor vertrek: open de boeking vanuit je bevestigingsmail en kies *Wijzigen*.\n\nPer ongeluk het verkeerde vertrek geboekt? Vraag het ons: we ruilen meteen.",
            ),
            "de": (
                "Das Datum einer Buchung ändern",
                "Kostenlos bis 48 Stunden vor Abfahrt.",
                "Sie können das Datum einer Zug- oder Busbuchung bis 48 Stunden vor Abfahrt **kostenlos** ändern: Öffnen Sie die Buchung aus der Bestätigungs-E-Mail und wählen Sie *Ändern*.",
            ),
        },
        drafts=("de",),
    ),
    ArticleSpec(
        "sim-or-pocket-wifi-japan",
        "journeys",
        "lena",
        texts={
            "en": (
                "SIM card or pocket Wi-Fi for Japan?",
                "What to choose, and where to pick it up at the airport.",
                "- **SIM card**: one person, one phone, data only. Picked up at the counter in the arrivals hall; the staff put it in for you.\n- **Pocket Wi-Fi**: shared by up to five devices; return it at the airport when you leave.\n\nTravelling on by train? The **Japan Rail Pass** exchange counter is next to the SIM counter in most airports: bring your exchange order along.",
            ),
            "nl": (
                "Simkaart of pocket-wifi voor Japan?",
                "Wat je kiest, en waar je het ophaalt op het vliegveld.",
                "- **Simkaart**: één persoon, één telefoon, alleen data. Op te halen bij de balie in de aankomsthal; de medewerker plaatst hem voor je.\n- **Pocket-wifi**: voor maximaal vijf apparaten; lever hem bij vertrek in op het vliegveld.\n\nReis je verder met de trein? De wisselbalie van de **Japan Rail Pass** zit op de meeste vliegvelden naast de simkaartbalie.",
            ),
            "fr": (
                "Carte SIM ou Wi-Fi de poche pour le Japon ?",
                "Que choisir, et où le retirer à l'aéroport.",
                "- **Carte SIM** : une personne, un téléphone, données uniquement. À retirer au comptoir du hall des arrivées ; le personnel l'installe pour vous.\n- **Wi-Fi de poche** : jusqu'à cinq appareils ; à rendre à l'aéroport au départ.\n\nVous continuez en train ? Le comptoir d'échange du **Japan Rail Pass** est à côté du comptoir SIM dans la plupart des aéroports.",
            ),
            "sv": (
                "SIM-kort eller fickwifi i Japan?",
                "Vad du ska välja och var du hämtar det på flygplatsen.",
                "- **SIM-kort**: en person, en telefon, bara data. Hämtas i disken i ankomsthallen; personalen sätter i det åt dig.\n- **Fickwifi**: för upp till fem enheter; lämnas tillbaka på flygplatsen när du reser hem.\n\nSka du vidare med tåg? Växeldisken för **Japan Rail Pass** ligger bredvid SIM-disken på de flesta flygplatser.",
            ),
            "de": (
                "SIM-Karte oder Pocket-WLAN für Japan?",
                "Was Sie wählen und wo Sie es am Flughafen abholen.",
                "- **SIM-Karte**: eine Person, ein Telefon, nur Daten. Abholung am Schalter in der Ankunftshalle.\n- **Pocket-WLAN**: für bis zu fünf Geräte; Rückgabe am Flughafen bei der Abreise.\n\nGeht es mit dem Zug weiter? Der Umtauschschalter für den **Japan Rail Pass** liegt meist direkt daneben.",
            ),
            "ja": (
                "日本でのSIMカードとポケットWi-Fi",
                "どちらを選ぶか、空港での受け取り場所。",
                "- **SIMカード**：お一人・一台向け、データ通信のみ。到着ロビーのカウンターでお受け取りいただけ、スタッフが差し替えます。\n- **ポケットWi-Fi**：最大5台まで接続可能。ご出国時に空港でご返却ください。\n\n電車で移動される方へ：多くの空港では **ジャパン・レール・パス** の引換カウンターがSIMカウンターの隣にあります。",
            ),
        },
    ),
    ArticleSpec(
        "japan-rail-pass",
        "journeys",
        "lena",
        texts={
            "en": (
                "Exchanging and using your Japan Rail Pass",
                "Exchange order, seat reservations and where to go.",
                "1. Bring your **exchange order** and passport to a JR exchange office (airports and big stations).\n2. Choose the day your pass starts: it can be up to a month later.\n3. Reserve seats for free at any ticket office or machine; on busy routes (Tokyo–Kyoto) we recommend it.\n\nLost the exchange order? Ask us: we can reissue it before you travel.",
            ),
            "nl": (
                "Je Japan Rail Pass omwisselen en gebruiken",
                "Ruilbewijs, zitplaatsreserveringen en waar je heen moet.",
                "1. Neem je **ruilbewijs** en paspoort mee naar een JR-wisselkantoor (vliegvelden en grote stations).\n2. Kies de dag waarop je pas ingaat: tot een maand later.\n3. Reserveer gratis zitplaatsen bij elk loket of elke automaat; op drukke trajecten (Tokio–Kioto) raden we dat aan.",
            ),
            "fr": (
                "Échanger et utiliser votre Japan Rail Pass",
                "Bon d'échange, réservations de places et où aller.",
                "1. Apportez votre **bon d'échange** et votre passeport à un bureau d'échange JR (aéroports et grandes gares).\n2. Choisissez le jour de début du pass : jusqu'à un mois plus tard.\n3. Réservez vos places gratuitement à un guichet ou une machine ; conseillé sur les lignes chargées (Tokyo–Kyoto).",
            ),
            "sv": (
                "Växla och använda ditt Japan Rail Pass",
                "Växlingsbevis, platsbokning och vart du ska gå.",
                "1. Ta med **växlingsbeviset** och passet till ett JR-växlingskontor (flygplatser och stora stationer).\n2. Välj dagen passet börjar gälla: upp till en månad senare.\n3. Boka platser gratis i valfri biljettlucka eller automat; på populära sträckor (Tokyo–Kyoto) rekommenderar vi det.",
            ),
            "de": (
                "Japan Rail Pass umtauschen und nutzen",
                "Umtauschgutschein, Sitzplatzreservierungen und wohin Sie gehen.",
                "1. Bringen Sie **Umtauschgutschein** und Reisepass zu einem JR-Umtauschbüro (Flughäfen und große Bahnhöfe).\n2. Wählen Sie den Starttag des Passes: bis zu einen Monat später.\n3. Reservieren Sie Sitzplätze kostenlos am Schalter oder Automaten.",
            ),
            "ja": (
                "ジャパン・レール・パスの引換と使い方",
                "引換証、座席指定、窓口の場所。",
                "1. **引換証** とパスポートをJRの引換所（空港・主要駅）にお持ちください。\n2. パスの利用開始日を選びます（最大1か月後まで）。\n3. 座席指定は窓口や券売機で無料です。東京〜京都など混雑する区間ではおすすめします。",
            ),
        },
    ),
    ArticleSpec(
        "refund-timing",
        "payments",
        "camille",
        texts={
            "en": (
                "When will I get my refund?",
                "Refunds go back to the way you paid.",
                "A refund goes back to the card or account you paid with, **within 5 working days** of the cancellation. Your bank may take a few days more to show it. After ten working days and still nothing? Ask us with the booking number and we send you the payment reference.",
            ),
            "nl": (
                "Wanneer krijg ik mijn geld terug?",
                "Terugbetalingen gaan terug naar hoe je betaald hebt.",
                "Een terugbetaling gaat naar de kaart of rekening waarmee je betaalde, **binnen 5 werkdagen** na de annulering. Je bank kan er nog een paar dagen over doen. Na tien werkdagen nog niets? Vraag het ons met je boekingsnummer.",
            ),
            "fr": (
                "Quand serai-je remboursé ?",
                "Le remboursement revient sur le moyen de paiement utilisé.",
                "Le remboursement est versé sur la carte ou le compte utilisé pour payer, **sous 5 jours ouvrés** après l'annulation. Votre banque peut mettre quelques jours de plus à l'afficher.",
            ),
            "de": (
                "Wann bekomme ich mein Geld zurück?",
                "Erstattungen gehen auf dem Zahlungsweg zurück.",
                "Eine Erstattung geht **innerhalb von 5 Werktagen** nach der Stornierung auf die Karte oder das Konto zurück, mit dem Sie bezahlt haben. Ihre Bank braucht eventuell ein paar Tage länger.",
            ),
        },
    ),
    ArticleSpec(
        "company-invoice",
        "payments",
        "camille",
        texts={
            "en": (
                "Getting an invoice with your company details",
                "Add the company name and VAT number.",
                "When you order, tick **I need a company invoice** and enter the company name, address and VAT number. Already ordered? Ask us with the order number and the details; we send a corrected invoice the same day.",
            ),
            "nl": (
                "Een factuur op naam van je bedrijf",
                "Voeg bedrijfsnaam en btw-nummer toe.",
                "Vink bij het bestellen **Ik heb een zakelijke factuur nodig** aan en vul bedrijfsnaam, adres en btw-nummer in. Al besteld? Stuur ons het bestelnummer en de gegevens; we sturen dezelfde dag een aangepaste factuur.",
            ),
            "de": (
                "Eine Rechnung mit Ihren Firmendaten",
                "Firmenname und USt-IdNr. angeben.",
                "Kreuzen Sie bei der Bestellung **Ich benötige eine Firmenrechnung** an und geben Sie Firmenname, Adresse und USt-IdNr. ein. Schon bestellt? Schicken Sie uns Bestellnummer und Daten.",
            ),
        },
    ),
    ArticleSpec(
        "honest-advice-cheaper-options",
        "payments",
        "sanne",
        audience="agents",
        texts={
            "en": (
                "Honest advice: cheaper options to mention (agents)",
                "Tell the guest what saves them money, even when it earns us less.",
                "- Paying with the **Hanabi card** gives 5 % off journeys: mention it before the guest pays, not after.\n- A Rail Pass only pays off from about three long-distance trips; for a Tokyo–Kyoto return, single tickets are cheaper.\n- A damaged item under warranty is replaced, not repaired at the guest's cost.",
            ),
        },
    ),
)

# What guests asked when an article answered them (deflections), for the questions list.
# (article slug, question, question language)
DEFLECTIONS: tuple[tuple[str, str, str], ...] = (
    ("password-reset", "Ik kan niet meer inloggen, wachtwoord vergeten", "nl"),
    ("vpn-from-home", "VPN gibt Fehler 809 im Homeoffice", "de"),
    ("where-is-my-order", "Mon colis n'est toujours pas arrivé, commande passée lundi", "fr"),
    ("sim-or-pocket-wifi-japan", "Behöver jag ett SIM-kort när jag landar i Sapporo?", "sv"),
    ("damaged-item", "湯呑みが割れて届きました", "ja"),
    ("aurora-h5-driver-update", "My Aurora headset keeps cutting out in Teams since Tuesday", "en"),
)
