"""The ASGI shell around the domains: middleware, caching, rate limits, metrics, docs, health."""
