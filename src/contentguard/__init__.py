"""contentguard: a pre-publication content and risk checker."""

__version__ = "0.1.0"
