"""Other shapes of ``/v1/events``: CSV (RFC 4180), NDJSON (streamed) and GeoJSON.

CSV and GeoJSON page exactly like JSON (``limit``, ``cursor``, ``Link: rel="next"``; the exact
total in ``X-Total-Count``). NDJSON is the bulk export: it streams every matching event from
the cursor on, in keyset batches that each use a fresh short query, so a full export of millions
of events holds one batch in memory at a time and no long transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.filters import EventFilters
from app.api.pagination import ORJSON_OPTIONS, set_link_header
from app.events import service
from app.events.schemas import EventSort

EXPORT_BATCH = 1000


class EventFormat(StrEnum):
    json = "json"
    csv = "csv"
    ndjson = "ndjson"
    geojson = "geojson"


MEDIA_TYPES = {
    EventFormat.json: "application/json",
    EventFormat.csv: "text/csv; charset=utf-8",
    EventFormat.ndjson: "application/x-ndjson",
    EventFormat.geojson: "application/geo+json",
}
_BY_ACCEPT = {
    "text/csv": EventFormat.csv,
    "application/x-ndjson": EventFormat.ndjson,
    "application/ndjson": EventFormat.ndjson,
    "application/geo+json": EventFormat.geojson,
    "application/json": EventFormat.json,
}

# The CSV header, in a fixed order: nested objects flattened to prefixed columns.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "plover",
    "cameo",
    "goldstein",
    "summary",
    "date_start",
    "date_end",
    "date_precision",
    "actor_id",
    "actor_name",
    "actor_kind",
    "actor_country",
    "target_id",
    "target_name",
    "target_kind",
    "target_country",
    "location_id",
    "location_name",
    "location_country",
    "location_admin1",
    "lat",
    "lon",
    "location_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "quantity",
    "certainty",
    "attribution",
    "source_id",
    "source_title",
    "source_publisher",
    "source_published_at",
    "source_url",
    "quote",
    "quote_restored",
    "char_start",
    "char_end",
    "origin",
    "confidence",
    "notes",
    "external_id",
    "created_at",
    "updated_at",
)

OPENAPI_CONTENT: dict[str, Any] = {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
    "application/geo+json": {"schema": {"type": "object"}},
}


def negotiate(requested: EventFormat | None, request: Request) -> EventFormat:
    """``format=`` wins; otherwise the first ``Accept`` type we serve; JSON by default."""
    if requested is not None:
        return requested
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in _BY_ACCEPT:
            return _BY_ACCEPT[media]
    return EventFormat.json


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row of the CSV columns."""
    row = {k: v for k, v in event.items() if not isinstance(v, dict)}
    for prefix in ("actor", "target"):
        party = event.get(prefix) or {}
        for field in ("id", "name", "kind", "country"):
            row[f"{prefix}_{field}"] = party.get(field)
    place = event.get("location") or {}
    for field in ("id", "name", "country", "admin1", "precision"):
        row[f"location_{field}"] = place.get(field)
    row["lat"], row["lon"] = place.get("lat"), place.get("lon")
    for field in ("id", "title", "publisher", "published_at", "url"):
        row[f"source_{field}"] = event["source"].get(field)
    return row


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_bytes(events: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        row = flatten(event)
        writer.writerow([_csv_cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue().encode("utf-8")


def geojson_body(events: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection of the page's events that have coordinates."""
    features = [
        {
            "type": "Feature",
            "id": e["id"],
            "geometry": {
                "type": "Point",
                "coordinates": [e["location"]["lon"], e["location"]["lat"]],
            },
            "properties": e,
        }
        for e in events
        if e.get("location") and e["location"].get("lat") is not None
    ]
    return {"type": "FeatureCollection", "features": features, "meta": meta}


def _download(response: Response, fmt: EventFormat) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="faultline-events.{fmt.value}"'
    return response


def page_response(
    request: Request,
    fmt: EventFormat,
    listing: service.EventListing,
    limit: int,
) -> Response:
    """A CSV or GeoJSON page, with the same paging headers as JSON."""
    meta = {"limit": limit, "next_cursor": listing.next_cursor, "total": listing.total}
    if fmt is EventFormat.csv:
        response = Response(csv_bytes(listing.rows), media_type=MEDIA_TYPES[fmt])
    else:
        body = orjson.dumps(geojson_body(listing.rows, meta), option=ORJSON_OPTIONS)
        response = Response(body, media_type=MEDIA_TYPES[fmt])
    if listing.total is not None:
        response.headers["X-Total-Count"] = str(listing.total)
    set_link_header(request, response, listing.next_cursor)
    return _download(response, fmt)


def ndjson_stream(
    engine: Engine,
    filters: EventFilters,
    sort: EventSort,
    cursor: str | None,
    cap: int | None,
) -> Iterator[bytes]:
    """Every matching event from ``cursor`` on (at most ``cap``), one JSON object a line."""
    sent = 0
    while cap is None or sent < cap:
        size = EXPORT_BATCH if cap is None else min(EXPORT_BATCH, cap - sent)
        with Session(engine) as session:
            listing = service.list_events(
                session=session,
                filters=filters,
                sort=sort,
                limit=size,
                cursor=cursor,
                with_total=False,
            )
        if listing.rows:
            yield b"".join(orjson.dumps(e, option=ORJSON_OPTIONS) + b"\n" for e in listing.rows)
        sent += len(listing.rows)
        cursor = listing.next_cursor
        if cursor is None:
            return


def export_response(
    request: Request, filters: EventFilters, sort: EventSort, cursor: str | None
) -> Response:
    """The NDJSON export; ``limit`` caps it only when the client sends one."""
    cap = None
    if "limit" in request.query_params:
        cap = int(request.query_params["limit"])
    if cursor is not None:  # fail now with a 422, not mid-stream
        with Session(request.app.state.engine) as session:
            service.list_events(
                session=session,
                filters=filters,
                sort=sort,
                limit=1,
                cursor=cursor,
                with_total=False,
            )
    stream = ndjson_stream(request.app.state.engine, filters, sort, cursor, cap)
    return _download(
        StreamingResponse(stream, media_type=MEDIA_TYPES[EventFormat.ndjson]), EventFormat.ndjson
    )
