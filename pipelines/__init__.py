"""Pipelines: read the files people export, validate them, quarantine bad rows, load the warehouse."""
