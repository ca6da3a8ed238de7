"""Schemathesis hooks for ``.ci/schemathesis``: schema-valid requests must be accepted.

Schemathesis's own ``positive_data_acceptance`` can only allow or forbid a status per operation,
so allowing the cursor's 422 on the lists would allow every 422 there: that is how ``type=``
(empty) went unseen (issue 14). The script therefore lets the built-in check accept 422 and
registers ``schema_valid_requests_are_accepted`` below, which puts the strictness back: a
schema-valid request answered 422 fails unless *every* problem item in the body is one of
``DOCUMENTED_REFUSALS``, by its exact ``loc`` and ``msg``. Each entry says why no JSON Schema
can declare it; tests pin each of those 422s (tests/trust/test_hostile.py, tests/test_errors.py,
tests/events/test_curation.py).
"""

from __future__ import annotations

from typing import Any

import schemathesis

# (loc, msg) of a problem item -> why the request is schema-valid yet refused.
DOCUMENTED_REFUSALS: dict[tuple[tuple[str, ...], str], str] = {
    # The one relaxation issue 14 allows: a cursor is opaque and issued by the server (base64
    # of the last row's sort key, bound to the sort). The schema can only say "a string"; a
    # string the server did not issue is refused, as it must be.
    (("query", "cursor"), "invalid cursor"): "opaque cursor",
    # Two parameters compared: JSON Schema describes each query parameter on its own.
    (("query", "date_to"), "date_to is before date_from"): "cross-parameter order",
    # Numbers inside one string: the pattern says "four numbers"; their ranges and the order
    # of the two latitudes are not regular (exponents make any range unbounded in digits).
    (("query", "bbox"), "min_lat is greater than max_lat"): "numbers compared inside a string",
    (("query", "bbox"), "longitudes must be within -180..180"): "ranges inside a string",
    (("query", "bbox"), "latitudes must be within -90..90"): "ranges inside a string",
    (("query", "bbox"), "coordinates must be finite numbers"): "1e999 overflows a double",
    # A correction is checked against the stored event and the stored actors and places: no
    # schema of a request body can know them.
    (("body",), "violates the event's constraints"): "the stored event's dates and tolls",
    (("body", "actor_id"), "unknown id"): "a reference to a stored actor",
    (("body", "target_id"), "unknown id"): "a reference to a stored actor",
    (("body", "location_id"), "unknown id"): "a reference to a stored place",
}


def _problem_items(response: Any) -> list[tuple[tuple[str, ...], str]] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return None
    return [
        (tuple(str(p) for p in item.get("loc", ())), str(item.get("msg")))
        for item in body["errors"]
        if isinstance(item, dict)
    ]


@schemathesis.check
def schema_valid_requests_are_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """A schema-valid request answered 422 is a failure, unless only documented refusals."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:  # the built-in check skips the coverage phase's request-shape probes; so does this one
        from schemathesis.specs.openapi.checks import is_unexpected_http_status_case
    except ImportError:  # pragma: no cover - a schemathesis without it probes nothing
        pass
    else:
        if is_unexpected_http_status_case(case):
            return None
    items = _problem_items(response)
    undocumented = [i for i in items or [] if i not in DOCUMENTED_REFUSALS]
    if not items or undocumented:
        shown = undocumented or items or response.text[:300]
        raise AssertionError(
            f"Schema-valid request refused with 422 for an undocumented reason: {shown}"
        )
    return None
