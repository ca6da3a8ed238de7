"""Every table, imported here so that Alembic and the mappers see them all."""

from app.models.actor import Actor
from app.models.common import ActorKind, Certainty, DatePrecision, LocationPrecision, Origin
from app.models.event import Deletion, Event
from app.models.feed import Feed, FeedItem, ItemStatus
from app.models.location import Location
from app.models.rollup import EventCountry, RollupDay, RollupMonth
from app.models.source import Source

__all__ = [
    "Actor",
    "ActorKind",
    "Certainty",
    "DatePrecision",
    "Deletion",
    "Event",
    "EventCountry",
    "Feed",
    "FeedItem",
    "ItemStatus",
    "Location",
    "LocationPrecision",
    "Origin",
    "RollupDay",
    "RollupMonth",
    "Source",
]
