"""UCDP's sides as actors: governments as their states, civilians as the event country's.

GED names each side of a dyad in one of three shapes (UCDP GED codebook, side_a / side_b):

- ``Government of X`` (``Government of Russia (Soviet Union)``, ``Government of DR Congo
  (Zaire)``): the state X, as :func:`app.importers.common.state_actor` gives it (``russia``,
  the pipeline's id, so ``country=RUS`` finds it whichever dataset coded it). X comes from the
  side's Gleditsch-Ward number (``gwnoa``/``gwnob``; the first, for a side of several
  governments), else from the name (UCDP's earlier name in brackets dropped).
- ``Civilians``, the target of one-sided violence: the civilians of the event's country,
  ``Civilians (Sudan)``, the id ACLED's "Civilians (Sudan)" has too.
- any other name (``RSF``, ``IS``, ``Al-Shabaab``, ``Jalisco Cartel New Generation``): an
  organised armed group, kind ``armed_force``, with no country: UCDP includes only organised
  actors that use armed force (GED covers organised violence only), and ``group`` is this
  project's kind for unarmed collectives (civilians, protesters). A rebel group's country is
  not in GED (IS fights in many); guessing it from the event's place would be wrong as often
  as right.
"""

from __future__ import annotations

import re

from app.importers.codes import country_name_to_iso3, gleditsch_ward_to_iso3
from app.importers.common import NAME_MAX, clip, slug_id, state_actor
from app.pipeline.types import ActorDraft

_GOVERNMENT = re.compile(r"^government\s+of\s+(.+)$", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*")


def ucdp_country(name: str) -> str | None:
    """A country as UCDP names it -> ISO3: ``"Yemen (North Yemen)"`` -> ``YEM``, trying the
    whole name, the name without UCDP's bracketed former name, then that former name."""
    name = name.strip()
    if not name:
        return None
    for candidate in (name, _BRACKETS.sub(" ", name).strip(), *_BRACKETS.findall(name)):
        iso3 = country_name_to_iso3(candidate.strip())
        if iso3:
            return iso3
    return None


def ucdp_side(name: str, gwno: str, event_country: str | None) -> ActorDraft | None:
    """One side of the dyad as an actor (see the module docstring); None for an empty side."""
    name = " ".join(name.split())
    if not name:
        return None
    if name.casefold() == "civilians":
        return civilians(event_country)
    government = _GOVERNMENT.match(name)
    if government is not None:
        # A side of several governments ("Government of United States of America, Government
        # of United Kingdom", gwno "2, 200") is the actor of the first: the one UCDP leads with.
        country = government.group(1)
        iso3 = gleditsch_ward_to_iso3(gwno.split(",")[0]) or ucdp_country(country)
        iso3 = iso3 or ucdp_country(re.split(r",\s*government\s+of\s+", country, flags=re.I)[0])
        if iso3:
            return state_actor(iso3)
        return ActorDraft(slug_id(name), clip(name, NAME_MAX), "state", None)
    return ActorDraft(slug_id(name), clip(name, NAME_MAX), "armed_force", None)


def civilians(iso3: str | None) -> ActorDraft:
    """The civilians of a country (``Civilians (Sudan)``), or of nowhere known."""
    if iso3 is None:
        return ActorDraft("civilians", "Civilians", "group", None)
    name = f"Civilians ({state_actor(iso3).name})"
    return ActorDraft(slug_id(name), clip(name, NAME_MAX), "group", iso3)
