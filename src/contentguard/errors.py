"""Errors shared across the package, in a module that imports nothing of it (so a check
can raise a configuration error without importing the configuration, which imports the
check registry)."""
from __future__ import annotations


class ConfigError(Exception):
    """A configuration or rule-pack problem: exit 2."""
