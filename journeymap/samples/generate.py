"""Sample exports: a small, seeded world of customers whose journeys land in real tools' exports.

Each simulated customer walks a persona's designed journey with planted deviations (skipped
steps, unexpected touchpoints, late steps, drop-offs). Every event is written the way the tool
that saw it exports it: Google Ads click view (date-only, account time zone), Segment
page/track/identify NDJSON (anonymous id linked to user id and email at sign-up), SendGrid event
webhook NDJSON (unix seconds), HubSpot contacts CSV (lifecycle "Became a ... Date" columns in the
portal's time zone, minute precision). Their feedback lands in survey, review and support exports
(journeymap/samples/feedback.py): Qualtrics, Typeform, Delighted, Trustpilot, Google Play,
Zendesk and Intercom, in five languages. The ground truth file records what was planted and what
each file holds, so tests can check that ingestion and mining find exactly that.
"""

from __future__ import annotations

import csv
import json
import random
import string
import uuid
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from journeymap.samples.feedback import TRIGGER_VOCABULARY, VoiceOfCustomer
from journeymap.samples.world import PERSONAS, STEP_DETAILS, Persona, Step

ADS_TZ = ZoneInfo("America/New_York")
CRM_TZ = ZoneInfo("Europe/Berlin")
WINDOW_START = datetime(2026, 5, 1, tzinfo=UTC)
WINDOW_DAYS = 90
FIRST_NAMES = ("Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas",
               "Kira", "Luca", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara")
LAST_NAMES = ("Meyer", "Okafor", "Rossi", "Larsen", "Novak", "Silva", "Tanaka", "Dubois",
              "Kowalski", "Haddad", "Nguyen", "Berg", "Costa", "Fischer", "Moreau")
COMPANIES = ("Acme Logistics", "Brightwave GmbH", "Copperleaf AB", "Delta Foods", "Evergreen SpA",
             "Fjord Analytics", "Granite Insurance", "Helios Retail")
PAGES = {
    "product": ("Trail Runner X", "/product/trail-runner-x"),
    "pricing": ("Pricing", "/pricing"),
    "reviews": ("Customer reviews", "/reviews"),
    "solutions": ("Solutions for B2B", "/solutions"),
}
TRACK_EVENTS = {"signed_up": "Signed Up", "order_placed": "Order Completed",
                "demo_requested": "Demo Requested"}
SENDGRID_EVENTS = {"email_delivered": "delivered", "email_opened": "open",
                   "email_clicked": "click"}
LIFECYCLE_COLUMNS = {
    "lifecycle_subscriber": "Became a Subscriber Date",
    "lifecycle_lead": "Became a Lead Date",
    "lifecycle_opportunity": "Became an Opportunity Date",
    "lifecycle_customer": "Became a Customer Date",
}
FILES = {
    "google_ads": "google_ads_click_view.csv",
    "segment": "segment_events.ndjson",
    "sendgrid": "sendgrid_events.ndjson",
    "hubspot": "hubspot_contacts.csv",
}


@dataclass
class Person:
    """One simulated customer and the identifiers the tools will know them by."""

    number: int
    persona: Persona
    first_name: str
    last_name: str
    email: str
    anonymous_id: str
    company: str | None
    user_id: str | None = None
    events: list[tuple[str, datetime]] = field(default_factory=list)
    gclids: dict[int, str] = field(default_factory=dict)  # event index -> gclid of its ad click
    language: str = "en"  # the language they write feedback in
    feedback_events: list[tuple[str, datetime]] = field(default_factory=list)  # survey, review ...

    def journey(self) -> list[tuple[str, datetime]]:
        """Their touchpoints in time order: the steps they took with their feedback between."""
        feedback = sorted(self.feedback_events, key=lambda event: event[1])
        merged, at = [], 0
        for touchpoint, when in self.events:
            while at < len(feedback) and feedback[at][1] < when:
                merged.append(feedback[at])
                at += 1
            merged.append((touchpoint, when))
        return merged + feedback[at:]


class _World:
    """Simulates the customers and collects what each tool saw."""

    def __init__(self, customers: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.people: list[Person] = []
        self.truth: dict[str, dict] = {
            p.name: {"customers": 0, "skipped": Counter(),
                     "unexpected": Counter(), "late": Counter(), "dropped_after": Counter(),
                     "completed": 0}
            for p in PERSONAS
        }
        weights = [p.share for p in PERSONAS]
        for number in range(1, customers + 1):
            persona = self.rng.choices(PERSONAS, weights)[0]
            self.people.append(self._simulate(number, persona))

    def _id(self, length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _hours(self, span: tuple[float, float]) -> timedelta:
        return timedelta(hours=self.rng.uniform(*span))

    def _simulate(self, number: int, persona: Persona) -> Person:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        company = self.rng.choice(COMPANIES) if persona.name == "b2b_evaluator" else None
        domain = company.split()[0].lower() + ".example" if company else "mail.example"
        person = Person(number, persona, first, last,
                        f"{first}.{last}{number}@{domain}".lower(), self._uuid(), company)
        truth = self.truth[persona.name]
        truth["customers"] += 1
        now = WINDOW_START + timedelta(days=self.rng.uniform(0, WINDOW_DAYS))
        skipped: list[str] = []
        ever_skipped: set[str] = set()
        next_gap_zero = False
        for index, step in enumerate(persona.steps):
            if index and self.rng.random() < persona.skip.get(step.touchpoint, 0.0):
                skipped.append(step.touchpoint)
                ever_skipped.add(step.touchpoint)
                continue
            late = self.rng.random() < persona.late.get(step.touchpoint, 0.0)
            if not next_gap_zero:
                now += self._hours(step.late_hours if late else step.gap_hours)
            next_gap_zero = False
            if late:
                truth["late"][step.touchpoint] += 1
            person.events.append((step.touchpoint, now))
            for touchpoint in skipped:  # a skip counts once the journey goes on past it
                truth["skipped"][touchpoint] += 1
            skipped = []
            if index == len(persona.steps) - 1:
                truth["completed"] += 1
                break
            if self.rng.random() < _drop_chance(persona, step.touchpoint, ever_skipped):
                truth["dropped_after"][step.touchpoint] += 1
                break
            for insertion in persona.insertions:
                if insertion.after == step.touchpoint and self.rng.random() < insertion.rate:
                    now += self._hours(insertion.gap_hours)
                    person.events.append((insertion.touchpoint, now))
                    truth["unexpected"][insertion.touchpoint] += 1
                    # an ad click lands on the next page at the same instant
                    next_gap_zero = insertion.touchpoint == "ad_clicked"
        return person

    # ----------------------------------------------------------------- exports
    def write(self, exports: Path) -> dict[str, dict]:
        exports.mkdir(parents=True, exist_ok=True)
        ads, web, email, crm = [], [], [], []
        for person in self.people:
            self._events_to_rows(person, ads, web, email)
            crm_row = self._hubspot_row(person)
            if crm_row:
                crm.append(crm_row)
        self.voice = VoiceOfCustomer(self.people, self.seed)  # once user ids are known
        bad = {"google_ads": self._plant_bad_ads(ads), "segment": self._plant_bad_lines(web),
               "sendgrid": self._plant_bad_email(email)}
        self._write_csv(exports / FILES["google_ads"], ads)
        self._write_ndjson(exports / FILES["segment"], web)
        self._write_ndjson(exports / FILES["sendgrid"], email)
        self._write_csv(exports / FILES["hubspot"], crm)
        (exports / "sources.yaml").write_text(yaml.safe_dump({
            "files": {
                FILES["google_ads"]: {"source": "google_ads", "timezone": str(ADS_TZ)},
                FILES["hubspot"]: {"source": "hubspot", "timezone": str(CRM_TZ)},
            }
        }, sort_keys=False))
        # the survey tools' trigger values, named as the steps they follow
        (exports / "vocabulary.yaml").write_text(yaml.safe_dump(TRIGGER_VOCABULARY))
        counts = {"google_ads": len(ads), "segment": len(web), "sendgrid": len(email),
                  "hubspot": len(crm)}
        files = {FILES[s]: {"source": s, "rows": counts[s], "quarantined": bad.get(s, 0)}
                 for s in FILES}
        return files | self.voice.write(exports)

    def _events_to_rows(self, person: Person, ads: list, web: list, email: list) -> None:
        pending_gclid: str | None = None
        identified = False
        for touchpoint, at in person.events:
            if touchpoint == "ad_clicked":
                pending_gclid = "Cj0KCQjw" + self._id(24)
                ads.append(self._ads_row(person, pending_gclid, at))
            elif touchpoint.startswith("page_viewed:"):
                web.append(self._page(person, touchpoint.split(":", 1)[1], at, pending_gclid,
                                      identified))
                pending_gclid = None
            elif touchpoint in TRACK_EVENTS:
                if touchpoint in ("signed_up", "demo_requested") and not identified:
                    person.user_id = "usr_" + self._id(10, string.digits + "abcdef")
                    identified = True
                    web.append(self._identify(person, at))
                web.append(self._track(person, TRACK_EVENTS[touchpoint], at))
            elif touchpoint in SENDGRID_EVENTS:
                email.append(self._sendgrid(person, SENDGRID_EVENTS[touchpoint], at))

    def _ads_row(self, person: Person, gclid: str, at: datetime) -> dict:
        persona = person.persona
        return {
            "campaign.id": str(zlib.crc32(persona.campaign.encode())),
            "campaign.name": persona.campaign,
            "ad_group.id": str(9_000_000_000 + len(persona.name)),
            "ad_group.name": persona.title.split(":")[0],
            "click_view.gclid": gclid,
            "click_view.keyword_info.text": self.rng.choice(persona.keywords),
            "click_view.keyword_info.match_type": self.rng.choice(("EXACT", "PHRASE", "BROAD")),
            "segments.date": at.astimezone(ADS_TZ).date().isoformat(),
        }

    def _segment_base(self, person: Person, kind: str, at: datetime, identified: bool) -> dict:
        event = {"type": kind, "messageId": "ajs-" + self._id(32, string.hexdigits.lower()),
                 "anonymousId": person.anonymous_id,
                 "timestamp": at.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
        if identified:
            event["userId"] = person.user_id
        return event

    def _page(self, person: Person, page: str, at: datetime, gclid: str | None,
              identified: bool) -> dict:
        title, path = PAGES[page]
        event = self._segment_base(person, "page", at, identified)
        query = f"?gclid={gclid}&utm_source=google&utm_medium=cpc" if gclid else ""
        if not gclid and person.persona.name == "newsletter_reader" and page == "product":
            query = "?utm_source=newsletter&utm_medium=email&utm_campaign=summer_drop"
        event["name"] = title
        event["properties"] = {"path": path, "url": "https://shop.example" + path + query,
                               "title": title}
        event["context"] = {"page": {"path": path, "search": query,
                                     "url": "https://shop.example" + path + query},
                            "userAgent": "Mozilla/5.0"}
        if query:
            params = dict(p.split("=") for p in query[1:].split("&"))
            event["context"]["campaign"] = {
                k.removeprefix("utm_"): v for k, v in params.items() if k.startswith("utm_")}
        return event

    def _identify(self, person: Person, at: datetime) -> dict:
        event = self._segment_base(person, "identify", at - timedelta(milliseconds=5), True)
        event["traits"] = {"email": person.email, "firstName": person.first_name,
                           "lastName": person.last_name}
        if person.company:
            event["traits"]["company"] = person.company
        return event

    def _track(self, person: Person, name: str, at: datetime) -> dict:
        event = self._segment_base(person, "track", at, True)
        event["event"] = name
        if name == "Order Completed":
            event["properties"] = {"order_id": "o_" + self._id(8, string.digits),
                                   "revenue": round(self.rng.uniform(40, 180), 2),
                                   "currency": "EUR"}
        return event

    def _sendgrid(self, person: Person, kind: str, at: datetime) -> dict:
        address = person.email
        if self.rng.random() < 0.1:  # tools do not agree on case and spacing
            address = " " + address.title() + " "
        event = {"email": address, "timestamp": int(at.timestamp()), "event": kind,
                 "sg_event_id": self._id(22), "sg_message_id": self._id(22) + ".filter0001",
                 "category": [person.persona.name.replace("_", "-")],
                 "marketing_campaign_name": "Summer drop" if "newsletter" in person.persona.name
                 else "Lifecycle"}
        if kind == "click":
            event["url"] = "https://shop.example/product/trail-runner-x?utm_source=newsletter"
        if kind == "open":
            event["useragent"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"
        return event

    def _hubspot_row(self, person: Person) -> dict | None:
        lifecycle = {tp: at for tp, at in person.events if tp in LIFECYCLE_COLUMNS}
        known = person.user_id or lifecycle
        if not known:
            return None  # never identified: the CRM has no record of them
        created = min([at for tp, at in person.events
                       if tp in LIFECYCLE_COLUMNS or tp in ("signed_up", "demo_requested")])
        stage = "customer" if "lifecycle_customer" in lifecycle else (
            "opportunity" if "lifecycle_opportunity" in lifecycle else
            "lead" if person.company or person.user_id else "subscriber")
        row = {
            "Record ID": str(100_000 + person.number),
            "First Name": person.first_name,
            "Last Name": person.last_name,
            "Email": person.email,
            "Company Name": person.company or "",
            "Create Date": _crm_time(created),
            "Lifecycle Stage": stage,
            "Original Source": {"bargain_hunter": "Paid Search", "b2b_evaluator": "Paid Search",
                                "newsletter_reader": "Email Marketing"}[person.persona.name],
        }
        for touchpoint, column in LIFECYCLE_COLUMNS.items():
            row[column] = _crm_time(lifecycle[touchpoint]) if touchpoint in lifecycle else ""
        return row

    # ------------------------------------------------------------ planted faults
    def _plant_bad_ads(self, ads: list[dict]) -> int:
        bad = dict(ads[0], **{"click_view.gclid": "Cj0KCQjw" + self._id(24),
                              "segments.date": "2026-02-30"})
        ads.insert(self.rng.randrange(len(ads)), bad)
        return 1

    def _plant_bad_lines(self, web: list) -> int:
        for _ in range(2):
            line = json.dumps(self.rng.choice(web))
            web.insert(self.rng.randrange(len(web)), line[: len(line) // 2])  # truncated line
        return 2

    def _plant_bad_email(self, email: list[dict]) -> int:
        bad = {"timestamp": email[0]["timestamp"], "event": "open", "sg_event_id": self._id(22)}
        email.insert(self.rng.randrange(len(email)), bad)
        return 1

    @staticmethod
    def _write_csv(path: Path, rows: list[dict]) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            writer.writerows(rows)

    @staticmethod
    def _write_ndjson(path: Path, rows: list) -> None:
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write((row if isinstance(row, str) else json.dumps(row)) + "\n")

    def ground_truth(self, files: dict[str, dict]) -> dict:
        personas = {}
        for persona in PERSONAS:
            t = self.truth[persona.name]
            n = t["customers"]
            # feedback is no journey step (mining.journeys leaves it out of the event log)
            variants = Counter(tuple(tp for tp, _ in p.events) for p in self.people
                               if p.persona is persona)
            personas[persona.name] = {
                "customers": n,
                "completed": t["completed"],
                "variants": sorted(
                    ({"touchpoints": list(v), "count": c} for v, c in variants.items()),
                    key=lambda v: (-v["count"], v["touchpoints"])),
                "skipped": _rates(t["skipped"], persona.skip, n),
                "unexpected": _rates(t["unexpected"],
                                     {i.touchpoint: i.rate for i in persona.insertions}, n),
                "late": _rates(t["late"], persona.late, n),
                "dropped_after": dict(sorted(t["dropped_after"].items())),
                "planted_impact": [
                    {"kind": "skipped", "touchpoint": skipped_tp,
                     "effect": f"drop after {drop_tp} with chance {chance} instead of "
                               f"{persona.drop_after.get(drop_tp, 0.0)}"}
                    for skipped_tp, (drop_tp, chance) in persona.drop_after_if_skipped.items()],
            }
        return {
            "seed": self.seed,
            "customers": len(self.people),
            "touchpoint_events": sum(len(p.journey()) for p in self.people),
            "files": files,
            "personas": personas,
            "feedback": self.voice.ground_truth(),
        }


def _drop_chance(persona: Persona, touchpoint: str, skipped: set[str]) -> float:
    """The chance to leave after a step, raised by a planted effect of an earlier skip."""
    chance = persona.drop_after.get(touchpoint, 0.0)
    for skipped_touchpoint, (drop_touchpoint, raised) in persona.drop_after_if_skipped.items():
        if skipped_touchpoint in skipped and drop_touchpoint == touchpoint:
            chance = raised
    return chance


def _rates(realised: Counter, planted: dict[str, float], customers: int) -> dict[str, dict]:
    return {tp: {"count": realised.get(tp, 0), "planted_rate": rate,
                 "share_of_customers": round(realised.get(tp, 0) / max(customers, 1), 4)}
            for tp, rate in planted.items()}


def _crm_time(at: datetime) -> str:
    return at.astimezone(CRM_TZ).strftime("%Y-%m-%d %H:%M")


def designed_map(persona: Persona) -> dict:
    """The designed map of a sample persona, as the YAML document teams keep under git."""
    stages: dict[str, list[dict]] = defaultdict(list)
    for step in persona.steps:
        stages[step.stage].append(_designed_step(step))
    return {
        "name": persona.title,
        "persona": persona.name,
        "goal": persona.goal,
        "owner": persona.owner,
        "version": 1,
        "description": persona.description,
        "stages": [{"name": name, "steps": steps} for name, steps in stages.items()],
    }


def _designed_step(step: Step) -> dict:
    out = {"name": step.name, "touchpoint": step.touchpoint, "channel": step.channel,
           "action": step.action, **STEP_DETAILS.get(step.touchpoint, {}),
           "emotion": step.emotion}
    if step.target_hours is not None:
        out["target_hours"] = step.target_hours
    return out


def persona_rules() -> dict:
    """The persona rules of the sample world, over attributes of each customer's first touch."""
    return {
        "fallback": "unassigned",
        "personas": [
            {"name": "b2b_evaluator", "when": {"first_campaign": {"starts_with": "B2B"}}},
            {"name": "bargain_hunter", "when": {"first_touchpoint": {"equals": "ad_clicked"}}},
            {"name": "newsletter_reader",
             "when": {"first_touchpoint": {"equals": "lifecycle_subscriber"}}},
        ],
    }


def write_samples(out_dir: str | Path, customers: int = 400, seed: int = 7) -> dict:
    """Write a sample project folder (exports, designed maps, persona rules, ground truth).

    Same seed and size give byte-identical files, so re-running the demo adds no data.
    Returns the ground truth that is also written to `ground_truth.json`.
    """
    out = Path(out_dir)
    world = _World(customers, seed)
    files = world.write(out / "exports")
    designed = out / "designed"
    designed.mkdir(parents=True, exist_ok=True)
    for persona in PERSONAS:
        (designed / f"{persona.name}.yaml").write_text(
            yaml.safe_dump(designed_map(persona), sort_keys=False, allow_unicode=True))
    (out / "personas.yaml").write_text(yaml.safe_dump(persona_rules(), sort_keys=False))
    truth = world.ground_truth(files)
    (out / "ground_truth.json").write_text(json.dumps(truth, indent=2))
    return truth
