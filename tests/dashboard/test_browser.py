"""The dashboard end to end in headless Chromium against a live server.

Each test loads the page, waits for ``body[data-state=ready]`` (set once every widget of the
current filters has answered), and checks what a person would see against the JSON API.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.dashboard.conftest import ASTRAL_QUOTE, SCREENSHOTS, LiveServer


def open_dashboard(page: Page, server: LiveServer, query: str = "") -> None:
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector("body[data-state=ready]")


def wait_for_filters(page: Page, query_part: str) -> None:
    """Wait until the URL carries ``query_part`` and every widget has redrawn for it."""
    page.wait_for_function(
        "part => location.search.includes(part) && document.body.dataset.state === 'ready'",
        arg=query_part,
    )


def bar_titles(page: Page) -> list[str]:
    return page.locator("#timeline rect.bar title").all_text_contents()


def charted_events(page: Page) -> int:
    return sum(
        int(v)
        for v in page.locator("#timeline rect.bar").evaluate_all(
            "bars => bars.map(b => b.dataset.events)"
        )
    )


class TestDashboardPage:
    def test_loads_the_seeded_events(
        self, page: Page, live_server: LiveServer, page_errors: list[str]
    ) -> None:
        events = live_server.get("/v1/events", limit=1)
        timeline = live_server.get("/v1/stats/timeline", interval="month")
        total = events["meta"]["total"]

        response = page.goto(live_server.url + "/")
        page.wait_for_selector("body[data-state=ready]")

        assert response is not None
        assert "default-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("#summary")).to_contain_text(f"{total} events match")
        expect(page.locator("#summary")).to_contain_text(f"{timeline['meta']['undated']} undated")
        expect(page.locator("#events-count")).to_have_text(f"({total})")
        expect(page.locator("#events-table tbody tr")).to_have_count(min(total, 50))
        seeded = page.locator('tr[data-id="evt_01KDF0SEED0000000000000001"]')
        expect(seeded).to_contain_text("Kim Jong Un")
        expect(seeded.locator("td").nth(5)).to_have_text("unknown")  # no toll reported: not 0
        assert charted_events(page) == sum(d["events"] for d in timeline["data"])
        expect(page.locator("#timeline-note")).to_contain_text(
            f"{timeline['meta']['undated']} undated events are not on the timeline"
        )
        assert page.locator("#map circle.dot").count() > 0
        assert page.locator("#map path.land").count() > 100
        expect(page.locator("#facet-type button.facet").first).to_be_visible()
        expect(page.locator("#facet-country button.facet").first).to_be_visible()
        expect(page.locator("#f-type option")).to_have_count(
            1 + len(live_server.get("/v1/event-types")["data"])
        )
        page.screenshot(
            path=SCREENSHOTS / "dashboard.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": 1280},
        )
        assert page_errors == []

    def test_load_more_follows_next_cursor(self, page: Page, live_server: LiveServer) -> None:
        total = live_server.get("/v1/events", limit=1)["meta"]["total"]
        assert total > 50, "the fixture should hold more than one page of events"
        open_dashboard(page, live_server)

        page.click("#more")

        expect(page.locator("#events-table tbody tr")).to_have_count(min(total, 100))
        ids = page.locator("#events-table tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.id)"
        )
        assert len(set(ids)) == len(ids)
        expect(page.locator("#events-status")).to_have_text(
            f"Showing {min(total, 100)} of {total}."
        )
        if total <= 100:
            expect(page.locator("#more")).to_be_hidden()


class TestFilters:
    def test_type_filter_changes_table_and_chart(self, page: Page, live_server: LiveServer) -> None:
        expected = live_server.get("/v1/events", type="casualties", limit=1000)
        timeline = live_server.get("/v1/stats/timeline", type="casualties", interval="month")
        open_dashboard(page, live_server)
        titles_before = bar_titles(page)

        page.select_option("#f-type", "casualties")
        wait_for_filters(page, "type=casualties")

        rows = page.locator("#events-table tbody tr")
        expect(rows).to_have_count(len(expected["data"]))
        assert set(rows.locator("td:nth-child(2)").all_text_contents()) == {"Casualties"}
        assert rows.evaluate_all("rs => rs.map(r => r.dataset.id)") == [
            e["id"] for e in expected["data"]
        ]
        assert bar_titles(page) != titles_before
        assert charted_events(page) == sum(d["events"] for d in timeline["data"])
        expect(page.locator("#summary")).to_contain_text(f"{expected['meta']['total']} events")

    def test_country_facet_filters_by_country(self, page: Page, live_server: LiveServer) -> None:
        expected = live_server.get("/v1/events", country="RUS", limit=1)["meta"]["total"]
        timeline = live_server.get("/v1/stats/timeline", country="RUS", interval="month")
        open_dashboard(page, live_server)

        page.locator("#facet-country button.facet", has_text="Russia").click()
        wait_for_filters(page, "country=RUS")

        expect(page.locator("#f-country")).to_have_value("RUS")
        expect(page.locator("#events-count")).to_have_text(f"({expected})")
        assert charted_events(page) == sum(d["events"] for d in timeline["data"])
        expect(page.locator("#facet-country button.facet[aria-pressed=true]")).to_have_count(1)

    def test_text_and_dates_from_the_url(self, page: Page, live_server: LiveServer) -> None:
        query = {"q": "drone", "date_from": "2024-06-01", "date_to": "2025-06-30"}
        expected = live_server.get("/v1/events", limit=1, **query)["meta"]["total"]
        open_dashboard(page, live_server, "?q=drone&date_from=2024-06-01&date_to=2025-06-30")

        expect(page.locator("#f-q")).to_have_value("drone")
        expect(page.locator("#f-from")).to_have_value("2024-06-01")
        expect(page.locator("#events-count")).to_have_text(f"({expected})")

        page.click("#f-reset")
        wait_for_filters(page, "")
        expect(page.locator("#f-q")).to_have_value("")
        total = live_server.get("/v1/events", limit=1)["meta"]["total"]
        expect(page.locator("#events-count")).to_have_text(f"({total})")


class TestEventView:
    def test_shows_the_quote_highlighted_in_its_source(
        self, page: Page, live_server: LiveServer, page_errors: list[str]
    ) -> None:
        event = live_server.get("/v1/events/evt_01KDF0SEED0000000000000008")
        source = live_server.get(f"/v1/sources/{event['source']['id']}")
        open_dashboard(page, live_server, "?type=casualties")

        page.locator(f'tr[data-id="{event["id"]}"] button.open-event').focus()
        page.keyboard.press("Enter")  # keyboard-usable: the date is a button
        page.wait_for_selector("#event-view[data-state=ready]")

        raw = page.locator("#event-view .source-text").first
        mark = raw.locator("mark")
        expect(mark).to_have_count(1)
        assert mark.get_attribute("id") == "ev-quote"
        assert mark.text_content() == event["quote"]
        assert raw.text_content() == source["raw_text"]
        assert page.locator("#ev-restored").text_content() == event["quote_restored"]
        expect(page.locator("#event-view .facts")).to_contain_text("low 9 · best 9 · high unknown")
        expect(mark).to_be_in_viewport()
        page.screenshot(path=SCREENSHOTS / "event-view.png")
        page.locator("#event-view details summary").click()  # the normalized article, folded
        assert page.locator("#ev-restored-mark").text_content() == event["quote_restored"]

        page.keyboard.press("Escape")
        expect(page.locator("#event-view")).not_to_be_visible()
        page.wait_for_function("() => !location.search.includes('event=')")
        expect(page.locator(f'tr[data-id="{event["id"]}"] button.open-event')).to_be_focused()
        assert page_errors == []

    def test_offsets_count_code_points_like_the_api(
        self, page: Page, live_server: LiveServer
    ) -> None:
        open_dashboard(page, live_server, f"?event={live_server.astral_event_id}")

        page.wait_for_selector("#event-view[data-state=ready]")

        assert page.locator("#ev-quote").text_content() == ASTRAL_QUOTE
        expect(page.locator("#event-view .warn")).to_have_count(0)
