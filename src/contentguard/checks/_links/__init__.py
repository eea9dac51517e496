"""Helpers of the link check (``checks/links.py``); not a check themselves.

* :mod:`.classify`: what a link is (ignored scheme, template, local, external), remaps,
  include/exclude.
* :mod:`.local`: local files, directory indexes and fragments, no network.
* :mod:`.remote`: the concurrent resolver of external links, on the shared
  :mod:`contentguard.net` HTTP layer (its guard, reader, redirects and retries).
* :mod:`.cache`: the SQLite verdict cache.
* :mod:`.verdict`: the verdict every resolver returns.
"""
