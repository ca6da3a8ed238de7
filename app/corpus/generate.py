"""The deterministic generator of synthetic sources and events, row tuples ready to insert."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from app.corpus.world import (
    DETAILS,
    EPOCH,
    PUBLISHERS,
    TYPE_WEIGHTS,
    VIOLENT,
    Calendar,
    World,
    _b32,
    _stamp,
)
from app.reference.taxonomy import EVENT_TYPE_SLUGS


def generate(
    rows: int, seed: int, *, world: World, dialect: str = "sqlite", per_source: int = 25
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Yield (source row, its event rows) in ``SOURCE_COLUMNS``/``EVENT_COLUMNS`` order.

    Values are ready for the driver (ISO text for dates), so the bulk path converts nothing.
    The same ``rows``, ``seed`` and ``dialect`` always give the same rows.
    """
    rng = random.Random(seed)
    rand, getrandbits, choices = rng.random, rng.getrandbits, rng.choices
    calendar = Calendar.build().days
    n_days = len(calendar)
    types = list(TYPE_WEIGHTS)
    type_weights = list(TYPE_WEIGHTS.values())
    labels = {t: t.replace("_", " ") for t in types}
    if set(types) != set(EVENT_TYPE_SLUGS):
        raise RuntimeError("TYPE_WEIGHTS must list every event type")
    actors = world.actors
    actor_idx = range(len(actors))
    places, by_country = world.places, world.places_by_country
    certainties = ("confirmed", "reported", "reported", "alleged")
    base_ms = int(EPOCH.timestamp() * 1000) + seed * 10**9
    made = n_source = 0
    while made < rows:
        n = min(per_source, rows - made)
        n_source += 1
        stamp = _stamp(dialect, EPOCH + timedelta(seconds=made))
        header = f"Synthetic dispatch {seed}-{n_source}\n\n"
        offset = len(header)
        parts = [header]
        events: list[tuple[Any, ...]] = []
        picks = choices(actor_idx, weights=world.actor_weights, k=2 * n)
        kinds = choices(types, weights=type_weights, k=n)
        source_id = "src_" + _b32(base_ms + made, 5) + _b32(getrandbits(80), 8)
        published = None
        for i in range(n):
            kind = kinds[i]
            actor = actors[picks[2 * i]]
            target: tuple[str, str, str, str | None] | None = actors[picks[2 * i + 1]]
            if target is not None and (target[0] == actor[0] or rand() < 0.25):
                target = None
            home = target[3] if target is not None and rand() < 0.5 else actor[3]
            place = None
            if home in by_country and rand() < 0.8:
                pool = by_country[home]
                place = places[pool[int(rand() * len(pool))]]
            roll = rand()
            if roll < 0.08:
                ds = de = None
                precision = "unknown"
            else:
                # Volume grows over time: a power of a uniform leans late.
                idx = int(n_days * rand() ** 0.6)
                cal = calendar[idx]
                if roll < 0.86:
                    ds = de = cal[0]
                    precision = "day"
                elif roll < 0.92:
                    ds, de, precision = cal[1], cal[2], "month"
                elif roll < 0.97:
                    ds, de, precision = cal[3], cal[4], "week"
                elif roll < 0.99:
                    step = 1 + int(rand() * 14)
                    ds, de, precision = cal[0], calendar[min(n_days - 1, idx + step)][0], "range"
                else:
                    ds, de, precision = cal[5], cal[6], "year"
                if published is None or de > published:
                    published = de
            low = best = high = None
            if kind in VIOLENT and rand() >= 0.3:
                low = min(int(rng.paretovariate(1.1)) - 1, 50_000)
                best = low + int(low * rand() * 0.5)
                high = best * 2 if rand() < 0.3 else None
            detail = DETAILS[min(int(rng.paretovariate(0.9)) - 1, len(DETAILS) - 1)]
            label = labels[kind]
            whom = f" involving {target[1]}" if target is not None else ""
            where = f" near {place[1]}" if place is not None else ""
            when = f" on {ds}" if ds is not None else ""
            toll = f"; at least {low} killed" if low else ""
            sentence = (
                f"{actor[1]} was reported in a {label} over the {detail}{whom}{where}{when}{toll},"
                " officials said."
            )
            end = offset + len(sentence)
            events.append(
                (
                    "evt_" + _b32(base_ms + made + i, 5) + _b32(getrandbits(80), 8),
                    source_id,
                    kind,
                    f"{actor[1]}: {label} ({detail}){whom}{where}.",
                    ds,
                    de,
                    precision,
                    actor[0],
                    target[0] if target is not None else None,
                    place[0] if place is not None else None,
                    low,
                    best,
                    high,
                    None,
                    certainties[int(rand() * 4)],
                    "officials",
                    offset,
                    end,
                    sentence,
                    sentence,
                    "imported",
                    round(rand(), 3),
                    None,
                    None,
                    stamp,
                    stamp,
                )
            )
            parts.append(sentence)
            parts.append(" ")
            offset = end + 1
        raw = "".join(parts)
        source = (
            source_id,
            f"Synthetic dispatch {seed}-{n_source}",
            PUBLISHERS[n_source % len(PUBLISHERS)],
            None,
            published,
            hashlib.sha256(raw.encode()).hexdigest(),
            raw,
            raw,
            False,
            stamp,
            stamp,
        )
        made += n
        yield source, events
