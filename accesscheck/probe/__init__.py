"""Probe: the only code that touches the network. transport sends (httpx), netfail names a
failure that got no answer, ladder decides which requests a provider's climb makes, channel
makes them, credentials resolves keys and mints tokens, vantage finds the egress country."""
