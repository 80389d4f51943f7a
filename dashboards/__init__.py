"""Dashboards: the workspace where teams open and discuss the maps (later issues)."""
