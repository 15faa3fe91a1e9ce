"""The learning module's arithmetic and its first course, without the database.

A course is a few pages to read and a few questions; whoever answers enough of them right has
completed it until the renewal comes due (a year by default). The course's words are data: the
migration loads `COURSE` once, and an administrator changes them in the admin afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dijkwacht.awareness.recurrence import add_months


@dataclass(frozen=True)
class Outcome:
    right: int
    total: int
    pass_mark: int  # the share needed, in whole percents

    @property
    def share(self) -> int:
        return self.right * 100 // self.total if self.total else 0

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.right * 100 >= self.pass_mark * self.total


def outcome(given: Sequence[int | None], correct: Sequence[int], pass_mark: int) -> Outcome:
    """How many of the answers `given` (a choice's number per question, None: not answered)
    are the `correct` ones, and whether that passes."""
    if len(given) != len(correct):
        raise ValueError("one answer per question")
    right = sum(1 for g, c in zip(given, correct, strict=True) if g is not None and g == c)
    return Outcome(right, len(correct), pass_mark)


def valid_until(completed_on: datetime.date, renewal_months: int) -> datetime.date:
    """The last day a completion counts: the day before its renewal comes due."""
    return add_months(completed_on, renewal_months) - datetime.timedelta(days=1)


# The first course, in Dutch (the people who take it read Dutch), written for Dijkwacht.
COURSE: dict[str, Any] = {
    "code": "ondermijning-herkennen",
    "title": "Ondermijning herkennen en melden",
    "group": "ambtelijke-organisatie",
    "introduction": (
        "Een korte cursus voor iedereen die bij een gemeente, provincie of partner werkt: wat "
        "ondermijning is, welke signalen je in je eigen werk kunt zien, en waar en hoe je ze "
        "meldt. Lezen en de vragen beantwoorden kost ongeveer een kwartier. Heb je genoeg vragen "
        "goed, dan heb je de cursus afgerond; na een jaar doe je hem opnieuw."
    ),
    "pages": [
        (
            "Wat is ondermijning?",
            "Bij ondermijning gebruiken criminelen de gewone, legale wereld voor hun zaken: een "
            "bedrijfspand, een vergunning, een vastgoedtransactie, een loket of een ambtenaar. "
            "Ze verdienen er geld mee, wassen het wit of krijgen er invloed mee, en tasten zo "
            "het gezag van de overheid en het vertrouwen in de samenleving aan.\n\n"
            "Geen organisatie houdt dat alleen tegen. Gemeenten, provincies, politie, Openbaar "
            "Ministerie, Belastingdienst en andere partners werken daarom samen, onder meer in "
            "de tien Regionale Informatie- en Expertisecentra (RIEC's). Zij brengen signalen "
            "samen en spreken af wie wat doet, van signaal tot interventie.",
        ),
        (
            "Signalen in je eigen werk",
            "Criminelen zoeken de plekken waar de overheid iets geeft of toestaat. Kwetsbaar "
            "zijn onder meer vergunningen en ontheffingen, inkoop en aanbesteding, subsidies, "
            "reisdocumenten en de basisregistratie personen, toezicht en handhaving, en alle "
            "plekken waar je persoonsgegevens of strategische informatie ziet.\n\n"
            "Een signaal is iets dat niet klopt: een aanvrager die ongewoon veel haast heeft of "
            "alles contant wil betalen, een pand waar 's nachts meer gebeurt dan overdag, een "
            "bedrijf zonder zichtbare klanten, iemand die je een cadeau of een gunst aanbiedt, "
            "of die vraagt naar gegevens van een collega of een dossier. Eén signaal bewijst "
            "niets; het gaat erom dat je het opmerkt en doorgeeft.",
        ),
        (
            "Waar meld je het?",
            "Meld een signaal bij het meldpunt van je eigen organisatie, ook als je twijfelt. "
            "Dat kan met je naam of anoniem. Wie anoniem meldt, krijgt een ontvangstcode en kan "
            "daarmee later de reactie lezen en antwoorden, zonder dat iemand weet wie de melder "
            "is. "
            "Je kunt ook eerst praten met de vertrouwenspersoon integriteit.\n\n"
            "Wil je buiten je organisatie melden, dan kan dat anoniem bij Meld Misdaad Anoniem "
            "(0800-7000). Is er direct gevaar, bel dan 112. Ga zelf niet op onderzoek uit en "
            "spreek de betrokkene niet aan: dat kan jou in gevaar brengen en het onderzoek "
            "bederven.",
        ),
        (
            "Wat gebeurt er met je melding?",
            "Je krijgt binnen zeven dagen een bevestiging dat je melding is ontvangen, en "
            "binnen drie maanden daarna hoor je wat ermee is gedaan. Wie je bent, blijft "
            "geheim: je naam wordt niet gedeeld zonder je uitdrukkelijke toestemming.\n\n"
            "De coördinator weegt of het om ondermijning gaat en of het een taak van de "
            "organisatie is. Een melding kan worden afgesloten, naar een afdeling gaan, naar "
            "het RIEC worden gebracht of verder worden uitgezocht. Elke melding telt: vaak "
            "maken pas meerdere signalen samen een beeld.",
        ),
    ],
    "questions": [
        (
            "Wat is ondermijning?",
            [
                "Criminelen die de legale wereld gebruiken voor hun zaken, en zo het gezag "
                "aantasten",
                "Elke vorm van overlast in een wijk",
                "Een ambtenaar die een fout maakt in een vergunning",
            ],
            1,
            "Ondermijning is de verwevenheid van onderwereld en bovenwereld: criminelen "
            "gebruiken panden, vergunningen, bedrijven en mensen bij de overheid.",
        ),
        (
            "Welk werkproces is kwetsbaar voor ondermijning?",
            [
                "Alleen het werk van de politie",
                "Vergunningen en ontheffingen verlenen",
                "Geen enkel proces bij de gemeente",
            ],
            2,
            "Overal waar de overheid iets geeft of toestaat, zoals vergunningen, subsidies en "
            "inkoop, kunnen criminelen hun kans zoeken.",
        ),
        (
            "Een aanvrager biedt je een cadeaubon aan als zijn vergunning snel rond is. Wat doe "
            "je?",
            [
                "Aannemen: het is maar een kleinigheid",
                "Weigeren en het melden bij het meldpunt van je organisatie",
                "De aanvrager zelf uitvragen over zijn bedrijf",
            ],
            2,
            "Een gunst voor een besluit is een signaal. Weiger het en meld het; ga niet zelf op "
            "onderzoek uit.",
        ),
        (
            "Je wilt een signaal melden, maar liever niet met je naam. Kan dat?",
            [
                "Nee, een melding zonder naam wordt niet gelezen",
                "Ja, anoniem bij het meldpunt (met een ontvangstcode) of bij Meld Misdaad Anoniem",
                "Alleen via je leidinggevende",
            ],
            2,
            "Anoniem melden kan. Met de ontvangstcode volg je je melding en lees je de reactie.",
        ),
        (
            "Binnen hoeveel tijd krijg je een bevestiging dat je melding is ontvangen?",
            ["Binnen zeven dagen", "Binnen een jaar", "Je hoort nooit iets terug"],
            1,
            "De ontvangst wordt binnen zeven dagen bevestigd; binnen drie maanden daarna hoor "
            "je wat er met je melding is gedaan.",
        ),
    ],
}
