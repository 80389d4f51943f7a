"""The voice of the customer in the sample world: survey answers, reviews and support tickets.

After a step of their journey some customers answer a survey, post a review or contact support,
in their own language. Each persona has a planted emotion per designed step (`VOICE`): what the
feedback after that step says on average, some steps clearly worse than designed. An item's
emotion is the planted one plus noise that keeps its mean; a score is drawn so that its emotion
on the -2..+2 scale (connectors/macros.sql `score_emotion`) has that mean, and a comment's
sentiment level (-2..+2) is the score's, or for an item without a score the emotion rounded at
random to a level with the same mean. Then the mean of a step's items estimates the planted
emotion without bias.

Surveys that name the step they follow (Qualtrics embedded data `trigger`, Typeform hidden field
`step`, Delighted person property `trigger`) come hours later; the others (a web intercept on the
page, an invited review, a support ticket or chat) only follow the step in time: they fall after
it and before the customer's next event, at least `MARGIN` from any other event. App-store and
anonymous shop reviews have no person: they are channel-level feedback of the app or the shop.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import random
import string
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from journeymap.samples.phrases import (
    CLOSERS,
    CONTACT,
    LANGUAGES,
    OPENERS,
    PHONE_PREFIX,
    STAFF_NAMES,
    TOPICS,
)
from journeymap.samples.world import PERSONAS

if TYPE_CHECKING:
    from journeymap.samples.generate import Person

LANGUAGE_SHARES = (0.30, 0.175, 0.175, 0.175, 0.175)  # of LANGUAGES
SURVEY_TZ = ZoneInfo("America/Denver")  # the Qualtrics brand's zone, stated in its export
MARGIN = timedelta(seconds=90)  # a time-only item keeps this far from the customer's next event
# A step's mean measured emotion lies within this of the planted one: the items' emotions have
# a standard deviation of about 0.7 (noise of +-0.8 plus rounding to score points and levels; a
# good/bad rating alone spreads +-2), so with n >= 15 items the standard error is <= 0.18 and
# 0.35 is about two of them; steps with more items sit closer. Text read by a classifier adds
# its own error on top.
TOLERANCE = 0.35
WORSE_BY = 1.0  # a planted step at least this far below its designed emotion is "worse"
APP_PACKAGE = "com.trailrunner.app"
SHOP = "Trail Runner Co"
STAR_SHARES = (0.18, 0.10, 0.12, 0.25, 0.35)  # app and shop reviews, 1..5 stars

# Score points of each scale with their emotion: mirrors connectors/macros.sql score_emotion
# (tests/test_samples.py checks that they agree).
SCALE_POINTS: dict[str, tuple[tuple[int, float], ...]] = {
    "nps_0_10": tuple((s, -2 + 0.25 * s if s <= 6 else 0.5 * (s - 7) if s <= 8
                       else 1.5 + 0.5 * (s - 9)) for s in range(11)),
    "csat_1_5": tuple((s, float(s - 3)) for s in range(1, 6)),
    "stars_1_5": tuple((s, float(s - 3)) for s in range(1, 6)),
    "rating_1_5": tuple((s, float(s - 3)) for s in range(1, 6)),
    "ces_1_7": tuple((s, (s - 4) * 2 / 3) for s in range(1, 8)),
    "good_bad": ((0, -2.0), (1, 2.0)),
}
DELIGHTED_SCALES = {"nps": "nps_0_10", "csat": "csat_1_5", "ces": "ces_1_7"}
SCALES = {"qualtrics": "nps_0_10", "typeform_csv": "csat_1_5", "typeform_api": "stars_1_5",
          "trustpilot": "stars_1_5"}  # the question each survey tool asks
COMMENT_RATES = {"qualtrics": 0.7, "typeform_csv": 1.0, "typeform_api": 0.5, "delighted": 0.6,
                 "trustpilot": 1.0}  # how often a rating comes with words


@dataclass(frozen=True)
class Ask:
    """A tool asking for feedback after a step: how often, and what its trigger field says."""

    tool: str  # qualtrics, typeform_csv, typeform_api, delighted, trustpilot, zendesk, intercom
    rate: float
    trigger: str | None = None  # the export's trigger value (None: tied to the step by time)
    survey: str | None = None  # delighted survey type


@dataclass(frozen=True)
class StepVoice:
    """What customers feel after a step (planted), what they write about, who asks them."""

    felt: float
    topic: str
    asks: tuple[Ask, ...]


VOICE: dict[str, dict[str, StepVoice]] = {
    "bargain_hunter": {
        "page_viewed:product": StepVoice(0.8, "product", (Ask("typeform_api", 0.35),)),
        "page_viewed:pricing": StepVoice(-0.2, "pricing", (Ask("typeform_api", 0.35),)),
        "signed_up": StepVoice(-1.5, "signup", (Ask("delighted", 0.5, "signup", "ces"),
                                                Ask("intercom", 0.3))),
        "order_placed": StepVoice(1.2, "checkout", (Ask("qualtrics", 0.45, "post_purchase"),
                                                    Ask("typeform_csv", 0.25, "order_placed"))),
        "email_opened": StepVoice(0.5, "delivery", (Ask("trustpilot", 0.45),
                                                    Ask("zendesk", 0.2))),
    },
    "newsletter_reader": {
        "lifecycle_subscriber": StepVoice(1.0, "newsletter", (
            Ask("typeform_csv", 0.35, "lifecycle_subscriber"),)),
        "email_opened": StepVoice(-0.6, "newsletter", (
            Ask("delighted", 0.45, "newsletter", "csat"),)),
        "page_viewed:product": StepVoice(0.9, "product", (Ask("typeform_api", 0.35),)),
        "signed_up": StepVoice(-0.3, "signup", (Ask("delighted", 0.35, "signup", "ces"),)),
        "order_placed": StepVoice(1.8, "checkout", (Ask("qualtrics", 0.5, "post_purchase"),)),
    },
    "b2b_evaluator": {
        "page_viewed:solutions": StepVoice(0.7, "solutions", (Ask("typeform_api", 0.35),)),
        "demo_requested": StepVoice(-0.2, "demo", (
            Ask("typeform_csv", 0.45, "demo_requested"),)),
        "email_opened": StepVoice(0.8, "sales", (Ask("zendesk", 0.3),)),
        "lifecycle_opportunity": StepVoice(-1.4, "sales", (
            Ask("intercom", 0.4), Ask("delighted", 0.35, "sales_call", "nps"))),
        "lifecycle_customer": StepVoice(1.6, "onboarding", (
            Ask("qualtrics", 0.6, "onboarding"),)),
    },
}
# The trigger values the survey tools export, named as touchpoints (the exports' vocabulary.yaml).
TRIGGER_VOCABULARY = {
    "qualtrics": {"post_purchase": "order_placed", "onboarding": "lifecycle_customer"},
    "delighted": {"signup": "signed_up", "newsletter": "email_opened",
                  "sales_call": "lifecycle_opportunity"},
}
FILES = {
    "qualtrics": "qualtrics_post_step_nps.csv",
    "typeform_csv": "typeform_step_feedback.csv",
    "typeform_api": "typeform_page_feedback.json",
    "delighted": "delighted_survey_responses.json",
    "trustpilot": "trustpilot_reviews.csv",
    "google_play": "google_play_reviews_com.trailrunner.app.csv",
    "zendesk": "zendesk_tickets.json",
    "zendesk_users": "zendesk_users.json",
    "intercom": "intercom_conversations.json",
}
FILE_SOURCES = {"typeform_csv": "typeform", "typeform_api": "typeform",
                "zendesk_users": "zendesk"}
# Which touchpoint each tool's item becomes (connectors/vocabulary.yaml).
TOUCHPOINTS = {"qualtrics": "survey_answered", "typeform_csv": "survey_answered",
               "typeform_api": "survey_answered", "delighted": "survey_answered",
               "trustpilot": "review_posted"}


@dataclass
class Item:
    """One feedback item as its export will show it."""

    tool: str
    at: datetime  # UTC, whole seconds
    language: str
    score: int | None = None
    scale: str | None = None
    comment: str | None = None
    person: Person | None = None
    step: str | None = None  # the designed step (touchpoint) it follows
    trigger: str | None = None
    extra: dict = field(default_factory=dict)  # tool-specific fields


def score_emotion(score: float, scale: str) -> float:
    """A score's emotion on the -2..+2 scale (the points of `SCALE_POINTS`)."""
    return dict(SCALE_POINTS[scale])[int(score)]


class VoiceOfCustomer:
    """Simulates the feedback of a sample world's customers and writes the tools' exports."""

    def __init__(self, people: list[Person], seed: int) -> None:
        # its own random stream: the journeys of a seed stay what they were without feedback
        self.rng = random.Random(seed * 7919 + 104729)
        self.people = people
        self.items: list[Item] = []
        self.tickets: list[dict] = []  # zendesk and intercom conversations
        self.counts: dict[str, Counter] = {p.name: Counter() for p in PERSONAS}
        self.sums: dict[str, Counter] = {p.name: Counter() for p in PERSONAS}
        for person in people:
            person.language = self.rng.choices(LANGUAGES, LANGUAGE_SHARES)[0]
            self._ask(person)
        self._channel_reviews(len(people))

    # ------------------------------------------------------------------ simulation
    def _ask(self, person: Person) -> None:
        voice = VOICE.get(person.persona.name, {})
        events = person.events
        known = person.user_id is not None or any(tp.startswith("lifecycle_") for tp, _ in events)
        for index, (touchpoint, at) in enumerate(events):
            step = voice.get(touchpoint)
            if step is None or touchpoint in {tp for tp, _ in events[:index]}:
                continue
            following = events[index + 1][1] if index + 1 < len(events) else None
            for ask in step.asks:
                if ask.tool != "typeform_api" and not known:
                    continue  # the tool has no address for them
                if self.rng.random() < ask.rate:
                    self._give(person, touchpoint, step, ask, at, following)

    def _give(self, person: Person, touchpoint: str, step: StepVoice, ask: Ask, at: datetime,
              following: datetime | None) -> None:
        if ask.tool in ("zendesk", "intercom"):
            self._conversation(person, touchpoint, step, ask.tool, at, following)
            return
        when = (self._triggered(person, at, ask.tool) if ask.trigger
                else self._between(person, at, following, timedelta(hours=48)
                                   if ask.tool == "trustpilot" else timedelta(minutes=15)))
        if when is None:
            return
        scale = SCALES.get(ask.tool) or DELIGHTED_SCALES[ask.survey]
        rated = not (ask.tool == "typeform_csv" and self.rng.random() < 0.15)  # skipped it
        item = self._item(person, touchpoint, step, ask.tool, when, scale if rated else None,
                          COMMENT_RATES[ask.tool] if rated else 1.0)
        self.items.append(item)
        item.trigger = ask.trigger
        item.extra["survey"] = ask.survey
        touched = "csat_rated" if ask.survey == "csat" else TOUCHPOINTS[ask.tool]
        person.feedback_events.append((touched, when))

    def _item(self, person: Person, touchpoint: str, step: StepVoice, tool: str, at: datetime,
              scale: str | None, writes: float) -> Item:
        """An item after a step: its emotion is the planted one plus mean-keeping noise."""
        width = min(0.8, 2 - abs(step.felt))
        emotion = step.felt + self.rng.uniform(-width, width)
        item = Item(tool, at, person.language, person=person, step=touchpoint)
        if scale:
            item.score, item.scale = self._score(scale, emotion), scale
            measured = score_emotion(item.score, scale)
            level = _clamp(math.floor(measured + 0.5))
        else:
            level = math.floor(emotion) + int(self.rng.random() < emotion - math.floor(emotion))
            measured = float(level)
        if self.rng.random() < writes:
            item.comment = self._comment(person.language, step.topic, level, person.email)
        self.counts[person.persona.name][touchpoint] += 1
        self.sums[person.persona.name][touchpoint] += measured
        return item

    def _conversation(self, person: Person, touchpoint: str, step: StepVoice, tool: str,
                      at: datetime, following: datetime | None) -> None:
        """A support ticket (Zendesk) or chat (Intercom): opened after the step, solved, and
        rated before the customer's next event; the request and the rating are two items."""
        rng = self.rng
        if tool == "zendesk":
            lead, work, rate_after = ((10 / 60, 3.0), (1.0, 20.0), (0.5, 3.0))
        else:
            lead, work, rate_after = ((2 / 60, 0.5), (10 / 60, 1.5), (1 / 60, 10 / 60))
        opened = at + timedelta(hours=rng.uniform(*lead))
        solved = opened + timedelta(hours=rng.uniform(*work))
        rated = solved + timedelta(hours=rng.uniform(*rate_after))
        if following is not None and rated + MARGIN > following:
            return  # no time for it before the next step: this customer did not write
        times = [self._free_second(person, t) for t in (opened, solved, rated)]
        request = self._item(person, touchpoint, step, tool, times[0], None, 1.0)
        scale = "good_bad" if tool == "zendesk" else "rating_1_5"
        rating = (self._item(person, touchpoint, step, tool, times[2], scale, 0.5)
                  if rng.random() < 0.7 else None)
        self.tickets.append({"tool": tool, "person": person, "request": request,
                             "rating": rating, "solved": times[1],
                             "updated": times[2] if rating else times[1] + timedelta(hours=1)})
        person.feedback_events += [("support_ticket_opened", times[0]),
                                   ("support_ticket_solved", times[1])]
        if rating:
            person.feedback_events.append(("csat_rated", times[2]))

    def _between(self, person: Person, at: datetime, following: datetime | None,
                 longest: timedelta) -> datetime | None:
        """A time after `at`, before the next event less `MARGIN`; None when there is no room."""
        start = at + timedelta(seconds=5)
        room = longest if following is None else min(longest, following - MARGIN - start)
        if room < timedelta(seconds=10):
            return None
        return self._free_second(person, start + room * self.rng.uniform(0.1, 0.9))

    def _triggered(self, person: Person, at: datetime, tool: str) -> datetime:
        """When a survey sent after the step comes back: hours later, away from other events."""
        hours = {"qualtrics": (2.0, 72.0), "typeform_csv": (0.1, 6.0),
                 "delighted": (0.5, 24.0)}[tool]
        when = at + timedelta(hours=self.rng.uniform(*hours))
        while any(abs(when - other) < MARGIN for _, other in person.events):
            when += 2 * MARGIN
        return self._free_second(person, when)

    @staticmethod
    def _free_second(person: Person, when: datetime) -> datetime:
        """`when` in whole seconds, moved on until no other feedback event has that second."""
        when = when.replace(microsecond=0)
        taken = {t for _, t in person.feedback_events}
        while when in taken:
            when += timedelta(seconds=1)
        return when

    def _score(self, scale: str, emotion: float) -> int:
        """A score whose emotion has `emotion` as its mean: one of the two points around it."""
        points = SCALE_POINTS[scale]
        emotion = min(max(emotion, points[0][1]), points[-1][1])
        for (low, low_e), (high, high_e) in zip(points, points[1:], strict=False):
            if low_e <= emotion <= high_e:
                return high if self.rng.random() < (emotion - low_e) / (high_e - low_e) else low
        raise AssertionError(emotion)

    def _comment(self, language: str, topic: str, level: int, email: str | None) -> str:
        rng = self.rng
        negative, neutral, positive = TOPICS[language][topic]
        parts = [rng.choice(negative if level < 0 else positive if level > 0 else neutral)]
        if abs(level) == 2 or rng.random() < 0.5:
            parts.insert(0, rng.choice(OPENERS[language][level]))
        if abs(level) == 2 or rng.random() < 0.3:
            parts.append(rng.choice(CLOSERS[language][level]))
        roll = rng.random()  # a few write personal data that quotes must mask
        contact = CONTACT[language]
        if roll < 0.03 and email:
            parts.append(contact["email"].format(email=email))
        elif roll < 0.06:
            digits = "".join(rng.choice(string.digits) for _ in range(5))
            parts.append(contact["phone"].format(phone=PHONE_PREFIX[language] + digits))
        elif roll < 0.09 and level >= 0:
            parts.append(contact["name"].format(name=rng.choice(STAFF_NAMES)))
        return " ".join(parts)

    def _channel_reviews(self, customers: int) -> None:
        """App reviews (Google Play) and shop reviews without a person (Trustpilot)."""
        start = datetime(2026, 5, 1, tzinfo=UTC)
        for tool, count in (("google_play", customers * 5 // 2),
                            ("trustpilot", customers * 3 // 4)):
            for _ in range(count):
                stars = self.rng.choices(range(1, 6), STAR_SHARES)[0]
                level = _clamp(stars - 3 + (self.rng.choice((-1, 1))
                                            if self.rng.random() < 0.15 else 0))
                language = self.rng.choice(LANGUAGES)
                topic = "app" if tool == "google_play" else self.rng.choice(
                    ("shop", "delivery", "checkout", "pricing"))
                at = start + timedelta(seconds=self.rng.randrange(90 * 86400))
                self.items.append(Item(tool, at, language, stars, "stars_1_5",
                                       self._comment(language, topic, level, None)))

    # ------------------------------------------------------------------ exports
    def write(self, exports: Path) -> dict[str, dict]:
        """Write every feedback export; returns rows and planted bad rows per file."""
        by_tool: dict[str, list[Item]] = defaultdict(list)
        for item in sorted(self.items, key=lambda i: (i.at, i.tool)):
            by_tool[item.tool].append(item)
        tickets = sorted(self.tickets, key=lambda t: t["request"].at)
        writers: dict[str, Callable[[Path], tuple[int, int]]] = {
            "qualtrics": lambda p: _qualtrics(p, by_tool["qualtrics"]),
            "typeform_csv": lambda p: _typeform_csv(p, by_tool["typeform_csv"], self.rng),
            "typeform_api": lambda p: _typeform_api(p, by_tool["typeform_api"], self.rng),
            "delighted": lambda p: _delighted(p, by_tool["delighted"], self.rng),
            "trustpilot": lambda p: _trustpilot(p, by_tool["trustpilot"], self.rng),
            "google_play": lambda p: _google_play(p, by_tool["google_play"], self.rng),
            "zendesk": lambda p: _zendesk(p, [t for t in tickets if t["tool"] == "zendesk"]),
            "zendesk_users": lambda p: _zendesk_users(
                p, [t for t in tickets if t["tool"] == "zendesk"]),
            "intercom": lambda p: _intercom(p, [t for t in tickets if t["tool"] == "intercom"]),
        }
        files = {}
        for tool, write in writers.items():
            rows, bad = write(exports / FILES[tool])
            files[FILES[tool]] = {"source": FILE_SOURCES.get(tool, tool), "rows": rows,
                                  "quarantined": bad}
        return files

    def ground_truth(self) -> dict:
        """The planted emotion per designed step, what feedback there is, and its languages."""
        steps, worse = {}, {}
        for persona in PERSONAS:
            voice = VOICE.get(persona.name, {})
            steps[persona.name] = {
                s.touchpoint: {"designed": s.emotion,
                               "planted": voice[s.touchpoint].felt if s.touchpoint in voice
                               else float(s.emotion),
                               "n": self.counts[persona.name][s.touchpoint]}
                for s in persona.steps}
            worse[persona.name] = [tp for tp, d in steps[persona.name].items()
                                   if d["planted"] <= d["designed"] - WORSE_BY]
        return {"tolerance": TOLERANCE, "steps": steps, "worse_than_designed": worse,
                "languages": list(LANGUAGES)}

    def realised(self) -> dict[str, dict[str, float]]:
        """The mean measured emotion of the items planted after each step (for checks)."""
        return {p: {tp: self.sums[p][tp] / n for tp, n in counts.items()}
                for p, counts in self.counts.items()}


def _clamp(level: int) -> int:
    return max(-2, min(2, level))


def _id(rng: random.Random, length: int, alphabet: str = string.ascii_letters + string.digits
        ) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8",
         extra_headers: tuple[list[str], ...] = ()) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if encoding != "utf-8" else "\n")
    writer.writerow(header)
    writer.writerows(extra_headers)
    writer.writerows(rows)
    if encoding == "utf-16-le":
        path.write_bytes(codecs.BOM_UTF16_LE + buffer.getvalue().encode("utf-16-le"))
    else:
        path.write_text(buffer.getvalue(), encoding=encoding)


def _json(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _qualtrics(path: Path, items: list[Item]) -> tuple[int, int]:
    """Three header lines; dates in the brand's zone, which the ImportId line states."""
    question = "How likely are you to recommend Trail Runner Co to a friend or colleague?"
    columns = [("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": str(SURVEY_TZ)}),
               ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": str(SURVEY_TZ)}),
               ("Status", "Response Type", {"ImportId": "status"}),
               ("Progress", "Progress", {"ImportId": "progress"}),
               ("Finished", "Finished", {"ImportId": "finished"}),
               ("RecordedDate", "Recorded Date",
                {"ImportId": "recordedDate", "timeZone": str(SURVEY_TZ)}),
               ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
               ("RecipientEmail", "Recipient Email", {"ImportId": "recipientEmail"}),
               ("ExternalReference", "External Data Reference",
                {"ImportId": "externalDataReference"}),
               ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
               ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
               ("Q1", question, {"ImportId": "QID1"}),
               ("Q1_NPS_GROUP", question + " - Group", {"ImportId": "QID1_NPS_GROUP"}),
               ("Q2", "What is the main reason for your score?", {"ImportId": "QID2_TEXT"}),
               ("trigger", "trigger", {"ImportId": "trigger"})]
    rows = []
    for number, item in enumerate(items, start=1):
        local = item.at.astimezone(SURVEY_TZ)
        person = item.person
        by_reference = person.user_id is not None and number % 5 == 0
        rows.append([
            (local - timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M:%S"),
            local.strftime("%Y-%m-%d %H:%M:%S"), "0", "100", "1",
            local.strftime("%Y-%m-%d %H:%M:%S"), f"R_{number:06d}{person.number:05d}x",
            "" if by_reference else person.email, person.user_id if by_reference else "",
            "email", item.language.upper(), str(item.score),
            "1" if item.score <= 6 else "2" if item.score <= 8 else "3",
            item.comment or "", item.trigger])
    _csv(path, [c[0] for c in columns], rows, extra_headers=(
        [c[1] for c in columns], [json.dumps(c[2], separators=(",", ":")) for c in columns]))
    return len(rows), 0


def _typeform_csv(path: Path, items: list[Item], rng: random.Random) -> tuple[int, int]:
    header = ["#", "How satisfied are you with this step?", "What could we do better?", "email",
              "customer_id", "step", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
              "Submit Date (UTC)", "Network ID", "Tags"]
    rows = []
    for item in items:
        person = item.person
        by_id = person.user_id is not None and rng.random() < 0.3
        rows.append([_id(rng, 32, string.ascii_lowercase + string.digits),
                     "" if item.score is None else str(item.score), item.comment or "",
                     "" if by_id else person.email, person.user_id if by_id else "",
                     item.trigger, "completed",
                     (item.at - timedelta(seconds=40)).strftime("%Y-%m-%d %H:%M:%S"), "",
                     item.at.strftime("%Y-%m-%d %H:%M:%S"), _id(rng, 10, "0123456789abcdef"),
                     ""])
    _csv(path, header, rows)
    return len(rows), 0


def _typeform_api(path: Path, items: list[Item], rng: random.Random) -> tuple[int, int]:
    """A web intercept: the hidden field is the visitor's Segment anonymous id."""
    records = []
    for item in items:
        token = _id(rng, 32, string.ascii_lowercase + string.digits)
        answers = [{"field": {"id": "Ra7kq0", "type": "rating", "ref": "page_rating"},
                    "type": "number", "number": item.score}]
        if item.comment:
            answers.append({"field": {"id": "Tx9pq3", "type": "long_text", "ref": "why"},
                            "type": "text", "text": item.comment})
        records.append({"landing_id": token, "token": token, "response_id": token,
                        "landed_at": _iso(item.at - timedelta(seconds=25)),
                        "submitted_at": _iso(item.at),
                        "metadata": {"user_agent": "Mozilla/5.0", "platform": "other",
                                     "referer": "https://shop.example/", "network_id":
                                     _id(rng, 10, "0123456789abcdef"), "browser": "default"},
                        "hidden": {"anonymous_id": item.person.anonymous_id},
                        "calculated": {"score": 0}, "answers": answers})
    _json(path, {"total_items": len(records), "page_count": 1, "items": records})
    return len(records), 0


def _delighted(path: Path, items: list[Item], rng: random.Random) -> tuple[int, int]:
    """The API's array; one planted answer out of its scale (NPS 11) is quarantined."""
    records = []
    for number, item in enumerate(items, start=1):
        person = item.person
        expanded = person.user_id is None or rng.random() < 0.8
        who = ({"id": str(7000 + person.number), "email": person.email,
                "name": f"{person.first_name} {person.last_name}"}
               if expanded else str(7000 + person.number))
        properties = {"trigger": item.trigger, "locale": item.language}
        if not expanded:
            properties["customer_id"] = person.user_id
        records.append({"id": str(88_000_000 + number), "person": who,
                        "survey_type": item.extra["survey"], "score": item.score,
                        "comment": item.comment, "permalink":
                        f"https://app.delighted.com/r/{_id(rng, 24)}",
                        "created_at": int(item.at.timestamp()), "updated_at": None,
                        "person_properties": properties, "notes": [], "tags": [],
                        "additional_answers": []})
    bad = {"id": "88999999", "person": {"id": "7999", "email": "someone@mail.example"},
           "survey_type": "nps", "score": 11, "comment": None, "created_at": 1778000000,
           "updated_at": None, "person_properties": {}, "notes": [], "tags": [],
           "additional_answers": []}
    records.insert(len(records) // 2, bad)
    _json(path, records)
    return len(records), 1


def _trustpilot(path: Path, items: list[Item], rng: random.Random) -> tuple[int, int]:
    """Invited reviews carry the reviewer's email; organic ones stay channel-level. One
    planted review without its creation time is quarantined."""
    header = ["Domain Url", "Webshop Name", "Business Unit Id", "Review Id",
              "Review Created (UTC)", "Review Consumer User Id", "Review Username",
              "Review User Email", "Review Title", "Review Content", "Review Stars",
              "Source Of Review", "Reference Id", "Review Language"]
    rows = []
    for item in items:
        person = item.person
        title, _, content = (item.comment or "").partition(". ")
        rows.append(["www.trailrunner.example", SHOP, "5f1c0a9e2b3d4c5e6f708192",
                     _id(rng, 24, "0123456789abcdef"), item.at.strftime("%Y-%m-%d %H:%M:%S"),
                     _id(rng, 24, "0123456789abcdef"),
                     person.first_name if person else rng.choice(STAFF_NAMES),
                     person.email if person else "", title.rstrip(".!") if content else "",
                     content or title, str(item.score),
                     "InvitationApi" if person else "Organic",
                     f"order-{person.number}" if person else "", item.language])
    bad = list(rows[len(rows) // 3])
    bad[3], bad[4] = _id(rng, 24, "0123456789abcdef"), ""
    rows.insert(len(rows) // 3, bad)
    _csv(path, header, rows, encoding="utf-8-sig")
    return len(rows), 1


def _google_play(path: Path, items: list[Item], rng: random.Random) -> tuple[int, int]:
    """The Play Console report: UTF-16LE with a BOM, as its reports bucket has it."""
    header = ["Package Name", "App Version Code", "App Version Name", "Reviewer Language",
              "Device", "Review Submit Date and Time", "Review Submit Millis Since Epoch",
              "Review Last Update Date and Time", "Review Last Update Millis Since Epoch",
              "Star Rating", "Review Title", "Review Text", "Developer Reply Date and Time",
              "Developer Reply Millis Since Epoch", "Developer Reply Text", "Review Link"]
    rows = []
    for item in items:
        millis = str(int(item.at.timestamp()) * 1000)
        review = "gp:AOqpTO" + _id(rng, 20)
        rows.append([APP_PACKAGE, "142", "3.4.1", item.language,
                     rng.choice(("a52q", "OnePlus8", "star2qlte", "redfin")), _iso(item.at),
                     millis, _iso(item.at), millis, str(item.score), "", item.comment, "", "",
                     "", "https://play.google.com/console/developers/5566/app/4970/"
                     f"user-feedback/review-details?reviewId={review}&corpus=PUBLIC_REVIEWS"])
    _csv(path, header, rows, encoding="utf-16-le")
    return len(rows), 0


def _zendesk(path: Path, tickets: list[dict]) -> tuple[int, int]:
    """The incremental export with side-loaded metric sets (each ticket's solve time)."""
    records, metrics = [], []
    for number, ticket in enumerate(tickets, start=5001):
        request, rating = ticket["request"], ticket["rating"]
        requester = 382_000_000_000 + ticket["person"].number
        score = ({"id": 770_000 + number, "score": "good" if rating.score else "bad",
                  "comment": rating.comment or ""} if rating else {"score": "offered"})
        description = request.comment or ""
        records.append({
            "url": f"https://trailrunner.zendesk.com/api/v2/tickets/{number}.json", "id": number,
            "via": {"channel": "web"}, "created_at": _iso(request.at),
            "updated_at": _iso(ticket["updated"]), "type": "question",
            "subject": description.split(". ")[0][:60], "description": description,
            "priority": "normal", "status": "solved", "requester_id": requester,
            "submitter_id": requester, "assignee_id": 9_000_000_001, "tags": ["web_form"],
            "satisfaction_rating": score})
        metrics.append({"id": 91_000 + number, "ticket_id": number,
                        "created_at": _iso(request.at), "solved_at": _iso(ticket["solved"]),
                        "replies": 1, "reopens": 0})
    _json(path, {"tickets": records, "metric_sets": metrics, "after_url": None,
                 "after_cursor": "MTc3OTU0NDAwMC4wfHw1MDAxfA==", "end_of_stream": True})
    return len(records) + len(metrics), 0


def _zendesk_users(path: Path, tickets: list[dict]) -> tuple[int, int]:
    """The requesters, and the agents who answered them (not customers)."""
    people = {t["person"].number: t["person"] for t in tickets}
    users = [{"id": 382_000_000_000 + n, "name": f"{p.first_name} {p.last_name}",
              "email": p.email, "locale": "en-US" if p.language == "en" else p.language,
              "role": "end-user"} for n, p in sorted(people.items())]
    users += [{"id": 9_000_000_001, "name": "Sam Support", "email": "sam@trailrunner.example",
               "locale": "en-US", "role": "agent"},
              {"id": 9_000_000_002, "name": "Alex Admin", "email": "alex@trailrunner.example",
               "locale": "de", "role": "admin"}]
    _json(path, {"users": users, "after_url": None, "end_of_stream": True})
    return len(users), 0


def _intercom(path: Path, tickets: list[dict]) -> tuple[int, int]:
    records = []
    for number, ticket in enumerate(tickets, start=1):
        person, request, rating = ticket["person"], ticket["request"], ticket["rating"]
        closed = int(ticket["solved"].timestamp())
        records.append({
            "type": "conversation", "id": str(1_911_150_000 + number),
            "created_at": int(request.at.timestamp()),
            "updated_at": int(ticket["updated"].timestamp()),
            "state": "closed", "open": False,
            "source": {"type": "conversation", "delivered_as": "customer_initiated",
                       "body": f"<p>{request.comment}</p>",
                       "author": {"type": "user", "id": f"6650{person.number:08d}",
                                  "email": person.email}},
            "contacts": {"type": "contact.list", "contacts": [
                {"type": "contact", "id": f"6650{person.number:08d}",
                 "external_id": person.user_id}]},
            "conversation_rating": ({"rating": rating.score, "remark": rating.comment,
                                     "created_at": int(rating.at.timestamp())}
                                    if rating else None),
            "statistics": {"type": "conversation_statistics", "last_close_at": closed},
            "conversation_parts": {"type": "conversation_part.list", "conversation_parts": [
                {"type": "conversation_part", "part_type": "close", "created_at": closed,
                 "author": {"type": "admin", "id": "814860"}}], "total_count": 1}})
    _json(path, {"type": "conversation.list", "pages": {"type": "pages", "page": 1,
                 "per_page": len(records), "total_pages": 1},
                 "total_count": len(records), "conversations": records})
    return len(records), 0
