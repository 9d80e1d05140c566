"""Word lists for the sample portfolio (scripts/make_sample.py): Nordic place and trade words that
combine into company names, the named customers whose stories the sample tells, and people's names.

Every company is fictional; any likeness to a real one is a coincidence of common words.
"""

# (market, legal forms, place words, trades as (word, industry)); the place word is used as written.
MARKETS = {
    "Sweden": (["AB"], [
        "Göteborgs", "Malmö", "Umeå", "Västerås", "Örebro", "Linköpings", "Jönköpings", "Norrköpings",
        "Luleå", "Sundsvalls", "Gävle", "Växjö", "Borås", "Halmstads", "Karlstads", "Östersunds", "Kalmar",
        "Södertälje", "Mälardalens", "Norrlands", "Dalarnas", "Värmlands", "Smålands", "Östgöta", "Ångermanlands",
    ], [
        ("Bygg & Måleri", "Construction"), ("Elinstallationer", "Construction"), ("Rörteknik", "Construction"),
        ("Redovisningsbyrå", "Professional Services"), ("Tandvård", "Health"), ("Fastigheter", "Real Estate"),
        ("Trävaror", "Manufacturing"), ("Kyl & Värme", "Construction"), ("Mekaniska Verkstad", "Manufacturing"),
        ("Tryckeri", "Manufacturing"), ("Bageri", "Retail"), ("Advokatbyrå", "Professional Services"),
        ("Skogsvård", "Agriculture"), ("Möbelsnickeri", "Manufacturing"), ("Plåtslageri", "Construction"),
        ("Städservice", "Professional Services"), ("Hamnlogistik", "Transportation"), ("Kakel & Klinker", "Retail"),
        ("Bilservice", "Retail"), ("Ståltjänst", "Manufacturing"), ("Färg & Tapet", "Retail"), ("Åkeri", "Transportation"),
    ]),
    "Norway": (["AS"], [
        "Bergen", "Trondheim", "Stavanger", "Bodø", "Ålesund", "Drammen", "Kristiansand", "Fredrikstad",
        "Hamar", "Lillehammer", "Molde", "Haugesund", "Sandnes", "Nordland", "Vestland", "Trøndelag", "Agder",
        "Østfold", "Møre",
    ], [
        ("Fiskeoppdrett", "Agriculture"), ("Tre", "Manufacturing"), ("Bygg", "Construction"), ("Elektro", "Construction"),
        ("Regnskap", "Professional Services"), ("Rørlegger", "Construction"), ("Transport", "Transportation"),
        ("Sjømat", "Retail"), ("Eiendom", "Real Estate"), ("Maskin", "Manufacturing"), ("Verft", "Manufacturing"),
        ("Energi", "Energy"), ("Tannlegesenter", "Health"), ("Snekkeri", "Construction"), ("Glass", "Retail"),
        ("Revisjon", "Professional Services"), ("Sikkerhet", "Professional Services"), ("Grønt", "Agriculture"),
    ]),
    "Denmark": (["A/S", "ApS"], [
        "Århus", "Aalborg", "Odense", "Esbjerg", "Fynsk", "Sjællands", "Vejle", "Horsens", "Roskilde",
        "Herning", "Silkeborg", "Næstved", "Frederikshavn", "Randers", "Kolding", "Helsingør", "Svendborg",
        "Bornholms",
    ], [
        ("Tømrer", "Construction"), ("Mejeri", "Manufacturing"), ("Logistik", "Transportation"), ("Smedie", "Manufacturing"),
        ("VVS", "Construction"), ("Revision", "Professional Services"), ("Tandklinik", "Health"),
        ("Ejendomme", "Real Estate"), ("Murerfirma", "Construction"), ("Trælast", "Retail"),
        ("Maskinfabrik", "Manufacturing"), ("Bryggeri", "Manufacturing"), ("Gartneri", "Agriculture"),
        ("El-service", "Construction"), ("Rengøring", "Professional Services"), ("Møbler", "Retail"),
        ("Glarmester", "Construction"), ("Købmand", "Retail"),
    ]),
    "Finland": (["Oy"], [
        "Tampereen", "Oulun", "Jyväskylän", "Turun", "Helsingin", "Espoon", "Vantaan", "Lahden", "Kuopion",
        "Porin", "Joensuun", "Seinäjoen", "Rovaniemen", "Hämeenlinnan", "Kotkan", "Lappeenrannan", "Mikkelin",
        "Pohjolan", "Savon", "Karjalan", "Kainuun", "Pirkanmaan",
    ], [
        ("Konepaja", "Manufacturing"), ("Sähkö", "Construction"), ("Puutarha", "Agriculture"), ("Lämpö", "Energy"),
        ("Kuljetus", "Transportation"), ("Tilitoimisto", "Professional Services"), ("Rakennus", "Construction"),
        ("Putkityö", "Construction"), ("Hammaslääkärit", "Health"), ("Kiinteistöt", "Real Estate"), ("Saha", "Manufacturing"),
        ("Leipomo", "Retail"), ("Metalli", "Manufacturing"), ("Painotalo", "Manufacturing"),
        ("Siivous", "Professional Services"), ("Talotekniikka", "Construction"), ("Elintarvike", "Retail"),
    ]),
}
# How many generated companies each market gets (the named customers below come on top).
MARKET_COUNTS = {"Sweden": 46, "Norway": 32, "Denmark": 29, "Finland": 27}

# The customers the sample's stories are about: name -> (market, segment, industry, story, seats).
# Stories: see make_sample.py (STORIES). Seats are the licenses sold at the end of the year.
NAMED = {
    "Göteborgs Åkeri AB": ("Sweden", "SMB", "Transportation", "turnover", 64),
    "Skånska Bär & Frukt AB": ("Sweden", "SMB", "Agriculture", "duplicate", 86),
    "Vasa Kraft & Värme Ab": ("Finland", "Corporate", "Energy", "trial", 240),
    "Tromsø Havbruk AS": ("Norway", "Corporate", "Agriculture", "yammer", 150),
    "Jysk Vognmand A/S": ("Denmark", "Corporate", "Transportation", "unexplained", 180),
    "Uppsala Läkarhus AB": ("Sweden", "Corporate", "Health", "support", 120),
    "Køge Bugt Rådgivning ApS": ("Denmark", "SMB", "Professional Services", "support", 30),
    "Åbo Båtvarv Ab": ("Finland", "SMB", "Manufacturing", "support_new", 45),
    "Nordkalotten Gruv AB": ("Sweden", "Enterprise", "Mining", "slipping", 2400),
    "Fjordlys Teknikk ASA": ("Norway", "Enterprise", "Energy", "upsell", 1800),
    "Helsingborgs Frakt & Lager AB": ("Sweden", "Corporate", "Transportation", "improving", 320),
    "Norrdala kommun": ("Sweden", "Public Sector", "Government", "low", 1500),
    "Fjellvik kommune": ("Norway", "Public Sector", "Government", "average", 900),
    "Sønderå Kommune": ("Denmark", "Public Sector", "Government", "improving", 1100),
    "Järvelän kunta": ("Finland", "Public Sector", "Government", "slipping", 1300),
    # The one clearly fake name that exercises text safety (formula and markup in a customer name).
    '=HYPERLINK("x","<b>Testkund</b> & Co") AB': ("Sweden", "SMB", "Professional Services", "average", 12),
}

FIRST_NAMES = [
    "Anna", "Åsa", "Björn", "Sören", "Jöns", "Märta", "Karin", "Lars", "Linnéa", "Örjan", "Maja", "Elin",
    "Oskar", "Göran", "Ingrid", "Erik", "Sofia", "Håkan", "Emma", "Per", "Ulla", "Jörgen", "Astrid", "Nils",
]
LAST_NAMES = [
    "Lindqvist", "Åberg", "Söderström", "Nyström", "Ekström", "Björk", "Hägglund", "Öberg", "Johansson",
    "Karlsson", "Sjöberg", "Lundgren", "Bergström", "Holmström", "Wåhlin", "Engström", "Forsberg", "Dahl",
]

TICKET_SUBJECTS = {
    "question": [
        "How do I share my calendar with a colleague?", "Hur bokar jag ett Teams-möte med extern gäst?",
        "Where are my OneDrive files after the move?", "How to restore a deleted file in SharePoint",
        "Hvordan deler jeg en mappe i OneDrive?", "Question: shared mailbox in Outlook on the phone",
        "Miten lisään allekirjoituksen Outlookiin?", "How do I set up an out of office reply?",
        "Hvordan opretter jeg en kanal i Teams?", "Can we co-author Excel files in Teams?",
    ],
    "incident": [
        "Outlook keeps asking for password", "Teams call drops after 5 minutes", "Printer offline on 2nd floor",
        "Kan inte synka OneDrive", "MFA phone lost, please reset", "Mail bounces to external domain",
    ],
    "problem": ["Recurring sync errors in SharePoint library", "Slow VPN for the warehouse"],
    "task": ["New employee starting Monday", "Remove licence for leaver", "Add user to distribution list"],
}
