"""The one HTTP layer of the link check and the audit crawler.

* :mod:`.guard`: the private-address guard (every address of a name checked; again at
  connect time as the aiohttp connector's resolver, its public ``resolver`` parameter,
  so a DNS rebinding cannot slip in);
* :mod:`.http`: the client over one transport, the bounded decompressing reader, the
  redirect follower that re-validates every hop, retries with ``Retry-After``, and the
  one table from transport errors to messages;
* :mod:`.aio`: the real transport (aiohttp, pooled keep-alive connections); tests give
  the client an ``httpx.MockTransport`` instead.

aiohttp (and httpx, in tests) are imported lazily: start-up of an offline ``check``
never pays for them.
"""
