"""Deutsch."""

from omotenashi.demo.texts import LanguagePack, TopicText

PACK = LanguagePack(
    code="de",
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    date_pattern="{day}. {month}",
    long_date_pattern="{day}. {month} {year}",
    money_pattern="{amount} €",
    decimal_comma=True,
    guest_greetings=("Hallo,", "Guten Tag,", "Liebes Support-Team,", "Hallo zusammen,"),
    guest_signoffs=(
        "Danke und viele Grüße\n{name}",
        "Mit freundlichen Grüßen\n{name}",
        "Vielen Dank im Voraus!\n{name}",
        "Beste Grüße\n{name}",
    ),
    agent_greetings=("Hallo {name},", "Guten Tag {name},"),
    agent_closings=(
        "Viele Grüße\n{agent}",
        "Beste Grüße\n{agent}",
        "Einen schönen Tag noch!\n{agent}",
    ),
    agent_acks=(
        "Danke, dass Sie sich melden, und entschuldigen Sie die Umstände.",
        "Danke für die klare Beschreibung, das hilft mir sehr.",
        "Das ist ärgerlich! Wir kümmern uns darum.",
        "Vielen Dank für Ihre Nachricht.",
    ),
    agent_checks=(
        "Können Sie mir kurz Bescheid geben, ob es jetzt funktioniert?",
        "Würden Sie es bitte bei sich prüfen und mir Bescheid geben?",
        "Melden Sie sich gern, falls es weiterhin Probleme gibt.",
    ),
    guest_confirms=(
        "Ja, jetzt funktioniert es wieder. Vielen herzlichen Dank!",
        "Alles läuft wieder, danke für die schnelle Hilfe.",
        "Das war's, vielen Dank!",
    ),
    guest_again=(
        "Entschuldigung, dass ich mich noch einmal melde, aber das Problem ist seit heute Morgen "
        "wieder da.",
        "Leider ist es heute wieder passiert, genau wie beim ersten Mal.",
    ),
    agent_again=(
        "Schade, dass es wiedergekommen ist, so sollte es nicht sein. Ich habe noch einmal genau "
        "nachgesehen und diesmal die Ursache behoben, nicht nur das Symptom; es sollte jetzt "
        "halten.",
        "Danke, dass Sie es sofort gemeldet haben. Ich habe gefunden, was noch nicht stimmte, und "
        "es ersetzt; falls es noch einmal passiert, antworten Sie hier und ich komme persönlich "
        "vorbei.",
    ),
    guest_chases=(
        "Gibt es schon etwas Neues? Ich komme immer noch nicht weiter.",
        "Ich wollte kurz nachfragen: Schaut sich das schon jemand an?",
    ),
    agent_late=(
        "Entschuldigen Sie die späte Antwort; wir hatten diese Woche deutlich mehr Anfragen als "
        "sonst.",
        "Es tut mir leid, dass Sie so lange auf eine Antwort warten mussten.",
    ),
    agent_close_thanks=(
        "Schön zu hören! Ich schließe das Ticket; antworten Sie einfach auf diese Nachricht, falls "
        "noch etwas ist.",
        "Freut mich, dass es klappt. Einen schönen Tag noch!",
    ),
    agent_on_hold=(
        "Ich musste ein Ersatzteil bei unserem Lieferanten bestellen. Sobald es da ist, melde ich "
        "mich, voraussichtlich bis {weekday}.",
        "Ich kläre das mit einer Kollegin aus dem Backoffice und melde mich spätestens am "
        "{weekday}.",
    ),
    agent_back=(
        "Gute Nachrichten: Alles ist angekommen und jetzt erledigt.",
        "Danke für Ihre Geduld, jetzt ist alles erledigt.",
    ),
    topics={
        "headset": TopicText(
            subjects=("Headset knistert bei Anrufen", "{product}: Ton bricht ständig ab"),
            openings=(
                "Mein {product}-Headset knistert seit Kurzem bei Videokonferenzen, und die "
                "Kollegen sagen, dass sie mich kaum verstehen. Einen anderen USB-Anschluss habe "
                "ich schon probiert.",
                "In jedem Gespräch bricht meine Stimme ab und das {product} knistert. Bis letzte "
                "Woche lief alles problemlos.",
            ),
            question="Passiert das bei jedem Anruf oder nur, wenn der Laptop aus dem Ruhezustand "
            "kommt? Und leuchtet das kleine Lämpchen am Kabel?",
            answer="Bei jedem Anruf, und das Lämpchen bleibt aus. Letzten Freitag ging noch alles.",
            solution="Ich habe den neuesten Audiotreiber auf Ihren Laptop gespielt und die "
            "Firmware des Headsets aus der Ferne zurückgesetzt. Nach einem Neustart sollte der Ton "
            "wieder klar sein.",
        ),
        "laptop_slow": TopicText(
            subjects=("Laptop extrem langsam", "{product} braucht ewig zum Starten"),
            openings=(
                "Mein {product} ist so langsam geworden, dass das Öffnen einer Tabelle Minuten "
                "dauert, und der Lüfter läuft ununterbrochen. Seriennummer: {serial}.",
                "Heute Morgen hing mein {product} über zehn Minuten am Startbildschirm, und "
                "seitdem ist alles zäh. Seriennummer {serial}.",
            ),
            question="Wissen Sie ungefähr, wann es angefangen hat und ob kurz davor etwas "
            "installiert wurde? Lassen Sie den Laptop bitte eingeschaltet und verbunden, dann "
            "schaue ich aus der Ferne drauf.",
            answer="Seit Dienstag, direkt nach dem letzten Update, glaube ich. Er ist jetzt an.",
            solution="Ein Update hing im Hintergrund fest und hat die Festplatte vollgeschrieben. "
            "Ich habe aufgeräumt und 40 GB freigemacht; nach einem Neustart sollte er wieder flott "
            "sein. Gut zu wissen: Ihr {product} hat noch bis zum {warranty} Garantie, falls der "
            "Lüfter weiter dauernd läuft, tauschen wir ihn kostenlos.",
        ),
        "dock_monitor": TopicText(
            subjects=("Zweiter Bildschirm flackert", "Monitor wird über das Dock nicht erkannt"),
            openings=(
                "Mein zweiter Bildschirm flackert und wird für ein paar Sekunden schwarz, wenn er "
                "über die Dockingstation angeschlossen ist. Direkt am Laptop geht es.",
                "Seit ich an einem Platz im {floor}. Stock sitze, erkennt mein Laptop den Monitor "
                "über das Dock nur ab und zu.",
            ),
            question="An welchem Platz sitzen Sie, und ist es das graue oder das schwarze Dock? "
            "Einige der älteren grauen brauchen neue Firmware.",
            answer="Platz {floor}.12, und es ist das graue.",
            solution="Ich habe das graue Dock an Ihrem Platz gegen ein neues getauscht und die "
            "Firmware aktualisiert; beide Bildschirme sollten jetzt zuverlässig laufen.",
        ),
        "printer": TopicText(
            subjects=(
                "Drucker {printer} hat ständig Papierstau",
                "Papierstau-Meldung an {printer}",
            ),
            openings=(
                "Der Drucker {printer} im {floor}. Stock hat bei fast jedem Auftrag Papierstau, "
                "und daneben wartet schon eine Schlange von Kollegen.",
                "{printer} im {floor}. Stock meldet ständig Papierstau, aber es steckt nirgends "
                "Papier fest. Niemand kann drucken.",
            ),
            question="Welche Meldung steht genau auf dem Display des Druckers? Ein Foto geht auch.",
            answer="„Papierstau in Fach 2“, aber Fach 2 ist leer.",
            solution="Der Papiersensor in Fach 2 war verschmutzt. Er ist gereinigt, {printer} ist "
            "wieder online und Ihre wartenden Aufträge sind gedruckt.",
        ),
        "password": TopicText(
            subjects=("Konto gesperrt", "Anmeldung nach Handywechsel nicht möglich"),
            openings=(
                "Nachdem ich heute Morgen mein Passwort geändert habe, wurde mein Konto gesperrt. "
                "Ich glaube, mein Handy versucht noch, mit dem alten Passwort Mails abzurufen.",
                "Ich habe ein neues Handy und die Authenticator-App ist nicht mit umgezogen, jetzt "
                "kann ich mich nirgends mehr anmelden.",
            ),
            question="Zum Schutz Ihres Kontos muss ich kurz prüfen, dass Sie es wirklich sind: Wie "
            "lauten die letzten vier Ziffern Ihrer Personalnummer?",
            answer="Natürlich, das ist {pin}.",
            solution="Ihr Konto ist entsperrt und ich habe Ihre Anmeldemethoden zurückgesetzt. Bei "
            "der nächsten Anmeldung werden Sie gebeten, die Authenticator-App neu einzurichten; "
            "das dauert zwei Minuten.",
        ),
        "folder_access": TopicText(
            subjects=(
                "Zugriff auf den Ordner {folder}",
                "Schreibrechte für einen freigegebenen Ordner",
            ),
            openings=(
                "Könnte ich Zugriff auf den freigegebenen Ordner {folder} bekommen? Meine "
                "Vorgesetzte hat zugestimmt; ich steige nächste Woche ins Projekt ein.",
                "Ich sehe den Ordner {folder}, aber bei jeder Datei heißt es „Zugriff verweigert“. "
                "Ich muss sie für den Quartalsbericht bearbeiten.",
            ),
            question="Gern. Wer hat es genehmigt, damit ich es am Antrag vermerke, und brauchen "
            "Sie Lese- oder Schreibrechte?",
            answer="Meine Teamleiterin hat es gestern per Mail genehmigt. Schreibrechte, bitte.",
            solution="Sie haben jetzt Schreibrechte auf {folder}. Es kann bis zu einer "
            "Viertelstunde dauern, bis es auf Ihrem Laptop ankommt; Ab- und wieder Anmelden "
            "beschleunigt das.",
        ),
        "new_laptop": TopicText(
            subjects=("Neuer Laptop: Dateien umziehen", "Meinen neuen {product} einrichten"),
            openings=(
                "Ich habe heute meinen neuen {product} bekommen, danke! Wie ziehe ich meine "
                "Dateien und Einstellungen am besten vom alten um? Ich würde gern vor Freitag "
                "wechseln.",
                "Ich habe gerade meinen neuen {product} ausgepackt. Kann mir jemand beim "
                "Einrichten helfen? Ich weiß nicht, welche Apps ich selbst installieren soll.",
            ),
            question="Funktioniert Ihr alter Laptop noch? Dann kann ich alles in einem Rutsch "
            "übertragen. Wann passt es Ihnen, etwa eine Stunde ohne beide auszukommen?",
            answer="Ja, der läuft noch. Morgen zwischen 12 und 13 Uhr wäre perfekt, da bin ich in "
            "der Mittagspause.",
            solution="Ihre Dateien, Lesezeichen und Mail-Einstellungen sind auf dem neuen "
            "{product}, und alle Standard-Apps sind installiert. Bitte behalten Sie den alten noch "
            "eine Woche und geben Sie ihn dann am IT-Schalter ab.",
        ),
        "vpn": TopicText(
            subjects=("VPN verbindet sich nicht von zu Hause", "VPN trennt ständig die Verbindung"),
            openings=(
                "Seit ich einen anderen Laptop habe, verbindet sich das VPN von zu Hause nicht "
                "mehr: Es heißt, mein Zertifikat sei ungültig.",
                "Im Homeoffice bricht das VPN etwa alle zehn Minuten ab und ich muss mich jedes "
                "Mal neu anmelden.",
            ),
            question="Wissen Sie, wann Sie es zuletzt versucht haben? Dann suche ich es in den "
            "Logs.",
            answer="Gegen 10:40 Uhr heute Morgen, von zu Hause über WLAN.",
            solution="Auf Ihrem Laptop fehlte das neue VPN-Zertifikat. Ich habe es installiert und "
            "Sie auf das stabilere Verbindungsprofil umgestellt; die Verbindung sollte jetzt "
            "halten.",
        ),
        "wifi": TopicText(
            subjects=(
                "WLAN bricht im {floor}. Stock ab",
                "Schlechtes WLAN bei den Besprechungsräumen",
            ),
            openings=(
                "Das WLAN im {floor}. Stock bricht ständig ab, vor allem bei den "
                "Besprechungsräumen. Videokonferenzen frieren alle paar Minuten ein.",
                "In den Besprechungsräumen im {floor}. Stock ist das WLAN manchmal eine Minute "
                "lang weg. Sehr unangenehm, wenn Kunden in der Leitung sind.",
            ),
            question="Welcher Raum ist am schlimmsten, und ungefähr zu welcher Uhrzeit? Dann "
            "vergleiche ich es mit den Logs der Access Points.",
            answer="Vor allem Raum {floor}.05, gegen 14 Uhr, wenn er voll ist.",
            solution="Der Access Point bei Raum {floor}.05 war überlastet. Wir haben einen zweiten "
            "installiert und die Besprechungsräume auf das schnellere Band gelegt; die Gespräche "
            "sollten jetzt stabil bleiben.",
        ),
        "late_delivery": TopicText(
            subjects=("Bestellung {order} noch nicht geliefert", "Wo bleibt mein Paket?"),
            openings=(
                "Ich habe in Ihrem Webshop ein Teeservice bestellt (Bestellung {order}), Lieferung "
                "war für den {date} angekündigt, aber es ist nichts angekommen. Die "
                "Sendungsverfolgung steht seit Tagen still.",
                "Meine Bestellung {order} hätte spätestens am {date} da sein sollen. Es ist ein "
                "Geburtstagsgeschenk, deshalb wüsste ich gern, wo es ist.",
            ),
            question="Können Sie mir Ihre Lieferadresse bestätigen? Der Paketdienst meldet, dass "
            "er den Eingang nicht gefunden hat.",
            answer="Die Adresse in meinem Konto stimmt, aber die Tür übersieht man leicht: Es ist "
            "die linke, neben der Bäckerei.",
            solution="Ich habe den Paketdienst gebeten, morgen erneut zuzustellen, mit einem "
            "Hinweis auf die Tür neben der Bäckerei, und die Sendung auf unsere Kosten auf Express "
            "umgestellt. Sie bekommen einen neuen Tracking-Link per Mail.",
        ),
        "damaged": TopicText(
            subjects=("Beschädigter Artikel in Bestellung {order}", "Teekanne kam zerbrochen an"),
            openings=(
                "Die gusseiserne Teekanne aus Bestellung {order} kam mit einem gesprungenen Deckel "
                "an. Der Karton sah von außen einwandfrei aus.",
                "Als ich das Paket von Bestellung {order} geöffnet habe, war die Teekanne kaputt. "
                "Schade, ich hatte mich so darauf gefreut.",
            ),
            question="Das tut mir sehr leid. Können Sie den Schaden beschreiben oder ein Foto "
            "schicken, wenn das einfach geht? Dann reklamiere ich es beim Paketdienst; Sie müssen "
            "nichts zurückschicken.",
            answer="Über den ganzen Deckel läuft ein Riss und an der Tülle ist ein Stück "
            "abgeplatzt. Der Karton selbst war unbeschädigt.",
            solution="Eine neue Teekanne geht heute an Sie raus, und die kaputte müssen Sie nicht "
            "zurückschicken. Als kleine Entschuldigung liegt ein Päckchen Sencha bei.",
        ),
        "booking_change": TopicText(
            subjects=("Buchung {booking} ändern", "Falsches Reisedatum in meiner Buchung"),
            openings=(
                "Ich habe den Zug von Tokio nach {city} am {date} gebucht (Buchung {booking}), "
                "hätte aber den Tag danach wählen sollen. Kann ich das noch ändern?",
                "Bei Buchung {booking} ist mir ein Fehler passiert: Die Fahrt nach {city} soll am "
                "Tag nach dem {date} sein. Geht das, ohne alles zu stornieren?",
            ),
            question="Natürlich. Möchten Sie am neuen Tag dieselbe Abfahrtszeit und dieselben "
            "Plätze?",
            answer="Dieselbe Uhrzeit bitte, und wenn möglich Plätze nebeneinander.",
            solution="Erledigt: Buchung {booking} fährt jetzt am Tag nach dem {date}, gleiche "
            "Uhrzeit, zwei Plätze nebeneinander. Die neuen Tickets sind in Ihrem Konto, die alten "
            "sind storniert; Sie müssen nichts weiter tun.",
        ),
        "sim_card": TopicText(
            subjects=("SIM-Karte für meine Japanreise", "Pocket-WLAN oder SIM-Karte in {city}?"),
            openings=(
                "Ich fliege am {date} nach {city}. Kann ich über Sie eine japanische SIM-Karte "
                "bestellen und am Flughafen abholen?",
                "Wir landen am {date} in {city}. Was ist praktischer: für jeden eine SIM-Karte "
                "oder ein Pocket-WLAN? Und wo holen wir es ab?",
            ),
            question="Wie viele Tage bleiben Sie, und unterstützt Ihr Handy eine eSIM?",
            answer="Vierzehn Tage, und ja, mein Handy kann eSIM. Habe ich nachgesehen.",
            solution="Ich habe eine eSIM für 14 Tage mit unbegrenztem Datenvolumen reserviert; den "
            "QR-Code bekommen Sie zwei Tage vor Abflug per Mail, und unser Schalter in der "
            "Ankunftshalle hilft, falls etwas nicht klappt. Wohin geht es nach der Landung als "
            "Erstes? Wenn Sie mit dem Zug in die Stadt fahren, können Sie Ihren Japan Rail Pass im "
            "JR-Büro in derselben Halle umtauschen.",
        ),
        "rail_pass": TopicText(
            subjects=("Japan Rail Pass umtauschen", "Sitzplatzreservierung mit meinem Rail Pass"),
            openings=(
                "Ich habe einen Gutschein für den Japan Rail Pass (Buchung {booking}). Wo tausche "
                "ich ihn um, und kann ich Plätze im Zug nach {city} vorab reservieren?",
                "Kann ich mit meinem Rail Pass schon vor der Reise Plätze im Shinkansen nach "
                "{city} reservieren? Ich komme am {date} an.",
            ),
            question="Gilt Ihr Pass ab dem Ankunftstag oder später? Und möchten Sie am Fenster "
            "sitzen?",
            answer="Er gilt ab dem Tag nach der Ankunft. Fensterplatz, bitte!",
            solution="Ihr Platz ist reserviert: Fensterplatz in Wagen 7 im Morgenzug nach {city}. "
            "Tauschen Sie den Gutschein am JR-Schalter in der Ankunftshalle um; dort wird Ihre "
            "Reservierung gleich mit ausgedruckt.",
        ),
        "refund": TopicText(
            subjects=(
                "Erstattung für stornierte Buchung {booking}",
                "Warte immer noch auf meine Erstattung",
            ),
            openings=(
                "Ich habe Buchung {booking} vor drei Wochen storniert, und mir wurde eine "
                "Erstattung von {amount} zugesagt, aber auf meinem Konto ist noch nichts "
                "angekommen.",
                "Könnten Sie die Erstattung für Buchung {booking} prüfen? Es ging um {amount}, und "
                "ich habe immer noch nichts erhalten.",
            ),
            question="Können Sie mir die letzten vier Ziffern der Karte bestätigen, mit der Sie "
            "bezahlt haben? Erstattungen gehen immer auf dieselbe Karte zurück.",
            answer="Die Karte endet auf {pin}.",
            solution="Gefunden: Die Erstattung von {amount} hing fest, weil die Karte abgelaufen "
            "war. Ich habe sie auf Ihre neue Karte freigegeben; sie erscheint innerhalb von drei "
            "Werktagen auf Ihrer Abrechnung.",
        ),
        "invoice": TopicText(
            subjects=("Rechnung für Bestellung {order}", "Rechnung auf die Firma benötigt"),
            openings=(
                "Könnten Sie mir eine Rechnung für Bestellung {order} mit unserem Firmennamen und "
                "unserer USt-IdNr. schicken? Unsere Buchhaltung braucht sie.",
                "Für Bestellung {order} habe ich nur einen Beleg bekommen, ich brauche aber eine "
                "richtige Rechnung auf unsere Firma.",
            ),
            question="Natürlich. Welcher Firmenname und welche USt-IdNr. sollen darauf stehen?",
            answer="{org}, gleiche Adresse wie auf der Bestellung. Die USt-IdNr. steht in meinen "
            "Kontodaten.",
            solution="Die Rechnung für Bestellung {order}, ausgestellt auf {org}, finden Sie in "
            "Ihrem Konto unter Bestellungen > Rechnungen. Ich habe die Angaben gespeichert, damit "
            "künftige Rechnungen gleich stimmen.",
        ),
        "headset_wave": TopicText(
            subjects=(
                "Headset funktioniert nach dem Update nicht mehr",
                "{product}: Mikrofon geht nicht",
                "Headset nur noch auf einem Ohr, Mikrofon tot",
            ),
            openings=(
                "Seit dem Update gestern wird mein {product}-Headset nicht mehr erkannt. Letzte "
                "Woche hat es einwandfrei funktioniert.",
                "Das Mikrofon meines {product} geht seit heute Morgen nicht mehr: In Gesprächen "
                "hört mich niemand. Mein Kollege nebenan hat genau dasselbe Problem.",
                "Nach dem Neustart für das Update funktioniert mein {product} nur noch auf einem "
                "Ohr, und das Mikrofon ist tot.",
            ),
            solution="Sie sind nicht der Einzige: Seit dem Update haben mehrere Kollegen genau "
            "dasselbe gemeldet, es liegt also ganz sicher nicht an Ihnen. Wir beheben die Ursache "
            "für alle. Bis dahin funktioniert das Headset am USB-C-Anschluss links am Laptop, denn "
            "der nutzt noch den alten Treiber.",
        ),
    },
)
