"""``faultline import ucdp FILE`` end to end: stored once, visible through the API, updated."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient

from tests.importers.conftest import ACLED_FILE, UCDP_FILE, RunImport
from tests.importers.test_import import SEED_EVENTS, counts, imported, total


def test_counts_and_bad_row(run_import: RunImport, client: TestClient) -> None:
    report = run_import("ucdp", UCDP_FILE)
    assert report["format"] == "ucdp"
    assert counts(report) == (14, 13, 0, 0, 0, 1)
    assert report["bad_rows"] == [
        {
            "line": 17,
            "reason": "fatality estimates out of order (low 15, best 12, high 14): UCDP has "
            "low <= best <= high",
        }
    ]
    assert total(client) == SEED_EVENTS + 13


def test_second_import_inserts_nothing(run_import: RunImport, client: TestClient) -> None:
    run_import("ucdp", UCDP_FILE)
    again = run_import("ucdp", UCDP_FILE)
    assert counts(again) == (14, 0, 0, 13, 0, 1)
    assert total(client) == SEED_EVENTS + 13


def test_events_through_the_api(run_import: RunImport, client: TestClient) -> None:
    run_import("ucdp", UCDP_FILE)
    found = imported(client)
    geneina = found["ucdp:453907"]
    assert geneina["type"] == "attack" and geneina["origin"] == "imported"
    assert geneina["actor"] == {"id": "rsf", "name": "RSF", "kind": "armed_force", "country": None}
    assert geneina["target"] == {
        "id": "civilians-sudan",
        "name": "Civilians (Sudan)",
        "kind": "group",
        "country": "SDN",
    }
    assert (
        geneina["fatalities_low"],
        geneina["fatalities_best"],
        geneina["fatalities_high"],
    ) == (87, 87, 120)
    assert geneina["location"]["precision"] == "city"
    assert geneina["location"]["country"] == "SDN"
    khartoum = found["ucdp:452118"]
    assert (khartoum["date_start"], khartoum["date_end"], khartoum["date_precision"]) == (
        "2023-04-15",
        "2023-04-18",
        "range",
    )
    assert khartoum["actor"]["id"] == "sudan" and khartoum["actor"]["kind"] == "state"
    source = client.get(f"/v1/sources/{khartoum['source']['id']}").json()
    assert source["raw_text"][khartoum["char_start"] : khartoum["char_end"]] == khartoum["quote"]
    assert source["raw_text"] in UCDP_FILE.read_text(encoding="utf-8")
    assert source["publisher"] == "UCDP GED (Agence France Presse;BBC News;Al Jazeera)"
    assert "source headline: Sudan: army and paramilitaries fight" in khartoum["notes"]


def test_filters_see_ucdp_events(run_import: RunImport, client: TestClient) -> None:
    run_import("ucdp", UCDP_FILE)
    assert set(imported(client, country="SDN")) == {"ucdp:452118", "ucdp:453907"}
    # Russia is side A of both Ukrainian events (gwnoa 365), though they happened in Ukraine.
    assert set(imported(client, country="RUS")) == {"ucdp:443521"}
    assert set(imported(client, type="attack", min_fatalities=100)) == {
        "ucdp:418863",
        "ucdp:389944",
    }


def test_a_revised_row_updates_its_event(
    run_import: RunImport, client: TestClient, tmp_path: Path
) -> None:
    """UCDP revises events between versions (Candidate -> GED): same id, new values."""
    run_import("ucdp", UCDP_FILE)
    before = imported(client)["ucdp:389944"]
    with UCDP_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = {name: i for i, name in enumerate(rows[0])}
    kabul = next(row for row in rows if row[0] == "389944")
    kabul[at["best"]], kabul[at["high"]] = "183", "185"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([rows[0], kabul])
    revised = tmp_path / "GEDEvent_v25_0_1.csv"
    revised.write_text(out.getvalue(), encoding="utf-8")
    assert counts(run_import("ucdp", revised)) == (1, 0, 1, 0, 0, 0)
    after = imported(client)["ucdp:389944"]
    assert after["id"] == before["id"]
    assert (after["fatalities_low"], after["fatalities_best"], after["fatalities_high"]) == (
        170,
        183,
        185,
    )


def test_a_file_of_another_layout_exits_2(run_import: RunImport, client: TestClient) -> None:
    before = total(client)
    refused = run_import("ucdp", ACLED_FILE, status=2)["stderr"]
    assert refused.startswith(
        "faultline import ucdp: not a UCDP GED CSV: no column id, type_of_violence, side_a, "
        "side_b, date_start, best"
    )
    assert total(client) == before
