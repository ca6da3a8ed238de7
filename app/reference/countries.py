"""ISO 3166-1 country names, from pycountry."""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Where pycountry has only the formal name, the name readers use.
_SHORT_NAMES = {"RUS": "Russia", "VNM": "Vietnam", "LAO": "Laos", "BRN": "Brunei"}


@lru_cache(maxsize=512)
def country_name(alpha3: str) -> str:
    """The common name of a country (``PRK`` -> ``North Korea``), or the code if unknown."""
    if alpha3 in _SHORT_NAMES:
        return _SHORT_NAMES[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return alpha3
    return str(getattr(country, "common_name", None) or country.name)
