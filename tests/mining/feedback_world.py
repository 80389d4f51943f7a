"""A small store with feedback for the voice-of-the-customer tests, built by hand.

Customers of two personas walk a four-step designed journey; feedback items (surveys with NPS
or CSAT, reviews with stars, support tickets rated good/bad, some without a score) follow their
steps in five languages, with comments drawn from the phrase bank below by the emotion band
planted at each step. The `feedback` table follows the connectors' contract (created here with
its DDL when the store's schema does not have it yet).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from connectors import connect
from mining import PersonaRules, assign_personas
from mining.feedback import FeedbackDesign, StepRef
from mining.feedback.mine import FEEDBACK_COLUMNS

PHRASES = {
    "en": {
        -1: ["The delivery was late again and nobody told me why",
             "Support never answered my emails, very disappointing",
             "The checkout kept failing and I was charged twice",
             "Hidden fees at the end, I feel cheated",
             "The app crashes every time I open my order",
             "Terrible experience, the package arrived damaged"],
        0: ["It was fine, nothing special",
            "The order arrived as expected",
            "Average service, it did the job",
            "Delivery took the usual three days"],
        1: ["Great service, the parcel came the next day",
            "Really happy with the product and the fast delivery",
            "The staff were friendly and helpful, thank you",
            "Excellent price and a smooth checkout",
            "Love it, I will definitely order again"],
    },
    "de": {
        -1: ["Die Lieferung kam wieder zu spät und niemand hat sich gemeldet",
             "Der Kundendienst hat nie auf meine Mails geantwortet, sehr enttäuschend",
             "Beim Bezahlen gab es ständig Fehler und ich wurde doppelt belastet",
             "Versteckte Gebühren am Ende, ich fühle mich betrogen",
             "Das Paket kam beschädigt an, schlechte Erfahrung",
             "Die App stürzt bei jeder Bestellung ab, ärgerlich"],
        0: ["War in Ordnung, nichts Besonderes",
            "Die Bestellung kam wie erwartet",
            "Durchschnittlicher Service, hat funktioniert",
            "Lieferung dauerte die üblichen drei Tage"],
        1: ["Super Service, das Paket kam schon am nächsten Tag",
            "Sehr zufrieden mit dem Produkt und der schnellen Lieferung",
            "Freundliche und hilfsbereite Mitarbeiter, vielen Dank",
            "Toller Preis und ein reibungsloser Bestellvorgang",
            "Gerne wieder, klare Empfehlung"],
    },
    "it": {
        -1: ["La consegna è arrivata di nuovo in ritardo e nessuno mi ha avvisato",
             "L'assistenza non ha mai risposto alle mie email, molto deludente",
             "Il pagamento continuava a fallire e mi hanno addebitato due volte",
             "Costi nascosti alla fine, mi sento truffato",
             "Il pacco è arrivato danneggiato, pessima esperienza",
             "L'app si blocca ogni volta che apro l'ordine"],
        0: ["Tutto normale, niente di speciale",
            "L'ordine è arrivato come previsto",
            "Servizio nella media, ha funzionato",
            "La consegna ha richiesto i soliti tre giorni"],
        1: ["Servizio ottimo, il pacco è arrivato il giorno dopo",
            "Molto contento del prodotto e della consegna veloce",
            "Personale gentile e disponibile, grazie mille",
            "Prezzo eccellente e pagamento semplice",
            "Lo adoro, ordinerò sicuramente di nuovo"],
    },
    "sv": {
        -1: ["Leveransen var sen igen och ingen berättade varför",
             "Kundtjänst svarade aldrig på mina mejl, mycket besviken",
             "Betalningen misslyckades hela tiden och jag debiterades två gånger",
             "Dolda avgifter på slutet, jag känner mig lurad",
             "Paketet kom skadat, dålig upplevelse",
             "Appen kraschar varje gång jag öppnar min order"],
        0: ["Det var okej, inget speciellt",
            "Beställningen kom som väntat",
            "Genomsnittlig service, det fungerade",
            "Leveransen tog de vanliga tre dagarna"],
        1: ["Fantastisk service, paketet kom dagen efter",
            "Mycket nöjd med produkten och den snabba leveransen",
            "Trevlig och hjälpsam personal, tack så mycket",
            "Utmärkt pris och en smidig betalning",
            "Älskar det, jag kommer definitivt att beställa igen"],
    },
    "da": {
        -1: ["Leveringen var forsinket igen og ingen fortalte mig hvorfor",
             "Kundeservice svarede aldrig på mine mails, meget skuffende",
             "Betalingen fejlede hele tiden og jeg blev trukket to gange",
             "Skjulte gebyrer til sidst, jeg føler mig snydt",
             "Pakken kom beskadiget, dårlig oplevelse",
             "Appen går ned hver gang jeg åbner min ordre"],
        0: ["Det var fint, ikke noget særligt",
            "Ordren kom som forventet",
            "Gennemsnitlig service, det virkede",
            "Leveringen tog de sædvanlige tre dage"],
        1: ["Fantastisk service, pakken kom dagen efter",
            "Meget tilfreds med produktet og den hurtige levering",
            "Venligt og hjælpsomt personale, tusind tak",
            "Fremragende pris og en nem betaling",
            "Elsker det, jeg bestiller helt sikkert igen"],
    },
}
LANGUAGES = tuple(PHRASES)
BAND_EMOTION = {-1: -1.5, 0: 0.0, 1: 1.5}
START = datetime(2026, 5, 1, tzinfo=UTC)
PERSONA_RULES = PersonaRules.model_validate({
    "fallback": "unassigned",
    "personas": [{"name": "shopper", "when": {"first_touchpoint": {"equals": "ad_clicked"}}},
                 {"name": "reader", "when": {"first_touchpoint": {"equals": "email_opened"}}}],
})
STEPS = {  # persona -> (touchpoint, stage, step name, designed emotion, planted band)
    "shopper": [("ad_clicked", "Discover", "Clicks an ad", 1, 1),
                ("page_viewed:product", "Discover", "Reads the product page", 1, 0),
                ("order_placed", "Buy", "Places the order", 2, -1),
                ("order_delivered", "Buy", "Receives the parcel", 1, 1)],
    "reader": [("email_opened", "Engage", "Opens the newsletter", 1, 0),
               ("page_viewed:product", "Engage", "Reads the product page", 1, 1),
               ("order_placed", "Buy", "Places the order", 1, 1),
               ("order_delivered", "Buy", "Receives the parcel", 2, -1)],
}


@dataclass(frozen=True)
class Item:
    feedback_id: str
    identifier_key: str | None
    kind: str
    touchpoint: str
    occurred_at: datetime
    score: float | None
    score_scale: str | None
    score_emotion: float | None
    comment: str | None
    language_hint: str | None = None
    about_step: str | None = None
    subject: str | None = None
    source: str = "typeform"


def designs() -> dict[str, FeedbackDesign]:
    """The two personas' designed steps as the feedback mining takes them."""
    stage_numbers = {"Discover": 1, "Engage": 1, "Buy": 2}
    return {persona: FeedbackDesign(goals=("order_placed",), steps=tuple(
        StepRef(i, stage_numbers[stage], stage, name, (touchpoint,), float(emotion))
        for i, (touchpoint, stage, name, emotion, _) in enumerate(steps, start=1)))
            for persona, steps in STEPS.items()}


def phrase(rng: random.Random, language: str, band: int) -> str:
    """A comment in `language` that says `band`, varied so few texts repeat exactly."""
    text = rng.choice(PHRASES[language][band])
    return text + rng.choice(["", ".", "!", " ...", f" ({rng.randint(1, 9)})"])


def create_feedback_table(con: duckdb.DuckDBPyConnection) -> None:
    """The contract's `feedback` table, when the connectors' schema has not made it."""
    con.execute(f"CREATE TABLE IF NOT EXISTS feedback ({FEEDBACK_COLUMNS})")


def insert_feedback(con: duckdb.DuckDBPyConnection, items: list[Item]) -> None:
    con.executemany(
        "INSERT INTO feedback (feedback_id, touchpoint_event_id, source, kind, touchpoint, "
        "identifier_key, occurred_at, score, score_scale, score_emotion, comment, language_hint, "
        "about_step, subject, source_file, source_row, loaded_at) VALUES (?, NULL, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, 'feedback.csv', ?, now())",
        [(i.feedback_id, i.source, i.kind, i.touchpoint, i.identifier_key, i.occurred_at,
          i.score, i.score_scale, i.score_emotion, i.comment, i.language_hint, i.about_step,
          i.subject, row) for row, i in enumerate(items, start=1)])


def build_store(path: Path, customers: int = 120, seed: int = 3) -> duckdb.DuckDBPyConnection:
    """Customers, their journeys and their feedback (see module docstring); personas assigned."""
    rng = random.Random(seed)
    con = connect(path)
    create_feedback_table(con)
    events, items = [], []
    for number in range(1, customers + 1):
        persona = "shopper" if number % 2 else "reader"
        customer = f"c{number:04d}"
        at = START + timedelta(days=rng.uniform(0, 60))
        language = LANGUAGES[number % len(LANGUAGES)]
        for index, (touchpoint, _, _, _, band) in enumerate(STEPS[persona], start=1):
            at += timedelta(hours=rng.uniform(1, 30))
            events.append((customer, touchpoint, at))
            if rng.random() < 0.8:
                items.append(_item(rng, customer, f"{customer}-{index}", at, band, language))
    _insert_events(con, events)
    insert_feedback(con, items)
    assign_personas(con, PERSONA_RULES)
    return con


def _item(rng: random.Random, customer: str, feedback_id: str, step_at: datetime, band: int,
          language: str) -> Item:
    at = step_at + timedelta(minutes=rng.uniform(5, 50))
    comment = phrase(rng, language, band) if rng.random() < 0.9 else None
    emotion = BAND_EMOTION[band] + rng.choice([-0.5, 0.0, 0.5])
    kind = rng.choice(["survey", "survey", "support"])
    if kind == "support" or rng.random() < 0.15:  # some items carry only text
        return Item(feedback_id, f"user_id:{customer}", "support", "support_ticket_opened", at,
                    None, None, None, comment or phrase(rng, language, band), source="zendesk")
    return Item(feedback_id, f"user_id:{customer}", "survey", "survey_answered", at,
                round(5 + 2.5 * emotion), "nps_0_10", emotion, comment,
                language_hint=language if rng.random() < 0.5 else None)


def _insert_events(con: duckdb.DuckDBPyConnection, events: list[tuple]) -> None:
    con.executemany(
        "INSERT INTO touchpoints (touchpoint_event_id, source, channel, touchpoint, vendor_event, "
        "occurred_at, timestamp_precision, identifier_key, customer_id, source_file, source_row, "
        "loaded_at) VALUES (?, 'segment', 'web', ?, ?, ?, 'second', ?, ?, 'events.ndjson', ?, "
        "now())",
        [(f"ev{row}", touchpoint, touchpoint, at, f"user_id:{customer}", customer, row)
         for row, (customer, touchpoint, at) in enumerate(events, start=1)])
    con.execute("INSERT INTO identities SELECT DISTINCT identifier_key, customer_id "
                "FROM touchpoints")


def plant_feedback(con: duckdb.DuckDBPyConnection, bands: dict[str, dict[str, int]],
                   share: float = 0.5, seed: int = 5) -> int:
    """Feedback on an existing store's journeys: after a share of the events at the planted
    touchpoints of each persona, a survey answer (or, one in three, a support ticket without a
    score) saying the planted band, in one of the five languages, naming the touchpoint it is
    about (as a survey's trigger field would: the sample journeys are too dense for "the
    preceding touchpoint" to find it). Returns the items added."""
    rng = random.Random(seed)
    create_feedback_table(con)
    events = con.execute(
        "SELECT persona, customer_id, touchpoint, occurred_at, identifier_key FROM journeys "
        "JOIN (SELECT customer_id, min(identifier_key) AS identifier_key FROM identities "
        "GROUP BY 1) USING (customer_id) ORDER BY persona, customer_id, step_index").fetchall()
    items = []
    for number, (persona, customer, touchpoint, at, key) in enumerate(events):
        band = bands.get(persona, {}).get(touchpoint)
        if band is None or rng.random() > share:
            continue
        language = LANGUAGES[hash(customer) % len(LANGUAGES)]
        item = _item(rng, customer, f"planted-{number}", at, band, language)
        items.append(Item(**{**item.__dict__, "identifier_key": key, "about_step": touchpoint}))
    insert_feedback(con, items)
    return len(items)
