"""Pipelines: the Dagster code location that wires connectors, mining and maps."""
