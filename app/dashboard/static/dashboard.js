/* Faultline dashboard: reads only the public /v1 JSON API and draws plain SVG and HTML.
 *
 * One request per widget per filter change (events, timeline, two facets, map), plus three
 * option lists and the world outline once. The filter state lives in the URL query, so a view
 * can be bookmarked and the back button works. Data is inserted as text, never as HTML.
 */
"use strict";

(function () {
  const PAGE_SIZE = 50;
  const MAP_LIMIT = 1000;
  const FACET_LIMIT = 10;
  const FILTER_KEYS = ["type", "country", "actor", "date_from", "date_to", "q"];
  const MULTI = new Set(["type", "country", "actor"]);
  const SVG_NS = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);
  const typeLabels = new Map();
  let generation = 0;
  let nextCursor = null;
  let worldPromise = null;
  let opener = null;

  /* ---------- small helpers ---------- */

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    el.append(...children.flat().filter((c) => c !== null && c !== undefined));
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }

  const fmtInt = (n) => Number(n).toLocaleString("en-US");
  const plural = (n, one, many) => `${fmtInt(n)} ${n === 1 ? one : many || one + "s"}`;

  class ApiError extends Error {}

  async function api(path, params) {
    const url = params && [...params].length ? `${path}?${params}` : path;
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (err) {
      throw new ApiError(`The server could not be reached (${err.message}).`);
    }
    if (!response.ok) {
      let detail = `${response.status} ${response.statusText}`;
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || detail;
      } catch (_) {
        /* not problem+json: keep the status line */
      }
      throw new ApiError(detail);
    }
    return response.json();
  }

  /* ---------- filter state <-> URL <-> form ---------- */

  function readState() {
    const query = new URLSearchParams(location.search);
    const state = {};
    for (const key of FILTER_KEYS) {
      state[key] = MULTI.has(key) ? query.getAll(key).filter(Boolean) : query.get(key) || "";
    }
    state.event = query.get("event") || "";
    return state;
  }

  function filterParams(state, extra) {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = state[key];
      if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
      else if (value) params.set(key, value);
    }
    for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
    return params;
  }

  function writeUrl(state, push) {
    const params = filterParams(state, state.event ? { event: state.event } : {});
    const url = params.toString() ? `?${params}` : location.pathname;
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function stateToForm(state) {
    const form = $("filters");
    for (const key of FILTER_KEYS) {
      const el = form.elements[key];
      const value = MULTI.has(key) ? state[key][0] || "" : state[key];
      if (el.tagName === "SELECT" && value && ![...el.options].some((o) => o.value === value)) {
        el.append(h("option", { value, text: value })); // a value from a link we have no label for
      }
      el.value = value;
    }
  }

  function formToState() {
    const form = $("filters");
    const state = {};
    for (const key of FILTER_KEYS) {
      const value = form.elements[key].value.trim();
      state[key] = MULTI.has(key) ? (value ? [value] : []) : value;
    }
    state.event = "";
    return state;
  }

  function applyFilters(state) {
    writeUrl(state, true);
    refresh();
  }

  async function loadOptions() {
    const [types, actors, countries] = await Promise.all([
      api("/v1/event-types"),
      api("/v1/actors", new URLSearchParams({ limit: "1000" })),
      api("/v1/stats/facets", new URLSearchParams({ by: "country", limit: "1000" })),
    ]);
    const typeSelect = $("f-type");
    for (const t of types.data) {
      typeLabels.set(t.slug, t.label);
      typeSelect.append(h("option", { value: t.slug, text: t.label }));
    }
    const countrySelect = $("f-country");
    countries.data
      .filter((c) => c.value)
      .sort((a, b) => (a.label || a.value).localeCompare(b.label || b.value))
      .forEach((c) => countrySelect.append(h("option", { value: c.value, text: c.label || c.value })));
    const actorSelect = $("f-actor");
    actors.data
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name))
      .forEach((a) => actorSelect.append(h("option", { value: a.id, text: a.name })));
  }

  /* ---------- formatting event fields ---------- */

  function fmtDate(e) {
    if (!e.date_start) return null;
    const start = e.date_start;
    const end = e.date_end || start;
    switch (e.date_precision) {
      case "year":
        return start.slice(0, 4);
      case "month":
        return start.slice(0, 7);
      case "week":
        return `week of ${start}`;
      default:
        return start === end ? start : `${start} – ${end}`;
    }
  }

  function fmtFatalities(e) {
    const { fatalities_low: low, fatalities_best: best, fatalities_high: high } = e;
    const main = best !== null ? best : low !== null ? low : high;
    if (main === null) return null;
    if (low !== null && high !== null && (low !== main || high !== main)) {
      return `${fmtInt(main)} (${fmtInt(low)}–${fmtInt(high)})`;
    }
    if (low !== null && low !== main) return `${fmtInt(main)} (at least ${fmtInt(low)})`;
    return fmtInt(main);
  }

  function fatalitiesTitle(e) {
    const part = (v) => (v === null ? "unknown" : fmtInt(v));
    return `low ${part(e.fatalities_low)} · best ${part(e.fatalities_best)} · high ${part(e.fatalities_high)}`;
  }

  const unknown = (text) => h("span", { class: "unknown", text: text || "unknown" });
  const typeLabel = (slug) => typeLabels.get(slug) || slug;
  const placeName = (loc) => (loc ? `${loc.name}${loc.country ? ` (${loc.country})` : ""}` : null);

  /* ---------- events table ---------- */

  function eventRow(e) {
    const date = fmtDate(e);
    const fatal = fmtFatalities(e);
    const open = h("button", {
      type: "button",
      class: "open-event",
      "aria-label": `Open event: ${e.summary || typeLabel(e.type)}`,
      text: date || "undated",
    });
    return h(
      "tr",
      { "data-id": e.id, onclick: () => openEvent(e, open) },
      h("td", {}, open),
      h("td", { text: typeLabel(e.type) }),
      h("td", {}, e.actor ? e.actor.name : unknown("—")),
      h("td", {}, e.target ? e.target.name : unknown("—")),
      h("td", {}, placeName(e.location) || unknown("—")),
      h("td", { class: "num", title: fatalitiesTitle(e) }, fatal || unknown()),
      h("td", { class: `certainty-${e.certainty}`, text: e.certainty })
    );
  }

  async function loadEvents(state, gen, cursor) {
    const tbody = $("events-table").tBodies[0];
    const params = filterParams(state, { limit: String(PAGE_SIZE) });
    if (cursor) params.set("cursor", cursor);
    $("events").setAttribute("aria-busy", "true");
    try {
      const page = await api("/v1/events", params);
      if (gen !== generation) return page;
      if (!cursor) tbody.replaceChildren();
      const rows = page.data.map(eventRow);
      tbody.append(...rows);
      nextCursor = page.meta.next_cursor;
      const shown = tbody.rows.length;
      const total = page.meta.total;
      $("events-count").textContent = total === null ? "" : `(${fmtInt(total)})`;
      $("events-status").textContent =
        total === 0 ? "No event matches these filters." : `Showing ${fmtInt(shown)} of ${total === null ? "?" : fmtInt(total)}.`;
      $("more").hidden = !nextCursor;
      if (cursor && rows.length) rows[0].querySelector("button").focus();
      return page;
    } catch (err) {
      if (gen === generation) {
        if (!cursor) tbody.replaceChildren();
        $("events-status").textContent = `Events could not be loaded: ${err.message}`;
        $("more").hidden = true;
      }
      throw err;
    } finally {
      $("events").setAttribute("aria-busy", "false");
    }
  }

  /* ---------- timeline chart (SVG) ---------- */

  function monthsBetween(first, last) {
    const out = [];
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, "0")}`);
      m += 1;
      if (m === 13) {
        m = 1;
        y += 1;
      }
    }
    return out;
  }

  function niceMax(v) {
    if (v <= 0) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
    return 10 * p;
  }

  function drawTimeline(timeline) {
    const box = $("timeline");
    const byMonth = new Map(timeline.data.map((d) => [d.period_start.slice(0, 7), d]));
    if (!timeline.data.length) {
      box.replaceChildren(h("p", { class: "note", text: "No dated event matches these filters." }));
      return;
    }
    const keys = [...byMonth.keys()].sort();
    const months = monthsBetween(keys[0], keys[keys.length - 1]);
    const W = 640, H = 230, L = 40, R = 44, T = 12, B = 30;
    const pw = W - L - R, ph = H - T - B;
    const rows = months.map((m) => byMonth.get(m) || { events: 0, fatalities_best: 0, fatalities_low: 0 });
    const maxEvents = niceMax(Math.max(...rows.map((r) => r.events)));
    const maxFatal = Math.max(...rows.map((r) => r.fatalities_best || 0));
    const fatalTop = niceMax(maxFatal);
    const step = pw / months.length;
    const barW = Math.max(1, step * 0.72);
    const yE = (v) => T + ph - (v / maxEvents) * ph;
    const yF = (v) => T + ph - (v / fatalTop) * ph;
    const svg = s("svg", {
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": `Monthly events from ${months[0]} to ${months[months.length - 1]}: ` +
        `${fmtInt(rows.reduce((a, r) => a + r.events, 0))} dated events, ` +
        `${fmtInt(rows.reduce((a, r) => a + (r.fatalities_best || 0), 0))} reported fatalities.`,
      "data-months": months.length,
    });
    svg.append(s("line", { class: "axis", x1: L, x2: L + pw, y1: T + ph, y2: T + ph }));
    for (const f of [0, 0.5, 1]) {
      const y = T + ph - f * ph;
      svg.append(s("line", { class: "axis", x1: L, x2: L + pw, y1: y, y2: y }));
      if (Number.isInteger(f * maxEvents)) {
        svg.append(s("text", { class: "ylab-l", x: L - 6, y: y + 4, "text-anchor": "end" }, fmtInt(f * maxEvents)));
      }
      if (maxFatal > 0 && Number.isInteger(f * fatalTop)) {
        svg.append(s("text", { class: "ylab-r", x: L + pw + 6, y: y + 4 }, fmtInt(f * fatalTop)));
      }
    }
    const labelEvery = Math.max(1, Math.ceil(months.length / 8));
    months.forEach((m, i) => {
      const r = rows[i];
      const x = L + i * step + (step - barW) / 2;
      const title = `${m}: ${plural(r.events, "event")}, ${fmtInt(r.fatalities_best || 0)} reported fatalities`;
      svg.append(
        s("rect", { class: "bar", x: x.toFixed(2), y: yE(r.events).toFixed(2), width: barW.toFixed(2),
          height: (T + ph - yE(r.events)).toFixed(2), "data-month": m, "data-events": r.events },
          s("title", {}, title))
      );
      if (i % labelEvery === 0) {
        svg.append(s("text", { x: (L + i * step + step / 2).toFixed(2), y: H - 10, "text-anchor": "middle" }, m));
      }
    });
    if (maxFatal > 0) {
      const pts = rows.map((r, i) => [L + i * step + step / 2, yF(r.fatalities_best || 0)]);
      svg.append(s("polyline", { class: "line", points: pts.map((p) => p.map((v) => v.toFixed(2)).join(",")).join(" ") }));
      pts.forEach((p, i) => {
        if (rows[i].fatalities_best) {
          svg.append(s("circle", { class: "pt", cx: p[0].toFixed(2), cy: p[1].toFixed(2), r: 2.5 },
            s("title", {}, `${months[i]}: ${fmtInt(rows[i].fatalities_best)} reported fatalities`)));
        }
      });
    }
    const legend = h("div", { class: "legend", "aria-hidden": "true" },
      h("span", {}, h("span", { class: "key key-events" }), "events (left axis)"),
      maxFatal > 0 ? h("span", {}, h("span", { class: "key key-fatal" }), "reported fatalities, best estimate (right axis)") : null);
    const table = h("table", { class: "visually-hidden" },
      h("caption", { text: "Events and reported fatalities per month" }),
      h("tr", {}, h("th", { text: "Month" }), h("th", { text: "Events" }), h("th", { text: "Reported fatalities" })),
      rows.map((r, i) => h("tr", {}, h("td", { text: months[i] }), h("td", { text: r.events }), h("td", { text: r.fatalities_best || 0 }))));
    box.replaceChildren(svg, legend, table);
  }

  async function loadTimeline(state, gen) {
    const box = $("timeline");
    box.setAttribute("aria-busy", "true");
    try {
      const timeline = await api("/v1/stats/timeline", filterParams(state, { interval: "month" }));
      if (gen !== generation) return timeline;
      drawTimeline(timeline);
      const undated = timeline.meta.undated || 0;
      $("timeline-note").textContent =
        (undated ? `${plural(undated, "undated event")} ${undated === 1 ? "is" : "are"} not on the timeline. ` : "") +
        "Months with no event are drawn empty; fatalities count only reported tolls.";
      return timeline;
    } catch (err) {
      if (gen === generation) {
        box.replaceChildren(h("p", { class: "error", text: `Timeline unavailable: ${err.message}` }));
        $("timeline-note").textContent = "";
      }
      throw err;
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }

  /* ---------- map (equirectangular SVG over a shipped world outline) ---------- */

  const px = (lon) => (lon + 180).toFixed(2);
  const py = (lat) => (90 - lat).toFixed(2);

  // Rings that cross the antimeridian jump from +180 to -180: unwrap their longitudes so the
  // ring stays continuous, then draw it again one world over; the SVG viewport clips the rest.
  function ringPaths(ring) {
    let prev = ring[0][0];
    let lo = prev, hi = prev;
    const pts = ring.map(([x, y]) => {
      while (x - prev > 180) x -= 360;
      while (x - prev < -180) x += 360;
      prev = x;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      return [x, y];
    });
    const path = (shift) => "M" + pts.map(([x, y]) => `${px(x + shift)},${py(y)}`).join("L") + "Z";
    let d = path(0);
    if (lo < -180) d += path(360);
    if (hi > 180) d += path(-360);
    return d;
  }

  function ringsPath(geometry) {
    const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polys.map((poly) => poly.map(ringPaths).join("")).join("");
  }

  function loadWorld() {
    if (!worldPromise) {
      worldPromise = fetch(document.body.dataset.world)
        .then((r) => {
          if (!r.ok) throw new ApiError(`world outline: ${r.status}`);
          return r.json();
        })
        .then((topo) => {
          const land = topojson.feature(topo, topo.objects.countries);
          const g = s("g", { class: "world", "aria-hidden": "true" });
          for (const f of land.features) {
            if (f.geometry) g.append(s("path", { class: "land", d: ringsPath(f.geometry) }));
          }
          return g;
        });
    }
    return worldPromise;
  }

  function drawMap(worldGroup, page) {
    const places = new Map();
    for (const e of page.data) {
      const loc = e.location;
      if (!loc || loc.lat === null || loc.lon === null) continue;
      const key = loc.id || `${loc.lat},${loc.lon}`;
      const p = places.get(key) || { loc, events: 0 };
      p.events += 1;
      places.set(key, p);
    }
    let top = 6, bottom = 150; // latitudes 84°N to 60°S, widened for any event outside them
    for (const { loc } of places.values()) {
      top = Math.min(top, 90 - loc.lat - 4);
      bottom = Math.max(bottom, 90 - loc.lat + 4);
    }
    const svg = s("svg", {
      viewBox: `0 ${top} 360 ${bottom - top}`,
      role: "img",
      "aria-label": `World map with ${plural(places.size, "place")} of events`,
      "data-places": places.size,
    });
    svg.append(worldGroup.cloneNode(true));
    const maxN = Math.max(1, ...[...places.values()].map((p) => p.events));
    const sorted = [...places.values()].sort((a, b) => b.events - a.events); // small dots on top
    for (const { loc, events } of sorted) {
      const r = 1.3 + 4.2 * Math.sqrt(events / maxN);
      svg.append(
        s("circle", { class: "dot", cx: px(loc.lon), cy: py(loc.lat), r: r.toFixed(2), "data-events": events },
          s("title", {}, `${placeName(loc)}: ${plural(events, "event")}`))
      );
    }
    $("map").replaceChildren(svg);
    return places.size;
  }

  async function loadMap(state, gen, eventsPromise) {
    const box = $("map");
    box.setAttribute("aria-busy", "true");
    try {
      const params = filterParams(state, { bbox: "-180,-90,180,90", limit: String(MAP_LIMIT) });
      const [worldGroup, page] = await Promise.all([loadWorld(), api("/v1/events", params)]);
      if (gen !== generation) return;
      const nPlaces = drawMap(worldGroup, page);
      const located = page.meta.total;
      let note = `${plural(located, "event")} with coordinates at ${plural(nPlaces, "place")}`;
      if (located > page.data.length) note += ` (the newest ${fmtInt(page.data.length)} drawn)`;
      const all = await eventsPromise.catch(() => null);
      if (all && all.meta.total !== null && gen === generation) {
        const without = all.meta.total - located;
        if (without > 0) note += `; ${plural(without, "event")} without a known place not shown`;
      }
      $("map-note").textContent = `${note}.`;
    } catch (err) {
      if (gen === generation) {
        box.replaceChildren(h("p", { class: "error", text: `Map unavailable: ${err.message}` }));
        $("map-note").textContent = "";
      }
      throw err;
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }

  /* ---------- facet bars ---------- */

  async function loadFacet(by, state, gen) {
    const box = $(`facet-${by}`);
    box.setAttribute("aria-busy", "true");
    try {
      const facets = await api("/v1/stats/facets", filterParams(state, { by, limit: String(FACET_LIMIT) }));
      if (gen !== generation) return;
      if (!facets.data.length) {
        box.replaceChildren(h("p", { class: "note", text: "No event matches these filters." }));
        return;
      }
      const max = Math.max(...facets.data.map((f) => f.events));
      const active = state[by];
      const items = facets.data.map((f) => {
        const label = f.value === null ? `no ${by}` : f.label || f.value;
        const fill = h("span", { class: "fill" });
        fill.style.width = `${(100 * f.events) / max}%`; // CSSOM, which the CSP allows
        const pressed = f.value !== null && active.includes(f.value);
        const button = h("button", {
          type: "button",
          class: "facet",
          "aria-pressed": String(pressed),
          disabled: f.value === null,
          title: `${label}: ${plural(f.events, "event")}, ${fmtInt(f.fatalities_best)} reported fatalities` +
            (f.value === null ? "" : pressed ? " (select to clear this filter)" : " (select to filter)"),
          onclick: () => {
            const next = readState();
            next[by] = pressed ? [] : [f.value];
            next.event = "";
            stateToForm(next);
            applyFilters(next);
          },
        },
        h("span", { class: "label", text: label }),
        h("span", { class: "track", "aria-hidden": "true" }, fill),
        h("span", { class: "n", text: fmtInt(f.events) }));
        return h("li", {}, button);
      });
      const more = facets.data.length === FACET_LIMIT
        ? h("p", { class: "note", text: `The ${FACET_LIMIT} largest groups are shown.` })
        : null;
      box.replaceChildren(h("ul", {}, items), more || "");
    } catch (err) {
      if (gen === generation) box.replaceChildren(h("p", { class: "error", text: `Unavailable: ${err.message}` }));
      throw err;
    } finally {
      box.setAttribute("aria-busy", "false");
    }
  }

  /* ---------- event view: the quote inside its source ---------- */

  // The API counts characters in code points (Python str); JavaScript indexes UTF-16 units.
  function utf16Index(text, codePoints) {
    let i = 0;
    for (let n = 0; n < codePoints && i < text.length; n++) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    }
    return i;
  }

  function highlighted(text, start, end, id) {
    const pre = h("pre", { class: "source-text", tabindex: "0" });
    pre.append(text.slice(0, start), h("mark", { id, text: text.slice(start, end) }), text.slice(end));
    return pre;
  }

  function fact(label, value) {
    return [h("dt", { text: label }), h("dd", {}, value === null || value === undefined || value === "" ? unknown() : value)];
  }

  function party(p) {
    if (!p) return null;
    return `${p.name} (${[p.kind, p.country].filter(Boolean).join(", ")})`;
  }

  function renderEvent(e, source) {
    const body = $("ev-body");
    const raw = source.raw_text;
    const start = utf16Index(raw, e.char_start);
    const end = start + utf16Index(raw.slice(start), e.char_end - e.char_start);
    const exact = raw.slice(start, end) === e.quote;
    const loc = e.location;
    const fatalParts = ["low", "best", "high"].map((k) => `${k} ${e[`fatalities_${k}`] === null ? "unknown" : fmtInt(e[`fatalities_${k}`])}`);
    const facts = h("dl", { class: "facts" },
      fact("Type", `${typeLabel(e.type)} (PLOVER ${e.plover || "—"}, CAMEO ${e.cameo || "—"})`),
      fact("When", e.date_start ? `${fmtDate(e)} (precision: ${e.date_precision})` : null),
      fact("Actor", party(e.actor)),
      fact("Target", party(e.target) || "none"),
      fact("Location", loc ? `${placeName(loc)}${loc.admin1 ? `, ${loc.admin1}` : ""} · ${loc.lat}, ${loc.lon} (${loc.precision})` : null),
      fact("Fatalities", fmtFatalities(e) === null ? null : fatalParts.join(" · ")),
      e.quantity ? fact("Quantity", e.quantity) : [],
      fact("Certainty", `${e.certainty}${e.attribution ? `, according to ${e.attribution}` : ""}`),
      fact("Source", `${source.title || "untitled"} — ${source.publisher || "unknown publisher"}, ${source.published_at || "undated"}`)
    );
    if (source.url) facts.append(...fact("Link", h("a", { href: source.url, rel: "noopener noreferrer", text: source.url })));
    const rawBlock = highlighted(raw, start, end, "ev-quote");
    const parts = [
      h("p", { class: "ev-summary", text: e.summary }),
      facts,
      h("h3", { text: `The quote in the source as received (characters ${e.char_start}–${e.char_end})` }),
      exact ? null : h("p", { class: "warn", text: "The source text at these offsets differs from the stored quote." }),
      rawBlock,
      h("h3", { text: "Restored reading of the quote" }),
      h("blockquote", { class: "restored", id: "ev-restored", text: e.quote_restored }),
    ];
    if (e.notes) parts.push(h("h3", { text: "Coder's note" }), h("p", { text: e.notes }));
    if (source.text && source.text !== raw) {
      const at = source.text.indexOf(e.quote_restored);
      const normalized = at >= 0
        ? highlighted(source.text, at, at + e.quote_restored.length, "ev-restored-mark")
        : h("pre", { class: "source-text", tabindex: "0", text: source.text });
      parts.push(h("details", {}, h("summary", { text: "Normalized article text" }), normalized));
    }
    body.replaceChildren(...parts.filter(Boolean));
    const mark = $("ev-quote");
    rawBlock.scrollTop = Math.max(0, mark.offsetTop - rawBlock.clientHeight / 3);
  }

  async function openEvent(e, from) {
    opener = from || null;
    const dialog = $("event-view");
    $("ev-title").textContent = `${typeLabel(e.type)} · ${fmtDate(e) || "undated"}`;
    $("ev-body").replaceChildren(h("p", { class: "note", text: "Loading the source…" }));
    dialog.dataset.state = "loading";
    dialog.dataset.eventId = e.id;
    if (!dialog.open) dialog.showModal();
    const state = readState();
    if (state.event !== e.id) writeUrl({ ...state, event: e.id }, false);
    try {
      const source = await api(`/v1/sources/${encodeURIComponent(e.source.id)}`);
      if (dialog.dataset.eventId !== e.id) return;
      renderEvent(e, source);
    } catch (err) {
      $("ev-body").replaceChildren(h("p", { class: "error", text: `The source could not be loaded: ${err.message}` }));
    }
    dialog.dataset.state = "ready";
  }

  async function openEventById(id) {
    try {
      openEvent(await api(`/v1/events/${encodeURIComponent(id)}`), null);
    } catch (err) {
      $("events-status").textContent = `Event ${id} could not be opened: ${err.message}`;
    }
  }

  /* ---------- wiring ---------- */

  async function refresh() {
    const gen = ++generation;
    const state = readState();
    document.body.dataset.state = "loading";
    nextCursor = null;
    const events = loadEvents(state, gen, null);
    const timeline = loadTimeline(state, gen);
    const results = await Promise.allSettled([
      events,
      timeline,
      loadMap(state, gen, events),
      loadFacet("type", state, gen),
      loadFacet("country", state, gen),
    ]);
    if (gen !== generation) return;
    const [ev, tl] = results;
    const summary = [];
    if (ev.status === "fulfilled" && ev.value.meta.total !== null) summary.push(`${plural(ev.value.meta.total, "event")} match`);
    if (tl.status === "fulfilled") summary.push(`${fmtInt(tl.value.meta.undated || 0)} undated`);
    const active = FILTER_KEYS.filter((k) => (Array.isArray(state[k]) ? state[k].length : state[k])).length;
    summary.push(active ? `${plural(active, "filter")} on` : "no filter");
    $("summary").textContent = summary.join(" · ");
    const failed = results.filter((r) => r.status === "rejected");
    $("filter-error").hidden = !failed.length;
    $("filter-error").textContent = failed.length ? failed[0].reason.message : "";
    document.body.dataset.state = "ready";
  }

  function init() {
    const form = $("filters");
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      applyFilters(formToState());
    });
    form.addEventListener("change", (ev) => {
      if (ev.target.tagName === "SELECT" || ev.target.type === "date") applyFilters(formToState());
    });
    form.addEventListener("reset", (ev) => {
      ev.preventDefault();
      const empty = { type: [], country: [], actor: [], date_from: "", date_to: "", q: "", event: "" };
      stateToForm(empty);
      applyFilters(empty);
    });
    $("more").addEventListener("click", () => {
      if (nextCursor) loadEvents(readState(), generation, nextCursor).catch(() => {});
    });
    const dialog = $("event-view");
    $("ev-close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (ev) => {
      if (ev.target === dialog) dialog.close(); // a click on the backdrop
    });
    dialog.addEventListener("close", () => {
      const state = readState();
      if (state.event) writeUrl({ ...state, event: "" }, false);
      if (opener && opener.isConnected) opener.focus();
    });
    window.addEventListener("popstate", () => {
      stateToForm(readState());
      refresh();
    });

    loadOptions()
      .catch((err) => {
        $("filter-error").hidden = false;
        $("filter-error").textContent = `Filter options could not be loaded: ${err.message}`;
      })
      .finally(() => {
        const state = readState();
        stateToForm(state);
        refresh();
        if (state.event) openEventById(state.event);
      });
  }

  init();
})();
