"""Voice of the customer at scale: a million feedback rows with text, scored and attributed.

    .venv/bin/python benchmarks/feedback.py                    # 1M feedback rows
    .venv/bin/python benchmarks/feedback.py --rows 100000      # a quick look

Builds a store (each step in its own process, so peak memory is its own): customers of the
sample world's three personas walking their designed steps (a quarter as many customers as
feedback rows, 6-8 steps each), and feedback after their steps: 80% survey answers with an NPS
score, 20% support tickets without one; 70% with a comment in English, German, Italian,
Swedish or Danish built from the sample world's phrase bank (opener, topic sentence and closer
by sentiment level) plus an order number, so nearly every comment is a distinct text; 30% state
their language, 10% the step they are about. Each persona has one step planted 1.5 below its
designed emotion.

Then it times, in fresh processes:
- reference: reading the feedback table into pandas (`SELECT * FROM feedback`), the bare cost
  of touching the rows from Python;
- journeymap: `mine_feedback` with the default settings (language of every comment, sentiment
  of unscored comments and quote pools by VADER / the n-gram classifier trained on the rated
  ones, ASOF attribution, summaries with intervals, pain points, quotes, impact), written to
  the store;
and measures the classifier's held-out accuracy per language (split by customer) for both
scorers, n-gram and multilingual embedding, on at most `--accuracy-rows` rated comments per
language. Prints wall time, CPU time, peak memory, the ratio to the reference, how far each
step's measured emotion lies from the planted one, and whether the planted worse steps top the
gap ranking. Target: journeymap under 2 minutes for 1M rows on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from processes import add_child_options, run_child  # benchmarks/processes.py, beside this script

WORSE = {"bargain_hunter": "signed_up", "newsletter_reader": "email_opened",
         "b2b_evaluator": "lifecycle_opportunity"}


def _designs():  # noqa: ANN202
    from journeymap.samples.world import PERSONAS
    from mining.feedback import FeedbackDesign, StepRef

    designs = {}
    for persona in PERSONAS:
        stages = list(dict.fromkeys(step.stage for step in persona.steps))
        designs[persona.name] = FeedbackDesign(goals=(persona.goal,), steps=tuple(
            StepRef(i, stages.index(step.stage) + 1, step.stage, step.name, (step.touchpoint,),
                    float(step.emotion)) for i, step in enumerate(persona.steps, start=1)))
    return designs


def _phrases() -> list[tuple[str, int, str]]:
    """(language, level -2..+2, comment without its order number) of the phrase bank."""
    from journeymap.samples.phrases import CLOSERS, OPENERS, TOPICS

    rows = []
    for language, topics in TOPICS.items():
        for level in range(-2, 3):
            part = 0 if level < 0 else 1 if level == 0 else 2
            for sentences in topics.values():
                for sentence in sentences[part]:
                    for opener in OPENERS[language][level] or ("",):
                        for closer in CLOSERS[language][level] or ("",):
                            rows.append((language, level, " ".join(
                                p for p in (opener, sentence, closer) if p)))
    return rows


def make_store(rows: int, folder: Path) -> dict:
    """The store of the run (see module docstring), built in SQL."""
    from connectors import connect
    from mining.journeys import JourneySplit, build_journey_events, build_journeys

    started = time.perf_counter()
    con = connect(folder / "store.duckdb")
    designs = _designs()
    con.execute("CREATE TEMP TABLE plan (persona VARCHAR, p INTEGER, step_index INTEGER, "
                "touchpoint VARCHAR, planted DOUBLE)")
    con.executemany("INSERT INTO plan VALUES (?, ?, ?, ?, ?)", [
        (persona, p, s.step_index, s.touchpoints[0],
         s.designed_emotion - 1.5 if s.touchpoints[0] == WORSE[persona] else s.designed_emotion)
        for p, (persona, design) in enumerate(designs.items()) for s in design.steps])
    con.execute("CREATE TEMP TABLE phrases (language VARCHAR, level INTEGER, text VARCHAR, "
                "nth INTEGER)")
    bank = _phrases()
    con.executemany("INSERT INTO phrases VALUES (?, ?, ?, ?)", [
        (language, level, text, i) for i, (language, level, text) in enumerate(
            sorted(bank))])
    con.execute("""CREATE TEMP TABLE bank AS SELECT language, level, list(text ORDER BY nth)
                   AS texts FROM phrases GROUP BY ALL""")
    customers = max(rows // 4, 3)
    con.execute("""
        CREATE TEMP TABLE people AS
        SELECT c, 'c' || c AS customer_id, c % 3 AS p,
               TIMESTAMPTZ '2026-01-01 00:00:00+00'
                   + to_minutes(CAST(hash(c, 1) % 129600 AS BIGINT)) AS started_at,
               ['en', 'de', 'it', 'sv', 'da'][1 + CAST(hash(c, 2) % 5 AS INTEGER)] AS language
        FROM range($customers) t(c)""", {"customers": customers})
    con.execute("""
        INSERT INTO touchpoints (touchpoint_event_id, source, channel, touchpoint, vendor_event,
            occurred_at, timestamp_precision, identifier_key, customer_id, source_file,
            source_row, loaded_at)
        SELECT 'e' || c || '-' || l.step_index, 'segment', 'web', l.touchpoint, l.touchpoint,
               started_at + to_hours(CAST(l.step_index * 6 AS BIGINT)), 'second',
               'user_id:' || customer_id, customer_id, 'bench.ndjson',
               c * 10 + l.step_index, now()
        FROM people JOIN plan l USING (p)""")
    con.execute("INSERT INTO identities SELECT DISTINCT identifier_key, customer_id "
                "FROM touchpoints")
    con.execute("CREATE TABLE customers AS SELECT p.customer_id, l.persona FROM people p "
                "JOIN (SELECT DISTINCT p, persona FROM plan) l USING (p)")
    build_journey_events(con, JourneySplit())
    build_journeys(con)
    con.execute("""
        CREATE TEMP TABLE items AS
        WITH drawn AS (
            SELECT i, c, hash(i, 3) % 1000 / 1000.0 AS u_kind,
                   hash(i, 4) % 1000 / 1000.0 AS u_text, hash(i, 5) % 1000 / 1000.0 AS u_hint,
                   hash(i, 6) % 1000 / 1000.0 AS u_about,
                   (CAST(hash(i, 7) % 1601 AS BIGINT) - 800) / 1000.0 AS noise, hash(i, 8) AS pick
            FROM (SELECT i, i % $customers AS c FROM range($rows) t(i))
        )
        SELECT d.*, pe.customer_id, pe.language, pe.started_at, l.persona, l.step_index,
               l.touchpoint, greatest(-2, least(2, l.planted + d.noise)) AS emotion
        FROM drawn d JOIN people pe USING (c)
        JOIN plan l ON l.p = pe.p
         AND l.step_index = 1 + CAST(hash(d.i, 9) % (SELECT max(step_index) FROM plan
                                                      WHERE p = pe.p) AS INTEGER)""",
                {"customers": customers, "rows": rows})
    con.execute("""
        INSERT INTO feedback (feedback_id, touchpoint_event_id, source, kind, touchpoint,
            identifier_key, occurred_at, score, score_scale, score_emotion, comment,
            language_hint, about_step, subject, source_file, source_row, loaded_at)
        SELECT 'f' || i, NULL, CASE WHEN u_kind < 0.8 THEN 'typeform' ELSE 'zendesk' END,
               CASE WHEN u_kind < 0.8 THEN 'survey' ELSE 'support' END,
               CASE WHEN u_kind < 0.8 THEN 'survey_answered' ELSE 'support_ticket_opened' END,
               'user_id:' || customer_id,
               started_at + to_hours(CAST(step_index * 6 AS BIGINT)) + to_minutes(30),
               CASE WHEN u_kind < 0.8 THEN round((emotion + 2) * 2.5) END,
               CASE WHEN u_kind < 0.8 THEN 'nps_0_10' END,
               CASE WHEN u_kind < 0.8 THEN round((emotion + 2) * 2.5) * 0.4 - 2 END,
               CASE WHEN u_text < 0.7 OR u_kind >= 0.8 THEN
                   list_extract(b.texts, 1 + CAST(pick % len(b.texts) AS INTEGER))
                   || ' Order #' || CAST(100000 + pick % 900000 AS VARCHAR) || '.' END,
               CASE WHEN u_hint < 0.3 THEN items.language END,
               CASE WHEN u_about < 0.1 THEN touchpoint END, NULL, 'bench.csv', i, now()
        FROM items JOIN bank b
          ON b.language = items.language AND b.level = CAST(round(items.emotion) AS INTEGER)""")
    counts = con.execute("SELECT count(*), count(comment), count(DISTINCT comment), "
                         "count(score) FROM feedback").fetchall()[0]
    con.execute("CHECKPOINT")
    con.close()
    return {"rows": counts[0], "comments": counts[1], "distinct_comments": counts[2],
            "scored": counts[3], "customers": customers,
            "build_seconds": time.perf_counter() - started}


def _usage() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # kB on Linux


def contestant_main(name: str, folder: Path, accuracy_rows: int) -> None:
    """Child process: run one contestant, print one JSON line."""
    import warnings

    import duckdb

    warnings.filterwarnings("ignore")
    con = duckdb.connect(str(folder / "store.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    out: dict = {"contestant": name}
    if name == "reference":
        out["rows"] = len(con.execute("SELECT * FROM feedback").df())
    elif name == "journeymap":
        from mining.feedback import mine_feedback

        result = mine_feedback(con, _designs())
        out |= {k: v for k, v in result.as_dict().items() if k != "classifier"}
        out["classifier"] = [e.as_dict() for e in result.text.evaluations]
        out["steps"] = con.execute(
            "SELECT persona, step, designed_emotion, n, measured_emotion, gap_rank "
            "FROM feedback_steps ORDER BY persona, step_index").fetchall()
    else:
        out["classifier"] = _accuracy(con, accuracy_rows)
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"], out["peak_mb"] = _usage()
    print(json.dumps(out, default=str))


def _accuracy(con, rows: int) -> list[dict]:  # noqa: ANN001
    """Held-out accuracy of both scorers on the same rated comments (by customer)."""
    from mining.feedback import FeedbackSettings
    from mining.feedback.classifier import evaluate_and_train, training_sample
    from mining.feedback.text import detect_languages, english_emotion

    settings = FeedbackSettings(max_training_rows=rows)
    rated = con.execute("""
        SELECT f.comment, f.score_emotion, i.customer_id AS "group" FROM feedback f
        JOIN identities i USING (identifier_key)
        WHERE f.score_emotion IS NOT NULL AND f.comment IS NOT NULL
        ORDER BY hash(f.feedback_id) LIMIT $limit""", {"limit": rows * 8}).df()
    rated["language"] = detect_languages(rated["comment"].tolist(), settings.languages)
    sample = training_sample(rated, settings)
    english = rated[rated["language"] == "en"].head(rows)
    english = english.assign(text_emotion=english_emotion(english["comment"].tolist()))
    results = []
    for scorer in ("ngram", "embedding"):
        started = time.perf_counter()
        found, _ = evaluate_and_train(sample, settings, scorer,
                                      english if scorer == "ngram" else None)
        results += [e.as_dict() | {"seconds": time.perf_counter() - started} for e in found]
    return results


def _child(*args: str) -> dict:
    return run_child(__file__, *args)


def _report(made: dict, runs: dict) -> None:
    ours, reference = runs["journeymap"], runs["reference"]
    print(f"\n{made['rows']:,} feedback rows ({made['comments']:,} with a comment, "
          f"{made['distinct_comments']:,} distinct; {made['scored']:,} with a score) of "
          f"{made['customers']:,} customers; store built in {made['build_seconds']:.0f} s")
    print(f"  {'':12} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for name in ("reference", "journeymap"):
        run = runs[name]
        print(f"  {name:12} {run['seconds']:8.1f} {run['cpu_seconds']:8.1f} "
              f"{run['peak_mb']:8.0f}")
    print(f"  journeymap / reading the rows into pandas: "
          f"{ours['seconds'] / reference['seconds']:.1f}x the time; target under 120 s: "
          f"{'met' if ours['seconds'] < 120 else 'NOT met'}")
    print(f"  attributed {ours['attributed']:,}, at a designed step {ours['at_designed_step']:,}"
          f"; comments scored: {ours['text_scorers']}")
    planted = {(p, s.name): s.emotion - (1.5 if s.touchpoint == WORSE[p] else 0)
               for p, d in _world().items() for s in d}
    errors = [abs(m - planted[(p, step)]) for p, step, _, n, m, _ in ours["steps"] if n]
    print(f"  measured vs planted step emotion: max |error| {max(errors):.3f} over "
          f"{len(errors)} steps")
    tops = {p: step for p, step, _, _, _, rank in ours["steps"] if rank == 1}
    names = {p: next(s.name for s in d if s.touchpoint == WORSE[p]) for p, d in _world().items()}
    print(f"  planted worse step ranked first by gap: "
          f"{'yes' if tops == names else f'NO: {tops}'}")
    print("  classifier held-out accuracy (split by customer; majority baseline):")
    for row in runs["accuracy"]["classifier"]:
        print(f"    {row['language']} {row['scorer']:9} {row['accuracy']:.3f} on {row['test_n']:,} "
              f"(baseline {row['baseline']:.3f}, trained on {row['train_n']:,}, "
              f"{row['seconds']:.0f} s)")


def _world() -> dict:
    from journeymap.samples.world import PERSONAS

    return {p.name: p.steps for p in PERSONAS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accuracy-rows", type=int, default=3_000,
                        help="rated comments per language for the accuracy of both scorers")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    add_child_options(parser)
    args = parser.parse_args()
    if args.make:
        print(json.dumps(make_store(args.make, args.folder)))
        return 0
    if args.contestant:
        contestant_main(args.contestant, args.folder, args.accuracy_rows)
        return 0
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as folder:
        made = _child("--make", str(args.rows), "--folder", folder)
        runs = {name: _child("--contestant", name, "--folder", folder,
                             "--accuracy-rows", str(args.accuracy_rows))
                for name in ("reference", "journeymap", "accuracy")}
    _report(made, runs)
    if args.json:
        print(json.dumps({"store": made, "runs": runs}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
