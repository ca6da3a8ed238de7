"""The OpenAPI document is valid, complete, and good enough to generate a working client."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from app.taxonomy import EVENT_TYPE_SLUGS


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/openapi.json").json()
    return body


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


def test_document_validates(spec: dict[str, Any]) -> None:
    validate(spec)


def test_every_contract_path_is_there(spec: dict[str, Any]) -> None:
    for path in (
        "/v1/events",
        "/v1/events/{event_id}",
        "/v1/actors",
        "/v1/actors/{actor_id}",
        "/v1/locations",
        "/v1/sources",
        "/v1/sources/{source_id}",
        "/v1/event-types",
        "/v1/deletions",
        "/v1/stats/timeline",
        "/v1/stats/facets",
        "/healthz",
        "/readyz",
        "/metrics",
    ):
        assert path in spec["paths"], path


def test_every_operation_is_documented(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        assert op.get("summary") and op.get("description"), (path, method)
        assert op.get("tags"), (path, method)
        if "204" in op["responses"]:
            continue
        ok = op["responses"].get("200") or op["responses"].get("201")
        assert ok and "schema" in json.dumps(ok), (path, method)


def test_errors_are_declared_as_problems(spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, method, op in operations(spec):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert "application/problem+json" in response["content"], (path, method, status)


def test_event_filters_are_documented(spec: dict[str, Any]) -> None:
    params = {p["name"] for p in spec["paths"]["/v1/events"]["get"]["parameters"]}
    assert params >= {
        "type",
        "actor",
        "country",
        "date_from",
        "date_to",
        "bbox",
        "min_fatalities",
        "q",
        "source",
        "updated_since",
        "sort",
        "limit",
        "cursor",
        "with_total",
    }


def test_event_types_cite_their_codebooks(client: TestClient) -> None:
    body = client.get("/v1/event-types").json()
    assert [t["slug"] for t in body["data"]] == list(EVENT_TYPE_SLUGS)
    assert all(t["definition"] for t in body["data"])
    assert "CAMEO" in body["codebooks"]["cameo"] and "PLOVER" in body["codebooks"]["plover"]
    by_slug = {t["slug"]: t for t in body["data"]}
    assert by_slug["weapons_test"]["cameo"] is None and by_slug["weapons_test"]["goldstein"] is None
    assert by_slug["arms_transfer"]["cameo"] == "072"


def test_generated_client_lists_the_seed_events(
    client: TestClient, spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an HTTP client author does: generate a client from the document, use it unedited."""
    (tmp_path / "openapi.json").write_text(json.dumps(spec))
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(generator), "generate", "--path", "openapi.json", "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    package = next(p for p in tmp_path.iterdir() if p.is_dir() and (p / "client.py").exists())
    monkeypatch.syspath_prepend(str(tmp_path))
    generated = importlib.import_module(package.name)
    list_events = importlib.import_module(f"{package.name}.api.events.list_events")

    api = generated.Client(base_url="http://testserver")
    api.set_httpx_client(client)
    page = list_events.sync(client=api, country=["PRK"], type_=["casualties"], limit=10)
    assert page is not None
    assert {e.type_ for e in page.data} == {"casualties"}
    assert len(page.data) == 2
    assert all(e.quote for e in page.data)
