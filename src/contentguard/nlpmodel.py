"""Is a spaCy pipeline installed? Answered without importing spaCy (about a second)."""
from __future__ import annotations


def model_installed(model: str | None) -> bool:
    """Whether ``spacy.load(model)`` can find it (an installed package or a folder), found
    without importing spaCy: a run without a model must not spend a second importing it."""
    import importlib.util
    import os

    if not model:
        return False
    if os.path.isdir(model):
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False
