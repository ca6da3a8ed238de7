"""ACLED actors: their kind from the interaction code, their country from their name.

ACLED names a state's forces and its people with the country in the name, in a few fixed
shapes: ``Military Forces of the United States (2025-)``, ``Police Forces of the Democratic
Republic of Congo (2019-) Prison Guards``, ``Government of Russia (2000-)``, ``Civilians
(Sudan)``, ``Protesters (India)``, ``Mutiny of Military Forces of Mali (2021-)``. Other names
are read for a country in brackets only (``Unidentified Armed Group (Benin)``); "... of Congo"
in a rebel group's name is no country of the group's. The country is looked up in the
project's country table (:func:`app.importers.codes.country_name_to_iso3`), so ``country=USA``
finds what US forces did.
"""

from __future__ import annotations

import re

from app.importers.acled_layout import code
from app.importers.codes import country_name_to_iso3
from app.importers.common import NAME_MAX, clip, slug_id
from app.pipeline.types import ActorDraft

#: ACLED's interaction codes (numeric before 2024, words since) -> actor kind.
INTER_KINDS = {
    "1": "armed_force",
    "state forces": "armed_force",
    "2": "armed_force",
    "rebel group": "armed_force",
    "rebel groups": "armed_force",
    "3": "armed_force",
    "political militia": "armed_force",
    "political militias": "armed_force",
    "4": "armed_force",
    "identity militia": "armed_force",
    "identity militias": "armed_force",
    "5": "group",
    "rioters": "group",
    "6": "group",
    "protesters": "group",
    "7": "group",
    "civilians": "group",
    "8": "armed_force",
    "external/other forces": "armed_force",
}

_PARENTHESES = re.compile(r"\(([^()]*)\)")
# ACLED's names for a state's own forces and government, the country after "of" and before
# the years in brackets. Only these: "Union of Patriots for the Liberation of Congo" is no
# state actor of the Republic of Congo.
_STATE_ACTOR = re.compile(
    r"^(?:former\s+|mutiny\s+of\s+)?"
    r"(?:military\s+forces|police\s+forces|government|prison\s+guards)\s+of\s+([^(]+)",
    re.IGNORECASE,
)


def acled_actor(name: str, inter: str) -> ActorDraft | None:
    if not name:
        return None
    kind = INTER_KINDS.get(code(inter).casefold(), "group")
    if name.startswith("Government of "):
        kind = "state"
    return ActorDraft(slug_id(name), clip(name, NAME_MAX), kind, actor_country(name))


def actor_country(name: str) -> str | None:
    """The country an ACLED actor's name holds, or None (``"Al Shabaab"``, ``"(2025-)"``)."""
    state = _STATE_ACTOR.match(name.strip())
    if state is not None:
        # "Military Forces of Somalia Puntland Security Force": the longest leading words that
        # name a country.
        words = state.group(1).split()
        for end in range(len(words), 0, -1):
            iso3 = country_name_to_iso3(" ".join(words[:end]))
            if iso3:
                return iso3
    for inner in _PARENTHESES.findall(name):
        iso3 = country_name_to_iso3(inner.strip())
        if iso3:
            return iso3
    return None
