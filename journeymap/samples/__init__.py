"""The bundled sample world: seeded exports of real tools' formats, with their ground truth."""

from journeymap.samples.generate import designed_map, persona_rules, write_samples

__all__ = ["designed_map", "persona_rules", "write_samples"]
