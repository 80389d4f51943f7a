"""Mining: personas, journeys as an event log, and the observed map per persona and period.

Public functions:
- `load_persona_rules`, `assign_personas`: persona rules (YAML, evaluated in SQL) -> `customers`,
  and the `journeys` view (optionally split into journey windows by `JourneySplit`).
- `compute_observed_maps`: every persona's observed map into the store's `observed_*` tables.
- `observed_map`: one persona's (or all journeys') map for a period, as JSON-ready data.
- `read_event_log`: an XES, CSV or Parquet log as `generic_log`, mined like the store.
- `discover_process_tree`, `export_process_model`: an inductive-miner model, as BPMN and PNML.
- `mining.feedback.mine_feedback`: surveys, reviews and support conversations as measured
  emotion, thoughts and pain points per designed step (the `feedback_*` tables).
"""

from mining.discovery import discover_process_tree, export_process_model, variant_counts
from mining.eventlog import GENERIC_PERSONA, LogColumns, read_event_log, register_dataframe_log
from mining.funnel import Funnel, Stage, parse_stage
from mining.journeys import JourneySplit
from mining.observed import Scope, compute_observed_maps, mine
from mining.periods import GRAINS, parse_instant, period_bounds
from mining.personas import PersonaRules, assign_personas, load_persona_rules
from mining.report import observed_map

__all__ = ["GENERIC_PERSONA", "GRAINS", "Funnel", "JourneySplit", "LogColumns", "PersonaRules",
           "Scope", "Stage", "assign_personas", "compute_observed_maps",
           "discover_process_tree", "export_process_model", "load_persona_rules", "mine",
           "observed_map", "parse_instant", "parse_stage", "period_bounds", "read_event_log",
           "register_dataframe_log", "variant_counts"]
