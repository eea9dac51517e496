"""The one HTTP layer of the link check and the audit crawler.

* :mod:`.guard`: the private-address guard (every address of a name checked; again at
  connect time as an httpcore network backend, passed to httpcore's connection pool
  through its public ``network_backend`` parameter, so a DNS rebinding cannot slip in);
* :mod:`.http`: the transport (one keep-alive connection per (host, slot)), the bounded
  decompressing reader, the redirect follower that re-validates every hop, retries with
  ``Retry-After``, and the one table from transport errors to messages.

httpx and httpcore are imported lazily (start-up of an offline ``check`` never pays for them).
"""
