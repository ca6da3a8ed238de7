"""Imported places resolved by their coordinates: two villages of one name in one province are
two places; the same place only when the coordinates agree within the precision given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.importers.common import coordinate_decimals
from app.importers.places import Place, digest_id
from app.models import Location
from tests.importers.conftest import RunImport
from tests.importers.test_import import counts, imported

HEADER = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,admin1,location,"
    "latitude,longitude,geo_precision,notes\n"
)


def acled(tmp_path: Path, name: str, *rows: tuple[str, str, str]) -> Path:
    """An ACLED file of protests in Karimama (Alibori, Benin): (id, latitude, longitude)."""
    path = tmp_path / name
    path.write_text(
        HEADER
        + "".join(
            f"{eid},2022-12-23,2022,Protests,Peaceful protest,Protesters (Benin),Benin,Alibori,"
            f"Karimama,{lat},{lon},1,Protest {eid}.\n"
            for eid, lat, lon in rows
        )
    )
    return path


def places(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        query = sa.select(Location).where(Location.name == "Karimama").order_by(Location.id)
        return [dict(row._mapping) for row in conn.execute(query)]


@pytest.mark.parametrize(
    ("lat", "lon", "decimals"),
    [("12.0684", "3.1844", 4), ("32.37", "75.5", 2), ("28", "3", 0), ("-6.15", "23.6", 2),
     ("", "", None), ("1e-5", "3", None)],
)  # fmt: skip
def test_coordinate_decimals(lat: str, lon: str, decimals: int | None) -> None:
    assert coordinate_decimals(lat, lon) == decimals


@pytest.mark.parametrize(
    ("stored", "row", "same"),
    [
        (Place("a", 12.0684, 3.1844, 4), (12.0684, 3.1844, 4), True),
        (Place("a", 12.0684, 3.1844, 4), (12.0685, 3.1843, 4), True),  # one unit of the last
        (Place("a", 12.0684, 3.1844, 4), (12.0690, 3.1844, 4), False),  # 70 m: another place
        (Place("a", 12.0684, 3.1844, 4), (12.07, 3.18, 2), True),  # within the row's 0.01
        (Place("a", 12.0684, 3.1844, 4), (11.80, 3.40, 2), False),  # 38 km away
        (Place("a", 12.0684, 3.1844, None), (12.0684, 3.1844, 4), True),  # precision unknown
        (Place("a", None, None, None), (None, None, None), True),
        (Place("a", None, None, None), (12.0684, 3.1844, 4), False),
    ],
)
def test_agreement(stored: Place, row: tuple[Any, Any, Any], same: bool) -> None:
    assert stored.agrees(*row) is same


def test_a_digest_id_is_the_same_everywhere() -> None:
    key = "karimama-alibori-benin"
    assert digest_id(key, 11.8, 3.4) == digest_id(key, 11.8, 3.4) != digest_id(key, 11.8, 3.5)
    assert digest_id(key, 11.8, 3.4).startswith(f"{key}-")
    assert len(digest_id("x" * 200, 1.0, 2.0)) <= 120


class TestImport:
    def test_two_villages_of_one_name(
        self, run_import: RunImport, client: TestClient, engine: Engine, tmp_path: Path
    ) -> None:
        path = acled(tmp_path, "two.csv", ("K1", "12.0684", "3.1844"), ("K2", "11.8000", "3.4000"))
        assert counts(run_import("acled", path)) == (2, 2, 0, 0, 0, 0)
        stored = places(engine)
        assert [(p["lat"], p["lon"], p["place_key"], p["coordinate_decimals"]) for p in stored] == [
            (12.0684, 3.1844, "karimama-alibori-benin", 4),
            (11.8, 3.4, "karimama-alibori-benin", 4),
        ]
        assert stored[0]["id"] == "karimama-alibori-benin"
        assert stored[1]["id"] == digest_id("karimama-alibori-benin", 11.8, 3.4)
        found = imported(client)
        assert (found["acled:K1"]["location"]["lat"], found["acled:K2"]["location"]["lat"]) == (
            12.0684, 11.8,
        )  # fmt: skip
        listed = client.get("/v1/locations", params={"q": "Karimama"}).json()["data"]
        assert len(listed) == 2
        # Again: the same two places, nothing new.
        assert counts(run_import("acled", path)) == (2, 0, 0, 2, 0, 0)
        assert places(engine) == stored

    def test_the_same_place_within_the_precision_given(
        self, run_import: RunImport, client: TestClient, engine: Engine, tmp_path: Path
    ) -> None:
        run_import("acled", acled(tmp_path, "a.csv", ("K1", "12.0684", "3.1844")))
        # A file that kept two decimals (12.07, 3.18) and one that wrote the same four.
        later = acled(tmp_path, "b.csv", ("K3", "12.07", "3.18"), ("K4", "12.0684", "3.1844"))
        assert counts(run_import("acled", later)) == (2, 2, 0, 0, 0, 0)
        assert len(places(engine)) == 1
        found = imported(client)
        assert {found[f"acled:{k}"]["location"]["id"] for k in ("K1", "K3", "K4")} == {
            "karimama-alibori-benin"
        }

    def test_a_place_merged_before_is_split_on_re_import(
        self, run_import: RunImport, client: TestClient, engine: Engine, tmp_path: Path
    ) -> None:
        """A database from before: both events at the first village's place (id = name key,
        no place key). Re-importing the file moves the second to a place of its own."""
        path = acled(tmp_path, "two.csv", ("K1", "12.0684", "3.1844"), ("K2", "11.8000", "3.4000"))
        run_import("acled", path)
        key = "karimama-alibori-benin"
        with engine.begin() as conn:  # what the old importer stored
            conn.execute(sa.update(Location).values(place_key=None, coordinate_decimals=None))
            conn.execute(sa.text("UPDATE event SET location_id = :key"), {"key": key})
            conn.execute(sa.delete(Location).where(Location.id != key, Location.name == "Karimama"))
        assert counts(run_import("acled", path)) == (2, 0, 1, 1, 0, 0)
        found = imported(client)
        assert found["acled:K1"]["location"]["id"] == key
        assert found["acled:K2"]["location"]["id"] == digest_id(key, 11.8, 3.4)
        assert found["acled:K2"]["location"]["lat"] == 11.8
        assert counts(run_import("acled", path)) == (2, 0, 0, 2, 0, 0)

    def test_gdelt_places_are_resolved_too(
        self, run_import: RunImport, engine: Engine, tmp_path: Path
    ) -> None:
        from tests.importers.conftest import GDELT1_FILE

        run_import("gdelt", GDELT1_FILE)
        with engine.connect() as conn:
            belgrade = conn.execute(
                sa.select(Location.id, Location.place_key, Location.coordinate_decimals).where(
                    Location.name == "Belgrade"
                )
            ).all()
        assert [tuple(row) for row in belgrade] == [
            ("belgrade-serbia-general", "belgrade-serbia-general", 4)
        ]
