"""Mining: journeys per persona and the observed map (DFG, variants, durations) in SQL.

Public functions: `load_persona_rules`, `assign_personas`, `compute_observed_maps`,
`observed_map`.
"""

from mining.observed import compute_observed_maps, observed_map
from mining.personas import PersonaRules, assign_personas, load_persona_rules

__all__ = ["PersonaRules", "assign_personas", "compute_observed_maps", "load_persona_rules",
           "observed_map"]
