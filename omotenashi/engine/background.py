# (prose: full-width punctuation in Japanese is intended)
"""Background passages: everyday texts about things no service desk handles.

Written for this project (not taken from any data set). Retrieval uses them to tell a
real match from the best of a bad lot: an embedding model gives every pair of texts some
similarity (multilingual-e5-small rarely goes below 0.75), so "the closest article" always
exists, even for a question about apple pie. A suggestion is worth showing only when the
question is closer to it than to every one of these passages (`retrieval.Background`),
a yardstick measured per question that needs no threshold fitted to any data set and
works the same for a knowledge base of five articles or of fifty thousand.
"""

from __future__ import annotations

BACKGROUND_PASSAGES: tuple[str, ...] = (
    # English
    "Tomorrow will be cloudy with light rain in the afternoon and a cool breeze from the sea.",
    "Knead the dough for ten minutes, let it rise for an hour, then bake it until golden.",
    "The home team scored twice in the second half and won the league for the first time.",
    "Tulip bulbs are planted in autumn, a hand's depth into well-drained soil.",
    "The orchestra played a symphony by Sibelius, followed by a short piece for strings.",
    "The castle was built in the thirteenth century and rebuilt after a fire in 1620.",
    "Foxes often hunt at dusk and can hear a mouse moving under the snow.",
    "A good night's sleep and a walk in daylight help the body keep its rhythm.",
    # Dutch
    "Morgen wordt het wisselvallig met af en toe een bui en een frisse westenwind.",
    "Snijd de uien fijn en laat ze op een laag vuur langzaam glazig worden.",
    "De wielrenner won de sprint na een lange ontsnapping door de duinen.",
    "In het voorjaar bloeien de fruitbomen in de Betuwe volop.",
    "Het schilderij hangt sinds de negentiende eeuw in het museum aan de gracht.",
    # French
    "Demain, le ciel sera dégagé le matin puis voilé l'après-midi, avec des températures douces.",
    "Faites revenir les légumes dans le beurre puis ajoutez le bouillon et laissez mijoter.",
    "Le marathon traverse les quais de la Seine avant de finir près de la tour Eiffel.",
    "Les vendanges commencent fin septembre dans les vignobles de Bourgogne.",
    "Le roman raconte l'enfance d'un garçon dans un village de Provence.",
    # Swedish
    "I morgon blir det soligt i norr men regn och blåst längs västkusten.",
    "Låt kanelbullarna jäsa under en bakduk innan de gräddas i ugnen.",
    "Älgen korsade vägen i skymningen och försvann in i granskogen.",
    "Midsommar firas med dans kring stången och sill med färskpotatis.",
    "Skärgården har tusentals öar och kobbar där sjöfåglar häckar om våren.",
    # German
    "Morgen wird es neblig, am Nachmittag lockert die Bewölkung aber auf.",
    "Die Kartoffeln schälen, in Würfel schneiden und zwanzig Minuten kochen.",
    "Die Mannschaft gewann das Pokalfinale nach einem spannenden Elfmeterschießen.",
    "Im Herbst färben sich die Buchenwälder des Mittelgebirges gelb und rot.",
    "Das Konzert in der alten Kirche begann mit einer Fuge von Bach.",
    # Japanese
    "明日は晴れのち曇りで、夕方から雨が降る見込みです。",
    "春になると、川沿いの桜並木が満開になります。",
    "だしを取ってから味噌を溶き、豆腐とねぎを入れます。",
    "その寺は八世紀に建てられ、何度も再建されてきました。",
    "夏の甲子園では、地元の高校が初めて決勝に進みました。",
)
