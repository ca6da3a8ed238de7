"""The OpenAPI document is valid, complete, and good enough to generate a working client."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from app.config import Settings
from app.main import create_app
from app.reference.taxonomy import EVENT_TYPE_SLUGS
from app.sources.urls import WEB_URL_PATTERN


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
    # The taxonomy is an enum in the client too, not a plain string (issue 14).
    slugs = importlib.import_module(f"{package.name}.models.event_type_slug").EventTypeSlug
    assert sorted(s.value for s in slugs) == sorted(EVENT_TYPE_SLUGS)

    api = generated.Client(base_url="http://testserver")
    api.set_httpx_client(client)
    page = list_events.sync(client=api, country=["PRK"], type_=[slugs("casualties")], limit=10)
    assert page is not None
    assert {e.type_ for e in page.data} == {"casualties"}
    assert len(page.data) == 2
    assert all(e.quote for e in page.data)


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def parameter(spec: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    (found,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name]
    schema: dict[str, Any] = found["schema"]
    return schema


FILTERED = ("/v1/events", "/v1/stats/timeline", "/v1/stats/facets")


class TestClosedSets:
    """Every closed set is an enum and every code a pattern, for parameters and bodies."""

    def test_the_type_enum_is_the_taxonomy(self, spec: dict[str, Any]) -> None:
        slugs = spec["components"]["schemas"]["EventTypeSlug"]
        assert slugs["type"] == "string" and slugs["enum"] == list(EVENT_TYPE_SLUGS)
        for path in FILTERED:
            schema = parameter(spec, path, "type")
            assert schema["type"] == "array", path
            assert schema["items"] == {"$ref": "#/components/schemas/EventTypeSlug"}, path
        update = spec["components"]["schemas"]["EventUpdate"]["properties"]["type"]
        assert update["$ref"] == "#/components/schemas/EventTypeSlug"

    @pytest.mark.parametrize(
        ("path", "name", "values"),
        [
            ("/v1/events", "sort", ["-date", "date", "-fatalities", "updated_at"]),
            ("/v1/events", "format", ["json", "csv", "ndjson", "geojson"]),
            ("/v1/stats/timeline", "interval", ["day", "week", "month", "year"]),
            ("/v1/stats/facets", "by", ["type", "actor", "country", "location"]),
            (
                "/v1/actors",
                "kind",
                ["person", "state", "armed_force", "organization", "media", "group"],
            ),
        ],
    )
    def test_query_enums(
        self, spec: dict[str, Any], path: str, name: str, values: list[str]
    ) -> None:
        assert resolve(spec, parameter(spec, path, name))["enum"] == values

    def test_body_enums(self, spec: dict[str, Any]) -> None:
        update = spec["components"]["schemas"]["EventUpdate"]["properties"]
        assert resolve(spec, update["certainty"])["enum"] == ["confirmed", "reported", "alleged"]
        assert resolve(spec, update["date_precision"])["enum"] == [
            "day",
            "week",
            "month",
            "year",
            "range",
            "unknown",
        ]

    def test_countries_have_the_iso3_pattern_lower_case_included(
        self, spec: dict[str, Any]
    ) -> None:
        for path in FILTERED:
            assert parameter(spec, path, "country")["items"]["pattern"] == "^[A-Za-z]{3}$"
        for path in ("/v1/actors", "/v1/locations"):
            assert parameter(spec, path, "country")["pattern"] == "^[A-Za-z]{3}$"

    def test_a_source_url_is_http_or_https(self, spec: dict[str, Any]) -> None:
        url = spec["components"]["schemas"]["SourceCreate"]["properties"]["url"]
        # Beside the anyOf: a JSON Schema pattern applies to strings and leaves null alone.
        pattern = url["pattern"]
        assert pattern == WEB_URL_PATTERN
        assert re.fullmatch(pattern, "https://example.org/a")
        assert not re.fullmatch(pattern, "javascript:alert(1)")


def string_schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The string schemas a value may take: itself, an array's items, anyOf's branches."""
    if schema.get("type") == "array":
        return string_schemas(schema.get("items", {}))
    if "anyOf" in schema:
        return [
            {**o, **{k: v for k, v in schema.items() if k != "anyOf"}}
            for branch in schema["anyOf"]
            for o in string_schemas(branch)
        ]
    return [schema] if schema.get("type") == "string" else []


class TestNoNul:
    """The guards refuse NUL in any query value, path or JSON body; every free string says so."""

    def free(self, schema: dict[str, Any]) -> bool:
        return not {"enum", "format", "$ref"} & schema.keys()

    def test_parameters(self, spec: dict[str, Any]) -> None:
        for path, method, op in operations(spec):
            for param in op.get("parameters", []):
                for schema in filter(self.free, string_schemas(param["schema"])):
                    assert "pattern" in schema, (path, method, param["name"])
                    assert not re.fullmatch(schema["pattern"], "a\x00b"), param["name"]

    @pytest.mark.parametrize("model", ["EventUpdate", "SourceCreate"])
    def test_bodies(self, spec: dict[str, Any], model: str) -> None:
        for name, prop in spec["components"]["schemas"][model]["properties"].items():
            for schema in filter(self.free, string_schemas(prop)):
                assert "pattern" in schema, (model, name)
                assert not re.fullmatch(schema["pattern"], "a\x00b"), (model, name)


class TestDeclaredErrors:
    """Each operation declares every 4xx the server can answer on it, as problem+json."""

    def test_guards_on_every_operation(self, spec: dict[str, Any]) -> None:
        for path, method, op in operations(spec):
            expected = {"414", "422"} | ({"408", "413"} if method != "get" else set())
            assert expected <= set(op["responses"]), (path, method)

    @pytest.mark.parametrize(
        ("path", "method", "statuses"),
        [
            ("/v1/events/{event_id}", "get", {"404"}),
            ("/v1/events/{event_id}", "patch", {"401", "404"}),
            ("/v1/events/{event_id}", "delete", {"401", "404"}),
            ("/v1/sources", "post", {"401", "415"}),
            ("/v1/sources/{source_id}", "get", {"404"}),
            ("/v1/actors/{actor_id}", "get", {"404"}),
        ],
    )
    def test_route_errors(
        self, spec: dict[str, Any], path: str, method: str, statuses: set[str]
    ) -> None:
        assert statuses <= set(spec["paths"][path][method]["responses"])

    def test_no_status_the_server_never_answers(self, spec: dict[str, Any]) -> None:
        for path, method, op in operations(spec):
            assert not {"400", "403", "409"} & set(op["responses"]), (path, method)
            if (path, method) != ("/v1/sources", "post"):
                assert "415" not in op["responses"], (path, method)
            if method == "get":
                assert "401" not in op["responses"], (path, method)

    def test_401_names_the_scheme(self, spec: dict[str, Any]) -> None:
        unauthorized = spec["paths"]["/v1/sources"]["post"]["responses"]["401"]
        assert unauthorized["headers"]["WWW-Authenticate"]["required"] is True

    def test_rate_limits_and_read_keys_are_declared_when_set(self, settings: Settings) -> None:
        strict = settings.model_copy(
            update={
                "rate_limit_per_minute": 60,
                "write_rate_limit_per_minute": 10,
                "require_key_for_reads": True,
            }
        )
        with TestClient(create_app(strict)) as client:
            spec = client.get("/openapi.json", headers={"Authorization": "Bearer x"}).json()
        for path, method, op in operations(spec):
            limited = op["responses"]["429"]
            assert limited["headers"]["Retry-After"]["required"] is True, (path, method)
            if path.startswith("/v1/"):
                assert "401" in op["responses"], (path, method)
        assert "401" not in spec["paths"]["/healthz"]["get"]["responses"]

    def test_write_limit_alone_is_declared_on_writes_only(self, settings: Settings) -> None:
        writes_only = settings.model_copy(
            update={"rate_limit_per_minute": 0, "write_rate_limit_per_minute": 10}
        )
        spec = create_app(writes_only).openapi()
        assert "429" in spec["paths"]["/v1/sources"]["post"]["responses"]
        assert "429" not in spec["paths"]["/v1/sources"]["get"]["responses"]
