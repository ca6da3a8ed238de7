"""What a source's ``url`` may be: an ``http`` or ``https`` URL, nothing else.

The dashboard and generated clients render ``url`` as a link, so a ``javascript:`` or
``data:`` URL stored here would run in a reader's browser (issue 14). One rule, stated once as a
pattern for the OpenAPI document and checked by the same pattern wherever a source is written:
the HTTP body, ``faultline ingest --url``, and the importers' store step.
"""

from __future__ import annotations

import re

# The scheme (either case, as RFC 3986 allows), "://", a non-empty authority, and no spaces
# or control characters anywhere (a browser strips those, which is how "java\tscript:" gets
# through naive checks). The same text is valid as an ECMA 262 (JSON Schema) and a Python regex.
WEB_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\u0000-\u0020\u007f]+(?:[/?#][^\u0000-\u0020\u007f]*)?$"
)
_WEB_URL = re.compile(WEB_URL_PATTERN)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL as ``WEB_URL_PATTERN`` states it."""
    return _WEB_URL.fullmatch(text) is not None


def web_url_problem(text: str) -> str | None:
    """Why ``text`` is refused as a source URL, or None when it is accepted."""
    if is_web_url(text):
        return None
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return f"only http and https URLs are accepted, not {scheme.group(1).lower()}:"
    return "expected an http or https URL such as https://example.org/story, with no spaces"


def check_web_url(text: str | None) -> str | None:
    """``text`` unchanged when it is None or an http(s) URL; else ValueError saying why."""
    if text is None:
        return None
    problem = web_url_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text
