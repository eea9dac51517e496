"""Helpers of the link check (``checks/links.py``); not a check themselves.

* :mod:`.classify`: what a link is (ignored scheme, template, local, external), remaps,
  include/exclude.
* :mod:`.local`: local files, directory indexes and fragments, no network.
* :mod:`.guard`: the private-address guard, enforced again at connect time.
* :mod:`.remote`: the concurrent HTTP resolver (httpx, imported lazily).
* :mod:`.cache`: the SQLite verdict cache.
* :mod:`.verdict`: the verdict every resolver returns.
"""
