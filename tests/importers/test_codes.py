"""The crosswalk and code tables: every row is valid and round-trips the taxonomy."""

from __future__ import annotations

import pycountry
import pytest

from app.importers import codes
from app.reference.taxonomy import EVENT_TYPES

# ACLED's six event types and 25 sub-event types (ACLED codebook).
ACLED_TAXONOMY = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}


class TestCameoCrosswalk:
    def test_every_listed_code_is_a_cameo_code(self) -> None:
        assert set(codes.cameo_crosswalk()) <= set(codes.cameo_names())

    def test_every_cameo_code_has_a_decision(self) -> None:
        undecided = [code for code in codes.cameo_names() if codes.map_cameo(code) is None]
        assert undecided == []

    def test_each_type_with_a_cameo_code_maps_back_to_itself(self) -> None:
        mapped = {t.slug: codes.map_cameo(t.cameo) for t in EVENT_TYPES if t.cameo is not None}
        differs = {
            slug: mapping.type if mapping else None
            for slug, mapping in mapped.items()
            if mapping is None or mapping.type != slug
        }
        # 150 holds parades and drills alike; 190 is the act of force, not a casualty report.
        assert differs == {"military_parade": "military_exercise", "casualties": "attack"}

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("010", "statement"),
            ("011", None),
            ("018", "greeting"),
            ("0211", None),
            ("036", None),
            ("042", "meeting"),
            ("051", "greeting"),
            ("057", "agreement"),
            ("0841", "prisoner_exchange"),
            ("0842", None),
            ("0871", "agreement"),
            ("0873", None),
            ("1056", "demand"),
            ("1124", "accusation"),
            ("1384", "threat"),
            ("1454", "protest"),
            ("152", None),
            ("173", None),
            ("1823", "attack"),
            ("192", "incursion"),
            ("194", "attack"),
            ("2042", "weapons_test"),
        ],
    )
    def test_codes(self, code: str, expected: str | None) -> None:
        mapping = codes.map_cameo(code)
        assert mapping is not None and mapping.type == expected and mapping.reason

    def test_names(self) -> None:
        assert codes.cameo_name("193") == "Fight with small arms and light weapons"
        assert codes.cameo_name("190") == "Use conventional military force"
        assert codes.cameo_name("999") == "CAMEO 999"


# The event types of ACLED's codebooks before 2019, which had no sub-event types.
ACLED_OLD_TYPES = {
    "Battle-No change of territory": "armed_clash",
    "Battle-Government regains territory": "armed_clash",
    "Battle-Non-state actor overtakes territory": "armed_clash",
    "Headquarters or base established": "troop_deployment",
    "Non-violent transfer of territory": None,
    "Remote violence": "attack",
    "Riots/Protests": "protest",
    "Strategic development": None,
    "Violence against civilians": "attack",
    "Non-violent activity by a conflict actor": None,
}


class TestAcledCrosswalk:
    def test_covers_the_25_sub_event_types_exactly(self) -> None:
        listed = {m.key for m in codes.acled_crosswalk().values() if " / " in m.key}
        expected = {f"{t} / {s}" for t, subs in ACLED_TAXONOMY.items() for s in subs}
        assert len(expected) == 25 and listed == expected

    def test_every_event_type_of_every_codebook_has_a_row_of_its_own(self) -> None:
        listed = {m.key for m in codes.acled_crosswalk().values() if " / " not in m.key}
        assert listed == set(ACLED_TAXONOMY) | set(ACLED_OLD_TYPES)

    def test_the_six_event_types_each_map_somewhere(self) -> None:
        mapped = {m.key.split(" / ")[0] for m in codes.acled_crosswalk().values() if m.type}
        assert mapped >= set(ACLED_TAXONOMY)

    def test_lookup_ignores_case_and_spaces(self) -> None:
        mapping = codes.map_acled(" battles", "ARMED CLASH ")
        assert mapping is not None and mapping.type == "armed_clash"

    @pytest.mark.parametrize(("event_type", "expected"), sorted(ACLED_OLD_TYPES.items()))
    def test_old_event_types_without_a_sub_event_type(
        self, event_type: str, expected: str | None
    ) -> None:
        mapping = codes.map_acled(event_type, "")
        assert mapping is not None and mapping.type == expected and mapping.reason

    @pytest.mark.parametrize(
        ("event_type", "sub", "expected"),
        [
            ("BATTLE - NO CHANGE OF TERRITORY", "", "armed_clash"),
            ("Riots / Protests", "", "protest"),
            ("Battles", "", "armed_clash"),
            ("Explosions/Remote violence", "", "attack"),
            ("Strategic developments", "", None),
            ("Battles", "Drone interception", "armed_clash"),  # a sub-type not listed
        ],
    )
    def test_an_event_type_alone(self, event_type: str, sub: str, expected: str | None) -> None:
        mapping = codes.map_acled(event_type, sub)
        assert mapping is not None and mapping.type == expected

    def test_an_unknown_event_type_has_no_row(self) -> None:
        assert codes.map_acled("Cyber operations", "") is None


class TestCountries:
    def test_fips_table_targets_are_iso3(self) -> None:
        targets = {iso3 for iso3 in codes.fips_table().values() if iso3 and iso3 != "XKX"}
        assert all(pycountry.countries.get(alpha_3=iso3) for iso3 in targets)

    @pytest.mark.parametrize(
        ("fips", "iso3"),
        [("UP", "UKR"), ("RS", "RUS"), ("GM", "DEU"), ("SG", "SEN"), ("SN", "SGP"), ("KN", "PRK"),
         ("KS", "KOR"), ("GZ", "PSE"), ("IS", "ISR"), ("SU", "SDN"), ("OD", "SSD"), ("KV", "XKX"),
         ("OS", None), ("ZZ", None)],
    )  # fmt: skip
    def test_fips(self, fips: str, iso3: str | None) -> None:
        assert codes.fips_to_iso3(fips) == iso3

    @pytest.mark.parametrize(
        ("cameo", "iso3"),
        [("RUS", "RUS"), ("ROM", "ROU"), ("TMP", "TLS"), ("MTN", "MNE"), ("IMY", "IMN"),
         ("WSB", "PSE"), ("MEA", None), ("AFR", None), ("XYZ", None)],
    )  # fmt: skip
    def test_cameo_countries(self, cameo: str, iso3: str | None) -> None:
        assert codes.cameo_country_to_iso3(cameo) == iso3

    @pytest.mark.parametrize(
        ("name", "iso3"),
        [("Ukraine", "UKR"), ("Russia", "RUS"), ("Democratic Republic of Congo", "COD"),
         ("Ivory Coast", "CIV"), ("Palestine", "PSE"), ("Kosovo", "XKX"), ("Iran", "IRN"),
         ("Côte d'Ivoire", "CIV"), ("Red Sea", None), ("the United States", "USA"),
         ("the Democratic Republic of Congo", "COD"), ("Guinea Bissau", "GNB"),
         ("Czechia", "CZE"), ("Burma", "MMR"), ("eSwatini", "SWZ"), ("Syria", "SYR"),
         ("US", None)],
    )  # fmt: skip
    def test_country_names(self, name: str, iso3: str | None) -> None:
        assert codes.country_name_to_iso3(name) == iso3

    def test_iso_numeric(self) -> None:
        assert codes.iso_numeric_to_iso3("804") == "UKR"
        assert codes.iso_numeric_to_iso3("4") == "AFG"
        assert codes.iso_numeric_to_iso3("0") is None
        assert codes.iso_numeric_to_iso3("") is None
