"""Français."""

from omotenashi.demo.texts import LanguagePack, TopicText

PACK = LanguagePack(
    code="fr",
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    date_pattern="{day} {month}",
    long_date_pattern="{day} {month} {year}",
    money_pattern="{amount} €",
    decimal_comma=True,
    guest_greetings=(
        "Bonjour,",
        "Bonjour à toute l'équipe,",
        "Madame, Monsieur,",
        "Bonjour Madame, Monsieur,",
    ),
    guest_signoffs=(
        "Merci d'avance,\n{name}",
        "Cordialement,\n{name}",
        "Bien à vous,\n{name}",
        "Merci beaucoup,\n{name}",
    ),
    agent_greetings=("Bonjour {name},",),
    agent_closings=(
        "Bien cordialement,\n{agent}",
        "Belle journée,\n{agent}",
        "Bien à vous,\n{agent}",
    ),
    agent_acks=(
        "Merci de nous avoir prévenus, et désolé pour ce désagrément.",
        "Merci pour cette description très claire, elle m'aide beaucoup.",
        "Je suis navré d'apprendre cela ; nous allons régler ça ensemble.",
        "Merci pour votre message.",
    ),
    agent_checks=(
        "Pourriez-vous me dire si tout fonctionne maintenant ?",
        "Pouvez-vous vérifier de votre côté et me tenir au courant ?",
        "N'hésitez pas à me le dire si le problème persiste.",
    ),
    guest_confirms=(
        "Oui, tout fonctionne à nouveau. Merci infiniment !",
        "C'est réglé, merci pour votre rapidité.",
        "Parfait, c'était bien ça. Merci beaucoup !",
    ),
    guest_again=(
        "Désolé de revenir vers vous, mais le problème est réapparu ce matin.",
        "Malheureusement, c'est arrivé de nouveau aujourd'hui, exactement comme la première fois.",
    ),
    agent_again=(
        "Je suis désolé que le problème soit revenu, ce n'est pas normal. J'ai regardé de plus "
        "près et cette fois j'ai corrigé la cause, pas seulement le symptôme : cela devrait tenir.",
        "Merci de nous l'avoir signalé tout de suite. J'ai trouvé ce qui clochait encore et je "
        "l'ai remplacé ; si cela se reproduit, répondez ici et je passerai vous voir en personne.",
    ),
    guest_chases=(
        "Avez-vous du nouveau ? Je suis toujours bloqué.",
        "Je me permets de relancer : quelqu'un a-t-il pu regarder ma demande ?",
    ),
    agent_late=(
        "Toutes mes excuses pour cette réponse tardive : nous avons reçu beaucoup plus de demandes "
        "que d'habitude cette semaine.",
        "Je suis désolé de vous avoir fait attendre aussi longtemps.",
    ),
    agent_close_thanks=(
        "Ravi de l'apprendre ! Je clôture la demande ; il suffit de répondre à ce message si "
        "besoin.",
        "Très bien, tant mieux. Excellente fin de journée !",
    ),
    agent_on_hold=(
        "J'ai dû commander une pièce chez notre fournisseur. Je reviens vers vous dès qu'elle "
        "arrive, sans doute d'ici {weekday}.",
        "Je vérifie ce point avec un collègue du back-office et je reviens vers vous d'ici "
        "{weekday}.",
    ),
    agent_back=(
        "Bonne nouvelle : tout est arrivé et c'est maintenant réglé.",
        "Merci pour votre patience, tout est réglé.",
    ),
    topics={
        "headset": TopicText(
            subjects=(
                "Le casque grésille pendant les appels",
                "Casque {product} : le son coupe sans arrêt",
            ),
            openings=(
                "Mon casque {product} grésille pendant les visioconférences et mes interlocuteurs "
                "m'entendent à peine. J'ai déjà essayé un autre port USB.",
                "À chaque appel ma voix coupe et le casque {product} grésille. Jusqu'à la semaine "
                "dernière, tout allait bien.",
            ),
            question="Est-ce que cela arrive à chaque appel, ou seulement quand l'ordinateur sort "
            "de veille ? Et le petit voyant sur le câble, est-il allumé ou éteint ?",
            answer="À chaque appel, et le voyant reste éteint. Vendredi dernier, tout marchait "
            "encore.",
            solution="J'ai installé à distance le dernier pilote audio sur votre ordinateur et "
            "réinitialisé le micrologiciel du casque. Après un redémarrage, le son devrait être de "
            "nouveau clair.",
        ),
        "laptop_slow": TopicText(
            subjects=(
                "Ordinateur portable extrêmement lent",
                "Le {product} met une éternité à démarrer",
            ),
            openings=(
                "Mon {product} est devenu si lent qu'ouvrir un tableur prend plusieurs minutes, et "
                "le ventilateur tourne sans arrêt. Numéro de série : {serial}.",
                "Ce matin, mon {product} est resté bloqué plus de dix minutes sur l'écran de "
                "démarrage, et tout est lent depuis. Numéro de série {serial}.",
            ),
            question="Savez-vous à peu près quand cela a commencé, et si quelque chose a été "
            "installé juste avant ? Si possible, laissez l'ordinateur allumé et connecté pour que "
            "je puisse regarder à distance.",
            answer="Depuis mardi, juste après la dernière mise à jour je crois. Il est allumé.",
            solution="Une mise à jour bloquée en arrière-plan remplissait le disque. J'ai fait le "
            "ménage et libéré 40 Go ; après un redémarrage, il devrait être rapide à nouveau. Bon "
            "à savoir : votre {product} est sous garantie jusqu'au {warranty}, donc si le "
            "ventilateur continue, nous le remplaçons sans frais.",
        ),
        "dock_monitor": TopicText(
            subjects=("Le deuxième écran clignote", "Écran non détecté via la station d'accueil"),
            openings=(
                "Mon deuxième écran clignote et devient noir quelques secondes quand il est "
                "branché sur la station d'accueil. Directement sur le portable, aucun souci.",
                "Depuis que je suis à un poste au {floor}e étage, mon portable ne voit l'écran "
                "branché sur la station d'accueil que de temps en temps.",
            ),
            question="À quel poste êtes-vous, et la station est-elle grise ou noire ? Certaines "
            "anciennes stations grises ont besoin d'un nouveau micrologiciel.",
            answer="Poste {floor}.12, et c'est la grise.",
            solution="J'ai remplacé la station grise de votre poste par une neuve et mis à jour "
            "son micrologiciel : les deux écrans devraient fonctionner sans problème.",
        ),
        "printer": TopicText(
            subjects=(
                "L'imprimante {printer} se bloque sans cesse",
                "Bourrage papier sur {printer}",
            ),
            openings=(
                "L'imprimante {printer} du {floor}e étage se bloque presque à chaque impression, "
                "et plusieurs collègues font la queue à côté.",
                "{printer}, au {floor}e étage, signale sans cesse un bourrage papier, mais il n'y "
                "a aucune feuille coincée. Personne ne peut imprimer.",
            ),
            question="Quel message exact s'affiche sur l'écran de l'imprimante ? Une photo "
            "convient aussi.",
            answer="« Bourrage papier bac 2 », alors que le bac 2 est vide.",
            solution="Le capteur papier du bac 2 était encrassé. Il est nettoyé et {printer} est "
            "de nouveau en ligne ; vos impressions en attente sont sorties.",
        ),
        "password": TopicText(
            subjects=("Compte bloqué", "Impossible de me connecter avec mon nouveau téléphone"),
            openings=(
                "Mon compte a été bloqué après le changement de mot de passe ce matin. Je pense "
                "que mon téléphone essaie encore de relever le courrier avec l'ancien.",
                "J'ai un nouveau téléphone et l'application d'authentification n'a pas été "
                "transférée : je ne peux plus me connecter nulle part.",
            ),
            question="Pour protéger votre compte, je dois vérifier que c'est bien vous : "
            "pouvez-vous me donner les quatre derniers chiffres de votre matricule ?",
            answer="Bien sûr, ce sont {pin}.",
            solution="Votre compte est débloqué et j'ai réinitialisé vos méthodes de connexion. À "
            "la prochaine connexion, il vous sera demandé de configurer à nouveau l'application "
            "d'authentification ; cela prend deux minutes.",
        ),
        "folder_access": TopicText(
            subjects=("Accès au dossier {folder}", "Droits de modification sur un dossier partagé"),
            openings=(
                "Pourrais-je avoir accès au dossier partagé {folder} ? Mon responsable a donné son "
                "accord ; je rejoins le projet la semaine prochaine.",
                "Je vois bien le dossier {folder}, mais chaque fichier affiche « accès refusé ». "
                "Je dois les modifier pour le rapport trimestriel.",
            ),
            question="Avec plaisir. Qui a donné l'accord, pour que je le note sur la demande, et "
            "avez-vous besoin d'un accès en lecture ou en modification ?",
            answer="Ma responsable d'équipe a validé hier par mail. En modification, s'il vous "
            "plaît.",
            solution="Vous avez maintenant les droits de modification sur {folder}. Cela peut "
            "prendre jusqu'à un quart d'heure pour arriver sur votre portable ; se déconnecter "
            "puis se reconnecter accélère les choses.",
        ),
        "new_laptop": TopicText(
            subjects=(
                "Nouveau portable : transfert de mes fichiers",
                "Configuration de mon nouveau {product}",
            ),
            openings=(
                "J'ai reçu mon nouveau {product} aujourd'hui, merci ! Quelle est la meilleure "
                "façon de transférer mes fichiers et réglages depuis l'ancien ? J'aimerais changer "
                "avant vendredi.",
                "Je viens de déballer mon nouveau {product}. Quelqu'un pourrait-il m'aider à le "
                "configurer ? Je ne sais pas quelles applications installer moi-même.",
            ),
            question="Votre ancien portable fonctionne-t-il encore ? Dans ce cas je peux tout "
            "copier en une fois. Quand pourriez-vous vous passer des deux pendant environ une "
            "heure ?",
            answer="Oui, il marche encore. Demain entre 12 h et 13 h, ce serait parfait : c'est ma "
            "pause déjeuner.",
            solution="Vos fichiers, favoris et réglages de messagerie sont sur le nouveau "
            "{product}, et toutes les applications standard sont installées. Gardez l'ancien "
            "encore une semaine, puis déposez-le au guichet informatique.",
        ),
        "vpn": TopicText(
            subjects=(
                "Le VPN ne se connecte pas depuis chez moi",
                "Le VPN se déconnecte sans arrêt",
            ),
            openings=(
                "Depuis que j'ai changé de portable, le VPN refuse de se connecter depuis chez moi "
                ": il indique que mon certificat n'est pas valide.",
                "En télétravail, le VPN se coupe toutes les dix minutes environ et je dois me "
                "reconnecter à chaque fois.",
            ),
            question="À quelle heure avez-vous essayé pour la dernière fois ? Je pourrai ainsi "
            "retrouver la tentative dans les journaux.",
            answer="Vers 10 h 40 ce matin, depuis chez moi en Wi-Fi.",
            solution="Le nouveau certificat VPN manquait sur votre portable. Je l'ai installé et "
            "je vous ai basculé sur le profil de connexion plus stable : la connexion devrait "
            "tenir.",
        ),
        "wifi": TopicText(
            subjects=(
                "Le Wi-Fi coupe au {floor}e étage",
                "Wi-Fi instable près des salles de réunion",
            ),
            openings=(
                "Le Wi-Fi du {floor}e étage coupe sans arrêt, surtout près des salles de réunion. "
                "Les visioconférences se figent toutes les deux minutes.",
                "Dans les salles de réunion du {floor}e étage, le Wi-Fi disparaît parfois pendant "
                "une minute. C'est gênant quand des clients sont en ligne.",
            ),
            question="Quelle salle est la pire, et à quelle heure à peu près ? Je comparerai avec "
            "les journaux des bornes.",
            answer="Surtout la salle {floor}.05, vers 14 h, quand elle est pleine.",
            solution="La borne près de la salle {floor}.05 était saturée. Nous en avons ajouté une "
            "deuxième et basculé les salles de réunion sur la bande la plus rapide : les appels "
            "devraient rester stables.",
        ),
        "late_delivery": TopicText(
            subjects=("Commande {order} toujours pas livrée", "Où est mon colis ?"),
            openings=(
                "J'ai commandé un service à thé sur votre boutique en ligne (commande {order}), "
                "livraison prévue le {date}, mais rien n'est arrivé. Le suivi n'a pas bougé depuis "
                "plusieurs jours.",
                "Ma commande {order} aurait dû arriver au plus tard le {date}. C'est un cadeau "
                "d'anniversaire, j'aimerais vraiment savoir où elle se trouve.",
            ),
            question="Pourriez-vous me confirmer votre adresse de livraison ? Le transporteur "
            "indique qu'il n'a pas trouvé l'entrée.",
            answer="L'adresse de mon compte est la bonne, mais la porte est facile à manquer : "
            "c'est celle de gauche, à côté de la boulangerie.",
            solution="J'ai demandé au transporteur de repasser demain avec une note sur la porte à "
            "côté de la boulangerie, et j'ai passé l'envoi en express à nos frais. Vous recevrez "
            "un nouveau lien de suivi par e-mail.",
        ),
        "damaged": TopicText(
            subjects=("Article endommagé dans la commande {order}", "Théière arrivée cassée"),
            openings=(
                "La théière en fonte de la commande {order} est arrivée avec le couvercle fêlé. Le "
                "carton semblait pourtant intact.",
                "En ouvrant le colis de la commande {order}, j'ai trouvé la théière cassée. Quel "
                "dommage, je l'attendais avec impatience.",
            ),
            question="Je suis vraiment désolé. Pourriez-vous décrire les dégâts, ou envoyer une "
            "photo si c'est simple ? Je ferai la réclamation auprès du transporteur ; vous n'avez "
            "rien à renvoyer.",
            answer="Le couvercle est fêlé d'un bord à l'autre et le bec est ébréché. Le carton, "
            "lui, n'avait rien.",
            solution="Une nouvelle théière part chez vous aujourd'hui, et inutile de renvoyer "
            "l'ancienne. J'y ai ajouté un sachet de sencha pour nous excuser.",
        ),
        "booking_change": TopicText(
            subjects=(
                "Modifier la réservation {booking}",
                "Mauvaise date de voyage sur ma réservation",
            ),
            openings=(
                "J'ai réservé le train de Tokyo à {city} le {date} (réservation {booking}), mais "
                "j'aurais dû choisir le lendemain. Est-il encore possible de modifier ?",
                "Je me suis trompé pour la réservation {booking} : le trajet vers {city} doit "
                "avoir lieu le lendemain du {date}. Pouvez-vous le changer sans tout annuler ?",
            ),
            question="Bien sûr. Souhaitez-vous le même horaire le nouveau jour, et les mêmes "
            "places ?",
            answer="Le même horaire, et si possible deux places côte à côte.",
            solution="C'est fait : la réservation {booking} voyage désormais le lendemain du "
            "{date}, même horaire, deux places côte à côte. Les nouveaux billets sont dans votre "
            "compte et les anciens sont annulés ; vous n'avez plus rien à faire.",
        ),
        "sim_card": TopicText(
            subjects=("Carte SIM pour mon voyage au Japon", "Pocket Wi-Fi ou carte SIM à {city} ?"),
            openings=(
                "Je m'envole pour {city} le {date}. Puis-je commander une carte SIM japonaise chez "
                "vous et la récupérer à l'aéroport ?",
                "Nous atterrissons à {city} le {date}. Qu'est-ce qui est le plus pratique : une "
                "carte SIM chacun, ou un pocket Wi-Fi ? Et où le récupérer ?",
            ),
            question="Combien de jours restez-vous, et votre téléphone accepte-t-il une eSIM ?",
            answer="Quatorze jours, et oui, mon téléphone accepte l'eSIM. J'ai vérifié.",
            solution="Je vous ai réservé une eSIM de 14 jours avec données illimitées ; le QR code "
            "arrivera par e-mail deux jours avant le départ, et notre comptoir du hall des "
            "arrivées vous aidera en cas de souci. Où allez-vous en premier après l'atterrissage ? "
            "Si vous prenez le train pour le centre, vous pouvez échanger votre Japan Rail Pass au "
            "bureau JR, dans le même hall.",
        ),
        "rail_pass": TopicText(
            subjects=("Échange du Japan Rail Pass", "Réserver des places avec mon Rail Pass"),
            openings=(
                "J'ai un bon d'échange pour le Japan Rail Pass (réservation {booking}). Où "
                "l'échanger, et puis-je réserver à l'avance des places dans le train pour {city} ?",
                "Puis-je réserver des places dans le shinkansen pour {city} avec mon Rail Pass "
                "avant de partir ? J'arrive le {date}.",
            ),
            question="Votre pass commence-t-il le jour de votre arrivée, ou plus tard ? Et "
            "préférez-vous une place côté fenêtre ?",
            answer="Il commence le lendemain de mon arrivée. Côté fenêtre, s'il vous plaît !",
            solution="Votre place est réservée : côté fenêtre, voiture 7, dans le train du matin "
            "pour {city}. Échangez le bon au guichet JR du hall des arrivées ; ils imprimeront "
            "votre réservation en même temps.",
        ),
        "refund": TopicText(
            subjects=(
                "Remboursement de la réservation annulée {booking}",
                "Toujours pas de remboursement",
            ),
            openings=(
                "J'ai annulé la réservation {booking} il y a trois semaines et l'on m'a promis un "
                "remboursement de {amount}, mais il n'est toujours pas arrivé sur mon compte.",
                "Pourriez-vous vérifier le remboursement de la réservation {booking} ? Il s'agit "
                "de {amount} et je n'ai encore rien reçu.",
            ),
            question="Pourriez-vous me confirmer les quatre derniers chiffres de la carte utilisée "
            "? Les remboursements reviennent toujours sur la même carte.",
            answer="La carte se termine par {pin}.",
            solution="J'ai trouvé : le remboursement de {amount} était bloqué car cette carte "
            "avait expiré. Je l'ai débloqué vers votre nouvelle carte ; il apparaîtra sur votre "
            "relevé sous trois jours ouvrés.",
        ),
        "invoice": TopicText(
            subjects=(
                "Facture pour la commande {order}",
                "Besoin d'une facture au nom de la société",
            ),
            openings=(
                "Pourriez-vous m'envoyer une facture pour la commande {order} avec le nom de notre "
                "société et notre numéro de TVA ? Notre comptabilité en a besoin.",
                "Pour la commande {order}, je n'ai reçu qu'un ticket de caisse ; il me faut une "
                "vraie facture au nom de notre société.",
            ),
            question="Bien sûr. Quel nom de société et quel numéro de TVA faut-il indiquer ?",
            answer="{org}, même adresse que sur la commande. Le numéro de TVA figure dans mon "
            "compte.",
            solution="La facture de la commande {order}, au nom de {org}, se trouve dans votre "
            "compte sous Commandes > Factures. J'ai enregistré les informations pour que les "
            "prochaines factures soient correctes d'emblée.",
        ),
        "headset_wave": TopicText(
            subjects=(
                "Casque en panne depuis la mise à jour",
                "{product} : le micro ne marche plus",
                "Casque : un seul écouteur marche, micro muet",
            ),
            openings=(
                "Depuis la mise à jour d'hier, mon casque {product} n'est plus reconnu. Il "
                "fonctionnait parfaitement la semaine dernière.",
                "Le micro de mon {product} ne marche plus depuis ce matin : en réunion, personne "
                "ne m'entend. Mon voisin de bureau a exactement le même problème.",
                "Après le redémarrage pour la mise à jour, mon {product} ne fonctionne plus que "
                "d'un côté et le micro est muet.",
            ),
            solution="Vous n'êtes pas le seul : plusieurs collègues signalent la même chose depuis "
            "la mise à jour, ce n'est donc absolument pas de votre fait. Nous corrigeons la cause "
            "pour tout le monde. En attendant, le casque fonctionne sur le port USB-C à gauche du "
            "portable, qui utilise encore l'ancien pilote.",
        ),
    },
)
