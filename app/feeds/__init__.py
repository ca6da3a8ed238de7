"""Live news feeds: ``faultline watch`` polls RSS/Atom feeds and ingests each new article.

- ``fetch``: a polite HTTP client (robots.txt, per-host delay, timeouts, size caps, redirects)
- ``parse``: feed entries (feedparser) and an article page's main text (trafilatura)
- ``service``: all feed SQL: feeds, items seen and where they stand
- ``watch``: one poll of a set of feeds, with its report
- ``cli``: the ``watch`` command
"""
