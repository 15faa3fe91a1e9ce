"""Demo data of the scans module: the framework that ships with Dijkwacht, and District Twente's
two toetsingsmomenten of 2024 from the projectplan "Weerbare Overheid en Maatschappij" (seed 001:
"een zelfscan in januari 2024 en een onafhankelijke toetsing in juli 2024").

- "Zelfscan januari 2024" (self-scans, deadline 31 January): the 14 Twentse gemeenten, not the
  province or the RIEC. Every self-scan is answered and submitted. The three cities are ahead
  (Hengelo has the basis op orde, Enschede lacks only its meldpunt, whose form was still being
  tested); the eleven municipalities the uitvoeringsspecialist supports are behind, Tubbergen and
  Twenterand most, and submit on the last day.
- "Onafhankelijke toetsing juli 2024" (self-scan followed by a review, deadline 15 July), cloned
  from January with `scan_round_clone`, so January shows as reference and the heatmap shows the
  change. Every municipality improved, though one's code of conduct expired meanwhile. The
  assessor of the RIEC reviews every municipality with findings and recommendations; a few
  self-scans were over-confident (the self-scan says voldaan, the review in ontwikkeling), and
  for two of those a score was agreed afterwards with `score_agree`. Every review is submitted
  except Twenterand's, which is half done (in progress), so the progress screen shows both
  states and Twenterand's results are still its self-scan's. Five municipalities have the
  basis op orde in July (Tubbergen among them, after its maatwerktraject), nine do not.
- The norm most municipalities fall short of in July, the risk analysis of vulnerable processes
  (IP.3), is turned into a joint action of the Twente programme (theme "Basis op orde") with
  `thread_action_create`, so it has a commitment for exactly the municipalities short of it;
  two of those cells have a status update.

The answers come from a seeded `random.Random` on a profile per municipality, with the facts
above laid over it, so every load gives the same data. Every person is fictitious: the answers
are given by the demo users (Enschede's contributor for Enschede, the district coordinator on
behalf of the other municipalities, the RIEC's assessor for the reviews).

Services: rounds are opened and cloned, scans submitted, scores agreed and the thread turned
into an action through the services, with their checks, results and audit events. Only the
answers themselves are inserted in bulk, one insert per scan, made as `answer_save` makes them:
through that service (a transaction, a lock, four foreign-key checks and an audit event per
answer) the 2,300 answers took 9 s on a 2-core machine, against a budget of about 5 s.
`scan_submit` then checks each scan is complete and writes its results.

Dates: the services stamp `timezone.now()` and the project has no freezegun or time-machine, so
the moments of the rounds (created, answered, submitted, agreed) are set afterwards with
queryset updates, which is fine for demo history and nothing anyone does. The audit trail is
left as it was written: it records when the demo was loaded. The joint action lives in the
programme, whose demo histories run relative to today, so its status updates do too.

Loading is idempotent: a round that exists (by partnership and title) is left alone, and so is
a July round that already has a joint action, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.organisations.demo import TWENTE
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment, Programme, Status
from dijkwacht.scans import services
from dijkwacht.scans.models import (
    AgreedScore,
    Answer,
    Framework,
    Norm,
    RoundKind,
    ScaleOption,
    Scan,
    ScanKind,
    ScanRound,
    ScanStatus,
    ThreadAction,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEED = 2024

PARTNERSHIP = "district-twente"
PROGRAMME = "Weerbare Overheid en Maatschappij 2024"
JANUARY = "Zelfscan januari 2024"
JULY = "Onafhankelijke toetsing juli 2024"
JANUARY_DEADLINE = datetime.date(2024, 1, 31)
JULY_DEADLINE = datetime.date(2024, 7, 15)

ENSCHEDE, ALMELO, HENGELO = "GM0153", "GM0141", "GM0164"
BORNE, DINKELLAND, HAAKSBERGEN, HELLENDOORN = "GM0147", "GM1774", "GM0158", "GM0163"
HOF_VAN_TWENTE, LOSSER, OLDENZAAL, RIJSSEN_HOLTEN = "GM1735", "GM0168", "GM0173", "GM1742"
TUBBERGEN, TWENTERAND, WIERDEN = "GM0183", "GM1700", "GM0189"

# The scale of the default framework, bottom to top; "niet van toepassing" is not used here.
LEVELS = ("niet_gestart", "in_ontwikkeling", "voldaan", "structureel_geborgd")
MET = 2  # the first level that counts as met


@dataclass(frozen=True)
class Profile:
    january: float  # how far the municipality is in January, 0–1
    growth: float  # the chance that a norm moves up a step by July


PROFILES = {
    ENSCHEDE: Profile(0.85, 0.25),
    HENGELO: Profile(0.80, 0.20),
    ALMELO: Profile(0.65, 0.35),
    BORNE: Profile(0.45, 0.35),
    DINKELLAND: Profile(0.40, 0.30),
    HAAKSBERGEN: Profile(0.45, 0.30),
    HELLENDOORN: Profile(0.50, 0.30),
    HOF_VAN_TWENTE: Profile(0.55, 0.45),
    LOSSER: Profile(0.40, 0.30),
    OLDENZAAL: Profile(0.50, 0.30),
    RIJSSEN_HOLTEN: Profile(0.50, 0.25),
    TUBBERGEN: Profile(0.30, 0.60),
    TWENTERAND: Profile(0.30, 0.25),
    WIERDEN: Profile(0.45, 0.30),
}

# How hard a norm is, 0–1 (0.5 unless named): everyone takes part in the RIEC covenant and had
# a weerbaarheidsscan; hardly anyone has a risk analysis of its vulnerable processes.
DIFFICULTY = {
    "IP.1": 0.0, "BO.2": 0.1, "BO.8": 0.2, "BO.1": 0.2, "VPT.4": 0.2, "BI.10": 0.2,
    "SM.7": 0.25, "BI.5": 0.25, "IN.5": 0.25, "IN.1": 0.3, "VPT.3": 0.35,
    "IN.3": 0.6, "BO.4": 0.6, "SM.9": 0.6, "IP.6": 0.6, "IN.8": 0.6, "VPT.9": 0.6,
    "SM.10": 0.6, "IP.2": 0.65, "SM.2": 0.65, "BO.9": 0.65, "BI.7": 0.6, "IN.9": 0.65,
    "IP.3": 0.9,
}  # fmt: skip

# The norms the Twente deelprojecten work on in the first half of 2024 (the screeningsmodel,
# the leermodule and roadshow, the meldpunt, the overview of registrations; the toetsing itself
# repeats the measurement): the extra chance that they move up a step by July.
DEELPROJECTEN = {
    "IN.9": 0.4, "IN.6": 0.3, "BO.6": 0.3, "SM.1": 0.3, "SM.2": 0.4, "IP.2": 0.4, "BO.9": 0.5,
}  # fmt: skip

THREAD_NORM = "IP.3"
THREAD_TITLE = "Twentse aanpak risicoanalyse kwetsbare processen"
THREAD_DESCRIPTION = (
    "Rode draad uit de onafhankelijke toetsing van juli 2024: de meeste Twentse gemeenten hebben "
    "nog geen volledige risicoanalyse van hun kwetsbare processen (vergunningen, subsidies, "
    "inkoop, financiële transacties, de basisregistratie personen, toezicht en handhaving). Met "
    "de uitvoeringsspecialist en het RIEC Oost-Nederland maken zij de analyse volgens één Twents "
    "model, met maatregelen per proces."
)
# The municipalities with the basis op orde in July: they meet every essential norm then.
IN_ORDER_IN_JULY = (ENSCHEDE, HENGELO, ALMELO, HOF_VAN_TWENTE, TUBBERGEN)
# The review still in progress, answered for the first three themes.
REVIEW_IN_PROGRESS = TWENTERAND
REVIEW_IN_PROGRESS_THEMES = 3

# Self-scans that say voldaan where the review finds in ontwikkeling: (finding, recommendation).
OVER_CONFIDENT = {
    (HAAKSBERGEN, "IN.4"): (
        "De meldregeling is in 2023 aangepast, maar in de registratie ontbreken de "
        "ontvangstbevestigingen; de termijn van 7 dagen is niet aantoonbaar gehaald.",
        "Registreer per melding de ontvangstbevestiging en de terugkoppeling en controleer de "
        "termijnen elk kwartaal.",
    ),
    (HAAKSBERGEN, "BI.2"): (
        "Er is een beleidslijn, maar geen registratie van eigen Bibob-onderzoeken; de toepassing "
        "is niet aangetoond.",
        "Houd per jaar het aantal eigen onderzoeken en adviesaanvragen bij en rapporteer dit aan "
        "het college.",
    ),
    (LOSSER, "VPT.2"): (
        "Incidenten aan de balie worden geregistreerd, incidenten bij handhaving op straat en "
        "online intimidatie niet.",
        "Breng alle afdelingen onder in één registratie en neem online incidenten mee.",
    ),
    (LOSSER, "IP.4"): (
        "Het informatiebeveiligingsbeleid is ambtelijk gereed, maar nog niet door het college "
        "vastgesteld.",
        "Laat het beleid vaststellen en leg de taken van de CISO vast.",
    ),
    (WIERDEN, "BO.3"): (
        "Het plan van aanpak bestaat alleen ambtelijk; het college heeft het niet vastgesteld.",
        "Leg het plan in 2024 ter vaststelling voor aan het college.",
    ),
    (WIERDEN, "IP.3"): (
        "De risicoanalyse beperkt zich tot vergunningen; subsidies, inkoop en de BRP ontbreken.",
        "Breid de analyse uit naar alle kwetsbare processen, met maatregelen per proces.",
    ),
    (DINKELLAND, "BO.6"): (
        "De leermodule is aangeboden, maar minder dan de helft van de medewerkers heeft hem "
        "gevolgd; nieuwe medewerkers zijn niet in beeld.",
        "Neem de module verplicht op in het inwerkprogramma en volg de deelname in het "
        "leersysteem.",
    ),
}

# Scores agreed after the review: (municipality, norm, answer, reason, day in July 2024).
AGREED = [
    (HAAKSBERGEN, "BI.2", "voldaan",
     "Na de toetsing is het overzicht van de Bibob-onderzoeken over 2023 aangeleverd: zes eigen "
     "onderzoeken en één adviesaanvraag bij het Landelijk Bureau Bibob. Toepassing aangetoond.",
     17),
    (LOSSER, "IP.4", "voldaan",
     "Het college heeft het informatiebeveiligingsbeleid op 9 juli 2024 vastgesteld; het besluit "
     "is na de toetsing aangeleverd en besproken.", 18),
]  # fmt: skip

# Facts laid over the profiles: (municipality, norm) → (level, explanation), per round.
JANUARY_FACTS = {
    (ENSCHEDE, "SM.1"): (1, "Meldformulier op intranet in de testfase."),
    (RIJSSEN_HOLTEN, "IN.1"): (2, "Gedragscode vastgesteld in 2020; nieuwe medewerkers krijgen "
                               "hem bij de arbeidsovereenkomst."),
    (TUBBERGEN, "BI.1"): (0, "Geen eigen beleidslijn; aansluiten bij het Twentse model."),
    (BORNE, "IN.3"): (1, "Integriteitsbeleid uit 2016; herziening staat gepland."),
}  # fmt: skip
JULY_FACTS = {
    (ENSCHEDE, "SM.1"): (2, "Meldformulier gelanceerd na aandacht in de teamoverleggen."),
    (RIJSSEN_HOLTEN, "IN.1"): (1, "Gedragscode is ouder dan vier jaar geworden; herziening "
                               "loopt."),
    (TUBBERGEN, "IP.3"): (2, "Risicoanalyse kwetsbare processen gemaakt met de "
                          "uitvoeringsspecialist."),
    (TUBBERGEN, "BI.1"): (2, "Bibob-beleidslijn geactualiseerd met hulp van de "
                          "uitvoeringsspecialist."),
    (BORNE, "IN.3"): (1, "Integriteitsbeleid wordt herzien met de uitvoeringsspecialist."),
}  # fmt: skip

# Findings that follow from the facts above: (municipality, norm) → (finding, recommendation).
REVIEW_FACTS = {
    (RIJSSEN_HOLTEN, "IN.1"): (
        "De gedragscode is in 2020 vastgesteld; de herziening is gestart, maar niet afgerond.",
        "Rond de herziening in 2024 af en reik de code uit bij indiensttreding.",
    ),
    (BORNE, "IN.3"): (
        "Geen actueel integriteitsbeleid vastgesteld; laatste versie 2016.",
        "Stel het beleid in 2024 opnieuw vast en borg jaarlijkse evaluatie.",
    ),
}

# Self-scan explanations per norm: (not met, met); {jaar} a recent year, {oud} an old one.
EXPLANATIONS = {
    "BO.1": ("Taak ligt bij de beleidsadviseur OOV, maar is nog niet formeel belegd.",
             "Coördinator aangewezen bij besluit van de gemeentesecretaris; vervanger geregeld."),
    "BO.2": ("", "Portefeuille ondermijning ligt bij de burgemeester (portefeuilleverdeling "
             "2022)."),
    "BO.3": ("Plan van aanpak ondermijning ligt in concept bij het MT; vaststelling door het "
             "college volgt.", "Plan van aanpak weerbaarheid {jaar}-{tot} vastgesteld door het "
             "college."),
    "BO.4": ("Uren voor ondermijning komen uit tijdelijke middelen van de provincie.",
             "{fte} fte adviseur ondermijning structureel in de formatie."),
    "BO.5": ("Kernteam is opgericht, maar kwam in {jaar} maar één keer bij elkaar.",
             "Kernteam weerbaarheid vergadert elk kwartaal; verslagen op het teamkanaal."),
    "BO.6": ("Sessies gegeven voor Vergunningen en Handhaving; de overige teams volgen in 2024.",
             "Leermodule ondermijning zit in het inwerkprogramma; VTH en Burgerzaken krijgen "
             "jaarlijks verdieping."),
    "BO.7": ("Na de verkiezingen van 2022 is geen sessie voor de raad gehouden.",
             "Raadsinformatiebijeenkomst over ondermijning gehouden in {jaar}."),
    "BO.8": ("Weerbaarheidsscan van het RIEC is afgenomen; de verbeterpunten moeten nog in het "
             "plan.", "Weerbaarheidsscan RIEC afgerond; verbeterpunten opgenomen in het plan van "
             "aanpak."),
    "BO.9": ("Herhaling van de meting staat nog niet gepland.",
             "Meting wordt elke twee jaar herhaald; uitkomsten via een raadsinformatiebrief."),
    "IN.1": ("Gedragscode dateert van {oud} en wordt herzien.",
             "Gedragscode herzien in {jaar}; nieuwe medewerkers krijgen hem bij de "
             "arbeidsovereenkomst."),
    "IN.3": ("Integriteitsbeleid wordt herzien; de jaarlijkse verantwoording ontbreekt nog.",
             "Integriteitsbeleid vastgesteld; verantwoording in het jaarverslag integriteit."),
    "IN.4": ("Meldregeling wordt aangepast aan de Wet bescherming klokkenluiders.",
             "Meldregeling aangepast aan de Wet bescherming klokkenluiders (2023)."),
    "IN.5": ("Externe vertrouwenspersoon gecontracteerd; bekendmaking op intranet volgt.",
             "Interne en externe vertrouwenspersoon; contactgegevens staan op intranet."),
    "IN.6": ("Dilemmasessies alleen voor nieuwe medewerkers.",
             "Jaarlijkse dilemmasessie in alle teams, ook over benadering door criminelen."),
    "IN.8": ("Geen vastgesteld protocol; bij de laatste benoemingen is wel een toets gedaan.",
             "Protocol risicoanalyse integriteit toegepast bij de benoemingen in 2022."),
    "IN.9": ("Wacht op het Twents screeningsmodel.",
             "Lijst kwetsbare functies vastgesteld; VOG bij indiensttreding."),
    "VPT.1": ("Agressieprotocol uit {oud} wordt geactualiseerd.",
              "Agressieprotocol geactualiseerd, inclusief online intimidatie en nazorg."),
    "VPT.2": ("Registratie verloopt per afdeling; een centraal systeem wordt ingericht.",
              "Alle incidenten staan in het centrale meldsysteem agressie en geweld."),
    "VPT.3": ("", "Aangifte kan onder het adres van het gemeentehuis; afspraken met het "
              "basisteam."),
    "VPT.7": ("Training gepland voor de balie en handhaving.",
              "Tweejaarlijkse training agressie voor publiekscontact en handhaving."),
    "IP.1": ("", "Convenantpartner van het RIEC Oost-Nederland; het privacyprotocol is bekend "
             "bij de coördinator."),
    "IP.2": ("Overzicht informatiesystemen in de maak via het Twentse deelproject.",
             "Overzicht van registraties met een eigenaar per bron vastgesteld."),
    "IP.3": ("Nog geen risicoanalyse; eerst vergunningen en subsidies.",
             "Risicoanalyse kwetsbare processen afgerond, met maatregelen per proces."),
    "IP.4": ("Implementatie van de BIO loopt; een CISO is aangesteld.",
             "Informatiebeveiligingsbeleid op basis van de BIO vastgesteld; de CISO ziet toe."),
    "IP.9": ("Het ondermijningsbeeld van het RIEC is ouder dan vier jaar.",
             "Ondermijningsbeeld van het RIEC Oost-Nederland uit {jaar}."),
    "BI.1": ("Beleidslijn geldt alleen voor horeca; verbreding in voorbereiding.",
             "Bibob-beleidslijn {jaar} vastgesteld, inclusief vastgoed, subsidies en "
             "overheidsopdrachten."),
    "BI.2": ("Registratie van Bibob-onderzoeken wordt opgezet.",
             "Over 2023 {n} eigen Bibob-onderzoeken; adviesaanvragen bij het LBB: {m}."),
    "BI.5": ("", "Ondermijning is prioriteit in het integraal veiligheidsplan 2023-2026."),
    "BI.6": ("APV regelt sluiting van panden; een toets op levensgedrag ontbreekt nog.",
             "APV bevat sluitingsbevoegdheid en levensgedragtoets; in {jaar} {k} keer "
             "toegepast."),
    "SM.1": ("Meldpunt bestaat, maar de meldroute is weinig bekend.",
             "Intern meldpunt op intranet; bekendgemaakt in de teamoverleggen."),
    "SM.2": ("Anoniem melden kan, maar zonder ontvangstcode.",
             "Anoniem meldformulier met ontvangstcode in gebruik."),
    "SM.4": ("Signalen worden beoordeeld, maar zonder vaste termijn.",
             "Beoordeling binnen tien werkdagen; de uitkomst wordt vastgelegd."),
    "SM.7": ("", "Signalen ingebracht bij het RIEC Oost-Nederland; deelname aan het "
             "casusoverleg."),
    "SM.8": ("", "Verwijzing naar Meld Misdaad Anoniem op de website en in de gemeentegids."),
}  # fmt: skip

# Where the evidence of a norm lives on the (fictitious) intranet of each municipality.
DOCUMENTS = {
    "BO.1": "besluiten/aanwijzing-coordinator-ondermijning.pdf",
    "BO.2": "bestuur/portefeuilleverdeling.pdf",
    "BO.3": "beleid/plan-van-aanpak-weerbaarheid.pdf",
    "BO.4": "p-en-o/formatieplan.xlsx",
    "BO.5": "overleg/kernteam-weerbaarheid",
    "BO.6": "leren/leermodule-ondermijning",
    "BO.7": "raad/raadsinformatiebijeenkomst-ondermijning.pdf",
    "BO.8": "rapporten/weerbaarheidsscan-riec.pdf",
    "BO.9": "raad/raadsinformatiebrief-weerbaarheid.pdf",
    "IN.1": "integriteit/gedragscode-medewerkers.pdf",
    "IN.2": "integriteit/gedragscode-bestuurders.pdf",
    "IN.3": "integriteit/integriteitsbeleid.pdf",
    "IN.4": "integriteit/meldregeling-wbk.pdf",
    "IN.5": "integriteit/vertrouwenspersoon",
    "IN.6": "integriteit/dilemmasessies",
    "IN.7": "integriteit/onderzoeksprotocol.pdf",
    "IN.8": "bestuur/protocol-risicoanalyse-kandidaat-wethouders.pdf",
    "IN.9": "p-en-o/kwetsbare-functies.pdf",
    "VPT.1": "veilig-werken/agressieprotocol.pdf",
    "VPT.2": "veilig-werken/registratie-incidenten",
    "VPT.3": "veilig-werken/aangifte-op-adres-gemeente.pdf",
    "VPT.4": "veilig-werken/huisregels.pdf",
    "VPT.5": "veilig-werken/maatregelen-tegen-daders.pdf",
    "VPT.6": "veilig-werken/afscherming-persoonsgegevens.pdf",
    "VPT.7": "leren/training-agressie",
    "VPT.8": "bestuur/protocol-bedreiging-bestuurders.pdf",
    "VPT.9": "veilig-werken/jaaranalyse-incidenten.pdf",
    "IP.1": "informatie/riec-convenant.pdf",
    "IP.2": "informatie/overzicht-registraties.xlsx",
    "IP.3": "informatie/risicoanalyse-kwetsbare-processen.pdf",
    "IP.4": "informatie/informatiebeveiligingsbeleid-bio.pdf",
    "IP.5": "informatie/autorisatiebeheer",
    "IP.6": "informatie/grondslagen-gegevensuitwisseling.pdf",
    "IP.7": "informatie/afgeschermde-omgeving",
    "IP.8": "informatie/oefening-cyberincident.pdf",
    "IP.9": "rapporten/ondermijningsbeeld-riec.pdf",
    "BI.1": "bibob/beleidslijn-bibob.pdf",
    "BI.2": "bibob/registratie-onderzoeken.xlsx",
    "BI.3": "bibob/werkproces-bibob.pdf",
    "BI.4": "bibob/geheimhouding.pdf",
    "BI.5": "beleid/integraal-veiligheidsplan.pdf",
    "BI.6": "regelgeving/apv.pdf",
    "BI.7": "beleid/evaluatie-instrumenten.pdf",
    "BI.8": "bibob/regionale-afstemming.pdf",
    "BI.9": "handhaving/uitvoeringsprogramma-vth.pdf",
    "BI.10": "juridisch/afspraken-juridische-ondersteuning.pdf",
    "SM.1": "meldpunt/meldroute",
    "SM.2": "meldpunt/anoniem-melden",
    "SM.3": "meldpunt/privacy-melders.pdf",
    "SM.4": "meldpunt/werkinstructie-beoordeling.pdf",
    "SM.5": "meldpunt/routes-signalen.pdf",
    "SM.6": "meldpunt/bewaartermijnen.pdf",
    "SM.7": "riec/casusoverleg",
    "SM.8": "meldpunt/meld-misdaad-anoniem",
    "SM.9": "riec/evaluaties-casussen",
    "SM.10": "bestuur/rapportage-signalen.pdf",
}

# The assessor's finding and recommendation on a norm that is not met, per norm.
FINDINGS = {
    "BO.1": ("De coördinator is bekend, maar niet schriftelijk aangewezen en heeft geen vervanger.",
             "Leg de aanwijzing vast in een besluit en wijs een vervanger aan."),
    "BO.3": ("Er is een ambtelijk plan van aanpak, maar het college heeft het niet vastgesteld.",
             "Laat het plan in 2024 door het college vaststellen en plan de bijstelling in 2026."),
    "BO.4": ("De capaciteit voor ondermijning komt uit tijdelijke middelen van de provincie.",
             "Neem de formatie voor ondermijning structureel op in de begroting 2025."),
    "BO.6": ("Bewustwordingssessies zijn gegeven aan toezicht en handhaving, niet aan alle "
             "medewerkers; nieuwe medewerkers volgen geen sessie.",
             "Neem de Twentse leermodule op in het inwerkprogramma en plan een sessie voor alle "
             "teams vóór eind 2024."),
    "BO.9": ("De weerbaarheidsscan is eenmalig afgenomen; herhaling en rapportage aan de raad "
             "zijn niet gepland.", "Plan de herhaling in 2026 en informeer de raad over de "
             "voortgang met een raadsinformatiebrief."),
    "IN.1": ("Gedragscode vastgesteld in {oud} en sindsdien niet herzien.",
             "Herzie de gedragscode in 2024 en reik hem uit bij indiensttreding."),
    "IN.3": ("Geen actueel integriteitsbeleid vastgesteld; laatste versie {oud}.",
             "Stel het beleid in 2024 opnieuw vast en borg jaarlijkse evaluatie."),
    "IN.4": ("De meldregeling dateert van vóór de Wet bescherming klokkenluiders: een mondeling "
             "meldkanaal en de termijnen van 7 dagen en 3 maanden ontbreken.",
             "Pas de regeling aan de wet aan en leg ontvangstbevestiging en terugkoppeling vast."),
    "IN.5": ("Er is een vertrouwenspersoon aangewezen, maar naam en bereikbaarheid staan niet "
             "op intranet.", "Maak de vertrouwenspersoon zichtbaar op intranet en in het "
             "inwerkprogramma."),
    "IN.8": ("Bij de benoeming van de wethouders in 2022 is een toets gedaan, maar er is geen "
             "vastgesteld protocol.", "Stel vóór de verkiezingen van 2026 een protocol "
             "risicoanalyse integriteit vast."),
    "IN.9": ("Kwetsbare functies zijn niet vastgelegd; een VOG wordt alleen bij handhavers "
             "gevraagd.", "Stel een lijst van kwetsbare functies vast en sluit aan bij het "
             "Twents screeningsmodel."),
    "VPT.1": ("Het agressieprotocol uit {oud} gaat niet in op online intimidatie en nazorg.",
              "Actualiseer het protocol met online agressie en afspraken over opvang en nazorg."),
    "VPT.2": ("Incidenten worden per afdeling in losse lijsten bijgehouden; gevolgen en "
              "maatregelen ontbreken vaak.",
              "Registreer alle incidenten centraal, met aangifte, schade en nazorg."),
    "VPT.3": ("Aangifte namens de medewerker onder het adres van de gemeente is niet geregeld.",
              "Maak afspraken met het basisteam en neem ze op in het agressieprotocol."),
    "IP.2": ("Er is geen overzicht van de eigen registraties en hun eigenaren.",
             "Gebruik het overzicht uit het Twentse deelproject en wijs per bron een eigenaar "
             "aan."),
    "IP.3": ("Een risicoanalyse van de kwetsbare processen ontbreekt; alleen vergunningen zijn "
             "globaal bekeken.", "Maak een risicoanalyse van alle kwetsbare processen, te "
             "beginnen bij vergunningen, subsidies en inkoop, met maatregelen per proces."),
    "IP.4": ("Het informatiebeveiligingsbeleid is gebaseerd op de BIG en niet bijgewerkt naar "
             "de BIO.", "Stel beleid op basis van de BIO vast en wijs een CISO aan."),
    "BI.1": ("De Bibob-beleidslijn beperkt zich tot horeca en coffeeshops; vastgoed en "
             "overheidsopdrachten vallen erbuiten.", "Verbreed de beleidslijn naar "
             "vastgoedtransacties, subsidies en overheidsopdrachten."),
    "BI.2": ("Het aantal eigen Bibob-onderzoeken wordt niet geregistreerd.",
             "Houd per jaar het aantal onderzoeken en adviesaanvragen bij en rapporteer dit aan "
             "het college."),
    "BI.5": ("Ondermijning staat in het integraal veiligheidsplan, maar niet in het "
             "coalitieakkoord.", "Neem de aanpak op in de uitwerking van het collegeprogramma."),
    "BI.7": ("De inzet van de bestuurlijke instrumenten wordt niet jaarlijks geëvalueerd.",
             "Evalueer jaarlijks de inzet van Bibob, sluitingen en APV en bespreek dit met het "
             "college."),
    "SM.1": ("Er is een meldpunt, maar de meldroute is op intranet moeilijk te vinden en "
             "weinig bekend.", "Zet de meldroute op de startpagina van intranet en bespreek "
             "hem in de teamoverleggen."),
    "SM.2": ("Anoniem melden kan alleen per post; er is geen ontvangstcode.",
             "Gebruik een meldformulier met ontvangstcode, zodat vragen aan de melder mogelijk "
             "zijn."),
    "SM.4": ("Signalen worden beoordeeld, maar zonder vaste termijn en zonder vastlegging van "
             "de uitkomst.", "Leg een termijn vast en registreer de uitkomst per signaal."),
    "SM.7": ("Signalen gaan naar het RIEC, maar de terugkoppeling over uitgevoerde "
             "interventies ontbreekt.", "Wijs per casus een eigenaar aan die de resultaten "
             "terugmeldt."),
    "SM.9": ("Casussen worden afgesloten zonder evaluatie met de partners.",
             "Plan na elke casus een korte evaluatie en leg de lessen vast."),
}  # fmt: skip
# On a self-scan that says structureel geborgd where the review finds voldaan.
NOT_YET_EMBEDDED = (
    "Uitvoering is op orde, maar de borging is niet vastgelegd: eigenaar en evaluatie ontbreken.",
    "Leg vast wie het onderhoud doet en wanneer het wordt geëvalueerd.",
)

# Two cells of the joint action, updated by the coordinator: (municipality, days ago, status,
# note).
THREAD_UPDATES = [
    (BORNE, 34, Status.IN_PROGRESS,
     "Risicoanalyse vergunningen en subsidies gestart met de uitvoeringsspecialist."),
    (OLDENZAAL, 12, Status.PLANNED,
     "Werksessie risicoanalyse met het RIEC ingepland voor Vergunningen en Inkoop."),
]  # fmt: skip


# --- The plan: every answer, decided before anything is written -------------------------------


@dataclass
class Entry:
    level: int  # index in LEVELS
    explanation: str = ""
    evidence_url: str = ""
    finding: str = ""
    recommendation: str = ""


@dataclass
class Plan:
    january: dict[str, dict[str, Entry]] = field(default_factory=dict)  # CBS code → norm code
    july: dict[str, dict[str, Entry]] = field(default_factory=dict)
    review: dict[str, dict[str, Entry]] = field(default_factory=dict)


def _random(seed: int) -> random.Random:
    """Demo data must come out the same on every load: a seeded generator, not a secret."""
    return random.Random(seed)  # noqa: S311


def _draw(rng: random.Random, maturity: float, difficulty: float) -> int:
    x = 3.2 * (maturity - difficulty) + 1.6 + rng.gauss(0, 0.6)
    return 0 if x < 0.6 else 1 if x < 1.6 else 2 if x < 2.7 else 3


def _words(rng: random.Random) -> dict[str, str]:
    """The particulars of one municipality, the same in every text about it."""
    year = rng.choice((2021, 2022, 2023))
    return {
        "jaar": str(year), "tot": str(year + 3), "oud": str(rng.choice((2015, 2017, 2018, 2019))),
        "fte": rng.choice(("0,5", "0,8", "1,0")), "n": rng.choice(("drie", "vier", "zes", "acht")),
        "m": str(rng.randint(1, 3)), "k": rng.choice(("twee", "drie", "vier")),
    }  # fmt: skip


def _self_entry(
    rng: random.Random,
    level: int,
    code: str,
    *,
    slug: str,
    words: dict[str, str],
    maturity: float,
    fact: tuple[int, str] | None,
) -> Entry:
    entry = Entry(level)
    texts = EXPLANATIONS.get(code, ("", ""))
    text = texts[level >= MET]
    if fact is not None:
        entry.explanation = fact[1]
    elif text and rng.random() < 0.4:
        entry.explanation = text.format(**words)
    if level >= MET and code in DOCUMENTS and rng.random() < 0.3 + 0.4 * maturity:
        entry.evidence_url = f"https://intranet.example/{slug}/{DOCUMENTS[code]}"
    return entry


Levels = tuple[dict[str, int], dict[str, int], dict[str, int]]  # January, July, review


def _levels(rng: random.Random, code: str, norms: list[Norm]) -> Levels:
    """One municipality's answers: drawn from its profile, with the facts laid over them."""
    profile = PROFILES[code]
    essential = {n.code for n in norms if n.essential}
    january = {n.code: _draw(rng, profile.january, DIFFICULTY.get(n.code, 0.5)) for n in norms}
    july = {
        norm: min(3, level + (rng.random() < profile.growth + DEELPROJECTEN.get(norm, 0))
                  + (level == 0 and rng.random() < profile.growth / 2))
        for norm, level in january.items()
    }  # fmt: skip
    # Hengelo has the basis op orde in January, Enschede nearly; everyone else lacks the risk
    # analysis. In July five meet every essential norm, the others still lack the analysis.
    for norm in essential:
        if code in (ENSCHEDE, HENGELO):
            january[norm] = max(january[norm], MET)
        if code in IN_ORDER_IN_JULY:
            july[norm] = max(july[norm], january[norm], MET)
    if THREAD_NORM in january:
        if code in (ENSCHEDE, HENGELO):
            january[THREAD_NORM] = july[THREAD_NORM] = max(january[THREAD_NORM], MET)
        else:
            january[THREAD_NORM] = min(january[THREAD_NORM], 1)
        if code not in IN_ORDER_IN_JULY:
            july[THREAD_NORM] = min(july[THREAD_NORM], 1)
    for (organisation, norm), (level, _note) in JANUARY_FACTS.items():
        if organisation == code and norm in january:
            january[norm] = level
    for (organisation, norm), (level, _note) in JULY_FACTS.items():
        if organisation == code and norm in july:
            july[norm] = level
    # The assessor mostly agrees; a structural claim is sometimes not yet embedded, a modest one
    # sometimes met after all (never an essential norm's); a few claims are over-confident.
    review = {}
    for n in norms:
        claimed, draw = july[n.code], rng.random()
        if (code, n.code) in OVER_CONFIDENT:
            january[n.code], july[n.code] = min(january[n.code], 1), MET
            review[n.code] = MET - 1
        elif (claimed == 3 and draw < 0.07) or (claimed == 1 and not n.essential and draw < 0.05):
            review[n.code] = MET
        else:
            review[n.code] = claimed
    return january, july, review


def _keep_the_thread(levels: dict[str, Levels], norms: list[Norm]) -> None:
    """The risk analysis is the rode draad of July by design: where the draw leaves another norm
    short for as many municipalities, the most advanced of them have met it by July."""
    agreed = {(code, norm): LEVELS.index(option) for code, norm, option, _r, _d in AGREED}
    fixed = {*OVER_CONFIDENT, *JULY_FACTS, *REVIEW_FACTS}

    def final(code: str, norm: str) -> int:
        _january, july, review = levels[code]
        if code == REVIEW_IN_PROGRESS:  # its results are its self-scan's
            return july[norm]
        return agreed.get((code, norm), review[norm])

    def short(norm: str) -> list[str]:
        return [code for code in levels if final(code, norm) < MET]

    limit = len(short(THREAD_NORM)) - 1
    for norm in (n.code for n in norms if n.code != THREAD_NORM):
        for code in sorted(short(norm), key=lambda c: -PROFILES[c].january):
            if len(short(norm)) <= limit:
                break
            if (code, norm) not in fixed:
                _january, july, review = levels[code]
                july[norm] = review[norm] = max(july[norm], MET)


def _plan(norms: list[Norm], slugs: dict[str, str]) -> Plan:
    rng = _random(SEED)
    levels = {code: _levels(rng, code, norms) for code in TWENTE}
    _keep_the_thread(levels, norms)
    plan = Plan()
    for code in TWENTE:
        january, july, review = levels[code]
        slug, words, maturity = slugs[code], _words(rng), PROFILES[code].january
        plan.january[code] = {
            n.code: _self_entry(rng, january[n.code], n.code, slug=slug, words=words,
                                maturity=maturity, fact=JANUARY_FACTS.get((code, n.code)))
            for n in norms
        }  # fmt: skip
        plan.july[code] = {
            n.code: _self_entry(rng, july[n.code], n.code, slug=slug, words=words,
                                maturity=maturity + 0.1, fact=JULY_FACTS.get((code, n.code)))
            for n in norms
        }  # fmt: skip
        plan.review[code] = {
            n.code: _review_entry(code, n.code, july[n.code], review[n.code], words) for n in norms
        }
    return plan


def _review_entry(
    organisation: str, code: str, claimed: int, level: int, words: dict[str, str]
) -> Entry:
    entry = Entry(level)
    if (organisation, code) in OVER_CONFIDENT:
        entry.finding, entry.recommendation = OVER_CONFIDENT[organisation, code]
    elif claimed == 3 and level == MET:
        entry.finding, entry.recommendation = NOT_YET_EMBEDDED
    elif level < MET and (organisation, code) in REVIEW_FACTS:
        entry.finding, entry.recommendation = REVIEW_FACTS[organisation, code]
    elif level < MET and code in FINDINGS:
        finding, recommendation = FINDINGS[code]
        entry.finding = finding.format(**words)
        entry.recommendation = recommendation.format(**words)
    return entry


# --- Writing it -------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def _workday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _days_ago(days: int, hour: int = 10) -> datetime.datetime:
    moment = timezone.localtime(timezone.now() - datetime.timedelta(days=days))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Writer:
    norms: list[Norm]
    options: dict[str, ScaleOption]

    def answer(
        self,
        scan: Scan,
        sheet: dict[str, Entry],
        *,
        actor: User,
        days: tuple[datetime.date, datetime.date],
        start_hour: int = 9,
        norms: list[Norm] | None = None,
    ) -> datetime.datetime:
        """Answer the norms in two sittings (the first half of the themes on the first day);
        returns the moment of the last answer.

        The rows are made as `answer_save` makes them (stripped texts, findings on reviews
        only, the scan in progress), but in one insert per scan; see the module's docstring."""
        norms = self.norms if norms is None else norms
        review = scan.kind == ScanKind.REVIEW
        halfway = max(n.theme.position for n in self.norms) // 2
        counts = [0, 0]  # answers given so far in each sitting
        answers = []
        for norm in norms:
            entry = sheet[norm.code]
            sitting = int(norm.theme.position > halfway)
            moment = _at(days[sitting], start_hour) + datetime.timedelta(
                minutes=4 * counts[sitting]
            )
            counts[sitting] += 1
            answer = Answer(
                scan=scan, norm=norm, option=self.options[LEVELS[entry.level]],
                explanation=entry.explanation.strip(), evidence_url=entry.evidence_url.strip(),
                finding=entry.finding.strip() if review else "",
                recommendation=entry.recommendation.strip() if review else "",
                updated_at=moment, updated_by=actor,
            )  # fmt: skip
            answer.full_clean(exclude=["scan", "norm", "option", "updated_by"],
                              validate_unique=False, validate_constraints=False)  # fmt: skip
            answers.append(answer)
        Answer.objects.bulk_create(answers)
        Scan.objects.filter(pk=scan.pk).update(status=ScanStatus.IN_PROGRESS)
        return max(a.updated_at for a in answers)

    def submit(self, scan: Scan, *, actor: User, at: datetime.datetime) -> None:
        services.scan_submit(actor=actor, scan=scan)
        Scan.objects.filter(pk=scan.pk).update(submitted_at=at)


def _date_round(scan_round: ScanRound, at: datetime.datetime) -> None:
    ScanRound.objects.filter(pk=scan_round.pk).update(created_at=at, updated_at=at)


def _january(
    partnership: Partnership,
    framework: Framework,
    organisations: dict[str, Organisation],
    plan: Plan,
    writer: Writer,
    rng: random.Random,
) -> ScanRound:
    coordinator, enschede = _user("coordinator@dijkwacht.test"), _user("enschede@dijkwacht.test")
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=partnership, framework=framework, title=JANUARY,
        kind=RoundKind.SELF, deadline=JANUARY_DEADLINE,
        organisations=[organisations[code] for code in TWENTE],
    )  # fmt: skip
    _date_round(scan_round, _at(datetime.date(2024, 1, 8)))
    scans = {s.organisation_id: s for s in scan_round.scans.all()}
    for code in TWENTE:
        if code in (TUBBERGEN, TWENTERAND):  # behind: they make the deadline on the last day
            first = _workday(datetime.date(2024, 1, 24) + datetime.timedelta(rng.randint(0, 2)))
            second = JANUARY_DEADLINE
        else:
            lag = int((1 - PROFILES[code].january) * 12) + rng.randint(0, 3)
            first = _workday(datetime.date(2024, 1, 9) + datetime.timedelta(lag))
            second = _workday(first + datetime.timedelta(rng.randint(1, 6)))
            second = min(second, datetime.date(2024, 1, 30))
        actor = enschede if code == ENSCHEDE else coordinator
        scan = scans[organisations[code].pk]
        last = writer.answer(scan, plan.january[code], actor=actor, days=(first, second))
        writer.submit(scan, actor=actor, at=last + datetime.timedelta(minutes=12))
    return scan_round


def _july(
    january: ScanRound,
    organisations: dict[str, Organisation],
    plan: Plan,
    writer: Writer,
    rng: random.Random,
) -> ScanRound:
    coordinator, enschede = _user("coordinator@dijkwacht.test"), _user("enschede@dijkwacht.test")
    assessor = _user("assessor@dijkwacht.test")
    scan_round = services.scan_round_clone(
        actor=coordinator, source=january, title=JULY, deadline=JULY_DEADLINE,
        kind=RoundKind.BOTH,
    )  # fmt: skip
    _date_round(scan_round, _at(datetime.date(2024, 5, 27)))
    scans = {(s.organisation_id, s.kind): s for s in scan_round.scans.all()}
    for code in TWENTE:
        first = _workday(datetime.date(2024, 6, 3) + datetime.timedelta(rng.randint(0, 11)))
        second = min(_workday(first + datetime.timedelta(rng.randint(1, 7))),
                     datetime.date(2024, 6, 28))  # fmt: skip
        actor = enschede if code == ENSCHEDE else coordinator
        scan = scans[organisations[code].pk, ScanKind.SELF]
        last = writer.answer(scan, plan.july[code], actor=actor, days=(first, second))
        writer.submit(scan, actor=actor, at=last + datetime.timedelta(minutes=12))
    # The assessor reviews two municipalities a day from 1 July, in a morning or an afternoon.
    for index, code in enumerate(TWENTE):
        day = datetime.date(2024, 7, 1)
        for _step in range(index // 2):
            day = _workday(day + datetime.timedelta(days=1))
        scan = scans[organisations[code].pk, ScanKind.REVIEW]
        hour = 9 if index % 2 == 0 else 13
        if code == REVIEW_IN_PROGRESS:
            part = [n for n in writer.norms if n.theme.position < REVIEW_IN_PROGRESS_THEMES]
            writer.answer(scan, plan.review[code], actor=assessor, days=(day, day),
                          start_hour=hour, norms=part)  # fmt: skip
            continue
        last = writer.answer(scan, plan.review[code], actor=assessor, days=(day, day),
                             start_hour=hour)  # fmt: skip
        writer.submit(scan, actor=assessor, at=last + datetime.timedelta(minutes=20))
    norms = {n.code: n for n in writer.norms}
    for code, norm, option, reason, july_day in AGREED:
        agreed = services.score_agree(
            actor=assessor, scan_round=scan_round, organisation=organisations[code],
            norm=norms[norm], option=writer.options[option], reason=reason,
        )  # fmt: skip
        AgreedScore.objects.filter(pk=agreed.pk).update(
            agreed_at=_at(datetime.date(2024, 7, july_day), 14)
        )
    return scan_round


def _thread_action(july: ScanRound, organisations: dict[str, Organisation]) -> None:
    coordinator = _user("coordinator@dijkwacht.test")
    programme = Programme.objects.get(partnership=july.partnership, name=PROGRAMME)
    theme = programme.themes.filter(title__iexact="basis op orde").first()
    link = services.thread_action_create(
        actor=coordinator, scan_round=july,
        norm=Norm.objects.get(framework_id=july.framework_id, code=THREAD_NORM),
        programme=programme, title=THREAD_TITLE, theme=theme, description=THREAD_DESCRIPTION,
    )  # fmt: skip
    for code, days, status, note in THREAD_UPDATES:
        cell = Commitment.objects.get(action=link.action, organisation=organisations[code])
        programme_services.commitment_update(
            actor=coordinator, commitment=cell, status=status, note=note, at=_days_ago(days)
        )


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _default_framework() -> Framework:
    framework = services.framework_load_default()
    if framework is not None:
        return framework
    path = Path(services.__file__).resolve().parent / "data" / services.DEFAULT_FRAMEWORK
    data = yaml.safe_load(path.read_text("utf-8"))
    return Framework.objects.get(name=data["name"], version=str(data["version"]))


def _twente(framework: Framework) -> None:
    partnership = Partnership.objects.get(slug=PARTNERSHIP)
    rounds = {
        r.title: r
        for r in ScanRound.objects.filter(partnership=partnership, title__in=(JANUARY, JULY))
    }
    july = rounds.get(JULY)
    if july is not None and ThreadAction.objects.filter(round=july).exists():
        return
    by_code = {o.cbs_code: o for o in Organisation.objects.filter(cbs_code__in=TWENTE)}
    organisations = {code: by_code[code] for code in TWENTE}
    norms = list(
        Norm.objects.filter(framework=framework)
        .select_related("theme")
        .order_by("theme__position", "position", "pk")
    )
    options = {o.code: o for o in framework.scale.all()}
    plan = _plan(norms, {code: o.slug for code, o in organisations.items()})
    writer = Writer(norms, options)
    # The moments have generators of their own, apart from the answers and from each other.
    january = rounds.get(JANUARY) or _january(
        partnership, framework, organisations, plan, writer, _random(SEED + 1)
    )
    if july is None:
        july = _july(january, organisations, plan, writer, _random(SEED + 2))
    _thread_action(july, organisations)


@transaction.atomic
def load() -> None:
    _twente(_default_framework())
