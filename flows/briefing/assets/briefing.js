/* The briefing page: draws the marts' payload as SVG, no library, no network.
   Text from articles is only ever set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var payload = JSON.parse(document.getElementById("briefing-data").textContent);
  var B = payload.briefing;
  var WORLD = payload.world || [];
  var TYPE_COLOURS = {
    person: "#4e79a7", organization: "#f28e2b", place: "#59a14f", work: "#b07aa1",
    event_name: "#e15759", group: "#9c755f", other: "#8c8c8c"
  };

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function s(tag, attrs, children) {
    var node = document.createElementNS(NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
  }
  function append(node, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
  }
  function fmt(n) { return n === null || n === undefined ? "—" : Number(n).toLocaleString("en"); }
  function toneText(t) { return t === null || t === undefined ? "no tone" : (t > 0 ? "+" : "") + t.toFixed(2); }
  function short(text, n) { text = text || ""; return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function mix(a, b, t) {
    var pa = [1, 3, 5].map(function (i) { return parseInt(a.slice(i, i + 2), 16); });
    var pb = [1, 3, 5].map(function (i) { return parseInt(b.slice(i, i + 2), 16); });
    return "rgb(" + pa.map(function (v, i) { return Math.round(v + (pb[i] - v) * t); }).join(",") + ")";
  }
  function toneColour(t) {
    if (t === null || t === undefined) return "#b8bec4";
    var x = Math.max(-1, Math.min(1, t / 0.6)); // ±0.6 is already strong for a news sentence
    return x < 0 ? mix("#d9d9d9", "#c0392b", -x) : mix("#d9d9d9", "#1e8449", x);
  }
  function article(docId) { return B.articles[docId] || { title: docId }; }
  function articleLine(docId, extra) {
    var a = article(docId);
    var bits = [a.published_at, a.source || a.agency, a.language].filter(Boolean).join(" · ");
    var name = a.title ? h("strong", {}, a.title) : h("span", {}, ["(no headline) ", h("em", {}, short(a.opening, 80))]);
    return h("li", {}, [name, bits ? " — " + bits : "",
      a.tone !== null && a.tone !== undefined ? h("span", { "class": "tag tone" }, "tone " + toneText(a.tone)) : null,
      extra || null]);
  }
  function empty(container, text) { container.appendChild(h("div", { "class": "empty" }, text)); }

  /* header */
  function header() {
    var t = B.totals;
    document.getElementById("meta").textContent = "Generated " + payload.generated_at + " from " + payload.warehouse;
    var failing = (B.health.files_by_status || {}).failed || 0;
    var cards = [["articles", t.articles], ["events", t.events], ["entities", t.entities], ["places", t.places],
      ["average article tone", t.avg_tone === null ? "—" : toneText(t.avg_tone)], ["files failing", failing]];
    var box = document.getElementById("totals");
    cards.forEach(function (c) {
      box.appendChild(h("div", { "class": "card" + (c[0] === "files failing" && failing ? " bad" : ""), "data-total": c[0] },
        [h("div", { "class": "n" }, typeof c[1] === "number" ? fmt(c[1]) : c[1]), h("div", { "class": "l" }, c[0])]));
    });
  }

  /* timeline */
  function day(iso) { return iso ? Date.parse(iso + "T00:00:00Z") : null; }
  function span(e) {
    var start = day(e.date), end = day(e.end_date);
    if (start === null) return null;
    var d = new Date(start);
    if (!end && e.precision === "month") end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    if (!end && e.precision === "year") end = Date.UTC(d.getUTCFullYear(), 11, 31);
    return [start, end || start];
  }
  function timeline() {
    var box = document.getElementById("timeline");
    var legend = document.getElementById("timeline-legend");
    append(legend, [h("span", {}, [h("span", { "class": "sw", style: "background:#555" }), "occurred"]),
      h("span", {}, [h("span", { "class": "sw", style: "border:2px solid #555;background:#fff" }), "planned"]),
      h("span", {}, [h("span", { "class": "sw", style: "border:2px dashed #555;border-radius:2px;background:#fff" }),
        "no date given (at first report)"]),
      h("span", {}, ["tone", h("span", { "class": "ramp" }), "−  0  +"])]);
    if (B.totals.events > B.events.length) {
      legend.appendChild(h("span", {}, "showing the " + B.events.length + " most reported of " + fmt(B.totals.events)));
    }
    var events = B.events.map(function (e) {
      var sp = span(e);
      return { e: e, span: sp, at: sp ? sp[0] : day(e.first_reported) };
    });
    if (!events.length) return empty(box, "No events in the warehouse yet.");
    events.sort(function (a, b) { return (a.at || 0) - (b.at || 0) || b.e.num_articles - a.e.num_articles; });
    var times = [];
    events.forEach(function (r) { if (r.at !== null) times.push(r.at); if (r.span) times.push(r.span[1]); });
    var lo = Math.min.apply(null, times.length ? times : [Date.now()]);
    var hi = Math.max.apply(null, times.length ? times : [Date.now()]);
    var pad = Math.max((hi - lo) * 0.04, 86400000 * 3);
    lo -= pad; hi += pad;
    var W = 1100, left = 20, right = 20, rowH = 24, top = 30;
    var H = top + events.length * rowH + 10;
    function x(t) { return left + (t - lo) / (hi - lo) * (W - left - right); }
    var root = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "event timeline" });
    ticks(lo, hi).forEach(function (t) {
      root.appendChild(s("line", { x1: x(t.at), x2: x(t.at), y1: top - 8, y2: H, stroke: "#eef1f4" }));
      root.appendChild(s("text", { x: x(t.at) + 3, y: top - 12, "font-size": 11, fill: "#5f6b76" }, t.label));
    });
    var details = document.getElementById("event-details");
    events.forEach(function (r, i) {
      var e = r.e, y = top + i * rowH + rowH / 2;
      var g = s("g", { "class": "event", "data-event-id": e.id, "data-status": e.status, tabindex: 0 });
      var colour = toneColour(e.tone);
      var radius = 4 + 2.2 * Math.sqrt(e.num_articles || 1);
      if (r.span && r.span[1] > r.span[0]) {
        g.appendChild(s("rect", { x: x(r.span[0]), y: y - 4, width: Math.max(2, x(r.span[1]) - x(r.span[0])), height: 8,
          rx: 4, fill: colour, opacity: 0.45 }));
      }
      var cx = x(r.at === null ? lo : r.at);
      if (!r.span) {
        g.appendChild(s("rect", { "class": "mark", x: cx - radius, y: y - radius, width: 2 * radius, height: 2 * radius,
          fill: "#fff", stroke: colour === "#b8bec4" ? "#777" : colour, "stroke-width": 2, "stroke-dasharray": "3 2" }));
      } else {
        g.appendChild(s("circle", { "class": "mark", cx: cx, cy: y, r: radius,
          fill: e.status === "planned" ? "#fff" : colour, stroke: e.status === "planned" ? colour : "#555",
          "stroke-width": e.status === "planned" ? 3 : 1 }));
      }
      var label = short(e.summary, 70) + " · " + e.num_articles + (e.num_articles === 1 ? " article" : " articles");
      var anchorRight = cx > W * 0.62;
      g.appendChild(s("text", { x: anchorRight ? cx - radius - 6 : cx + radius + 6, y: y + 4, "font-size": 12,
        "text-anchor": anchorRight ? "end" : "start", fill: "#1f2328" }, label));
      g.appendChild(s("title", {}, [e.summary, "\n", dateText(e), " · ", e.status, " · ", e.type,
        e.participants && e.participants.length ? "\n" + e.participants.join(", ") : "",
        "\n", e.num_articles + " articles, " + e.num_sources + " sources · tone " + toneText(e.tone)].join("")));
      function show() {
        root.querySelectorAll(".event.selected").forEach(function (n) { n.classList.remove("selected"); });
        g.classList.add("selected");
        details.textContent = "";
        append(details, [h("h3", {}, e.summary),
          h("div", {}, [h("span", { "class": "tag" }, e.type), h("span", { "class": "tag" }, e.status),
            dateText(e), e.place ? " · " + e.place : "", " · ", e.num_articles + " articles from " + e.num_sources +
            " sources · ", h("span", { "class": "tone" }, "tone " + toneText(e.tone))]),
          e.participants && e.participants.length ? h("div", {}, "Participants: " + e.participants.join(", ")) : null,
          h("ul", {}, e.reports.map(function (rep) {
            return articleLine(rep.doc_id, h("div", {}, ["“" + short(rep.sentence, 300) + "”",
              h("span", { "class": "tag tone" }, toneText(rep.tone))]));
          }))]);
      }
      g.addEventListener("click", show);
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") show(); });
      root.appendChild(g);
    });
    box.appendChild(root);
  }
  function dateText(e) {
    if (!e.date) return "date not given (first reported " + (e.first_reported || "?") + ")";
    var d = new Date(day(e.date));
    var month = d.toLocaleString("en", { month: "long", timeZone: "UTC" });
    var text = e.precision === "year" ? String(d.getUTCFullYear()) :
      e.precision === "month" ? month + " " + d.getUTCFullYear() : e.date;
    return e.end_date ? text + " to " + e.end_date : text;
  }
  function ticks(lo, hi) {
    var out = [], d = new Date(lo), span = hi - lo, yearly = span > 86400000 * 900;
    var step = span > 86400000 * 400 ? 3 : 1;
    var t = yearly ? Date.UTC(d.getUTCFullYear() + 1, 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    while (t < hi && out.length < 40) {
      var td = new Date(t);
      out.push({ at: t, label: yearly ? String(td.getUTCFullYear()) :
        td.toLocaleString("en", { month: "short", timeZone: "UTC" }) + " " + td.getUTCFullYear() });
      t = yearly ? Date.UTC(td.getUTCFullYear() + 1, 0, 1) : Date.UTC(td.getUTCFullYear(), td.getUTCMonth() + step, 1);
    }
    return out;
  }

  /* network */
  function network() {
    var box = document.getElementById("network");
    var nodes = B.network.nodes, edges = B.network.edges;
    var legend = document.getElementById("network-legend");
    var types = {};
    nodes.forEach(function (n) { types[n.type] = true; });
    Object.keys(types).sort().forEach(function (t) {
      legend.appendChild(h("span", {}, [h("span", { "class": "sw", style: "background:" + (TYPE_COLOURS[t] || "#888") }), t]));
    });
    if (B.totals.ranked_entities > nodes.length) {
      legend.appendChild(h("span", {}, "top " + nodes.length + " of " + fmt(B.totals.ranked_entities)));
    }
    if (!nodes.length) return empty(box, "No entities in the warehouse yet.");
    var W = 1100, H = 620, m = 120;
    var maxArticles = Math.max.apply(null, nodes.map(function (n) { return n.num_articles; }));
    var byId = {};
    nodes.forEach(function (n) {
      byId[n.id] = n;
      n.px = m + n.x * (W - 2 * m); n.py = 30 + n.y * (H - 60);
      n.r = 5 + 16 * Math.sqrt(n.num_articles / maxArticles);
    });
    var root = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "entity network" });
    var maxEdge = Math.max.apply(null, edges.map(function (e) { return e.num_articles; }).concat([1]));
    var lines = edges.map(function (e) {
      var a = byId[e.a], b = byId[e.b];
      var line = s("line", { "class": "edge", x1: a.px, y1: a.py, x2: b.px, y2: b.py, stroke: "#9aa5b1",
        "stroke-width": 0.6 + 3 * e.num_articles / maxEdge, "stroke-opacity": 0.55, "data-a": e.a, "data-b": e.b });
      line.appendChild(s("title", {}, a.name + " — " + b.name + ": " + e.num_articles + " shared articles"));
      root.appendChild(line);
      return line;
    });
    var details = document.getElementById("entity-details");
    var events = {};
    B.events.forEach(function (e) { events[e.id] = e; });
    nodes.forEach(function (n) {
      var g = s("g", { "class": "node", "data-entity-id": n.id, "data-type": n.type, tabindex: 0 });
      g.appendChild(s("circle", { cx: n.px, cy: n.py, r: n.r, fill: TYPE_COLOURS[n.type] || "#888", stroke: "#fff",
        "stroke-width": 1.5 }));
      g.appendChild(s("text", { x: n.px, y: n.py - n.r - 4, "font-size": 12, "text-anchor": "middle", fill: "#1f2328",
        stroke: "#fff", "stroke-width": 3, "paint-order": "stroke" }, short(n.name, 34)));
      g.appendChild(s("title", {}, n.name + " (" + n.type + "): " + n.num_articles + " articles, " + n.num_mentions +
        " mentions"));
      function show() {
        var near = {};
        near[n.id] = true;
        edges.forEach(function (e) { if (e.a === n.id) near[e.b] = true; if (e.b === n.id) near[e.a] = true; });
        root.querySelectorAll(".node").forEach(function (el) {
          el.classList.toggle("dim", !near[el.getAttribute("data-entity-id")]);
          el.classList.toggle("selected", el === g);
        });
        lines.forEach(function (l) {
          l.classList.toggle("dim", l.getAttribute("data-a") !== n.id && l.getAttribute("data-b") !== n.id);
        });
        details.textContent = "";
        var linked = edges.filter(function (e) { return e.a === n.id || e.b === n.id; })
          .map(function (e) { return byId[e.a === n.id ? e.b : e.a].name + " (" + e.num_articles + ")"; });
        append(details, [h("h3", {}, n.name),
          h("div", {}, [h("span", { "class": "tag" }, n.type), n.num_articles + " articles · " + n.num_mentions + " mentions"]),
          linked.length ? h("div", {}, "Appears with: " + linked.join(", ")) : null,
          h("div", {}, h("strong", {}, "Articles")),
          h("ul", { "class": "entity-articles" }, n.articles.map(function (d) { return articleLine(d); })),
          h("div", {}, h("strong", {}, "Events")),
          n.events.length ? h("ul", { "class": "entity-events" }, n.events.map(function (id) {
            var e = events[id];
            return h("li", {}, e ? [e.summary, " — ", dateText(e), " · ", e.status] : id);
          })) : h("div", { "class": "hint" }, "No event lists it as a participant.")]);
      }
      g.addEventListener("click", show);
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") show(); });
      root.appendChild(g);
    });
    box.appendChild(root);
  }

  /* map */
  function map() {
    var box = document.getElementById("map");
    var places = B.places;
    if (!places.length) return empty(box, "No geocoded place in the warehouse yet.");
    var xs = places.map(function (p) { return p.lon; }), ys = places.map(function (p) { return -p.lat; });
    function fit(x0, x1, y0, y1) {
      var w = Math.max(x1 - x0 + 30, 60), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hgt = Math.max(y1 - y0 + 20, w / 2);
      w = Math.max(w, hgt * 2);
      return [Math.max(-180, Math.min(cx - w / 2, 180 - w)), Math.max(-90, Math.min(cy - w / 4, 90 - w / 2)), Math.min(w, 360),
        Math.min(w / 2, 180)];
    }
    var zoom = fit(Math.min.apply(null, xs), Math.max.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, ys));
    var world = [-180, -90, 360, 180];
    var root = s("svg", { viewBox: zoom.join(" "), role: "img", "aria-label": "map of places", style: "background:#f3f8fc" });
    var land = s("g", {});
    WORLD.forEach(function (c) {
      land.appendChild(s("path", { d: c.d, fill: "#e9ecef", stroke: "#b9c0c7", "stroke-width": 0.7,
        "vector-effect": "non-scaling-stroke" }, s("title", {}, c.name)));
    });
    root.appendChild(land);
    for (var lon = -150; lon <= 150; lon += 30) {
      root.appendChild(s("line", { x1: lon, x2: lon, y1: -90, y2: 90, stroke: "#dbe4ec", "stroke-width": 0.5,
        "vector-effect": "non-scaling-stroke" }));
    }
    for (var lat = -60; lat <= 60; lat += 30) {
      root.appendChild(s("line", { x1: -180, x2: 180, y1: lat, y2: lat, stroke: "#dbe4ec", "stroke-width": 0.5,
        "vector-effect": "non-scaling-stroke" }));
    }
    var maxArticles = Math.max.apply(null, places.map(function (p) { return p.num_articles; }));
    var marks = s("g", {});
    root.appendChild(marks);
    // places at one point (a country drawn at its capital, the capital itself) share one label
    var atPoint = {};
    places.forEach(function (p) {
      var key = p.lat.toFixed(2) + "," + p.lon.toFixed(2);
      (atPoint[key] = atPoint[key] || []).push(p.name);
      p.label = atPoint[key][0] === p.name ? key : null;
    });
    function draw(view) {
      root.setAttribute("viewBox", view.join(" "));
      marks.textContent = "";
      var unit = view[2] / 1100;
      places.forEach(function (p) {
        var r = unit * (4 + 10 * Math.sqrt(p.num_articles / maxArticles));
        var g = s("g", { "class": "place", "data-place-id": p.id });
        g.appendChild(s("circle", { "class": "place", cx: p.lon, cy: -p.lat, r: r, fill: "#0b5cad", "fill-opacity": 0.7,
          stroke: "#fff", "stroke-width": 1, "vector-effect": "non-scaling-stroke" }));
        g.appendChild(s("text", { x: p.lon + r + unit * 3, y: -p.lat + unit * 4, "font-size": unit * 12, fill: "#1f2328",
          stroke: "#fff", "stroke-width": unit * 3, "paint-order": "stroke" }, p.label ? atPoint[p.label].join(" · ") : null));
        g.appendChild(s("title", {}, p.name + (p.country_code ? " (" + p.country_code + ")" : "") + ": " + p.num_articles +
          " articles · " + p.lat.toFixed(2) + ", " + p.lon.toFixed(2) + " · GeoNames " + (p.geonames_id || "—")));
        marks.appendChild(g);
      });
    }
    draw(zoom);
    var zoomed = true;
    var toggle = h("button", { type: "button", id: "map-toggle" }, "Whole world");
    toggle.addEventListener("click", function () {
      zoomed = !zoomed;
      draw(zoomed ? zoom : world);
      toggle.textContent = zoomed ? "Whole world" : "Zoom to places";
    });
    box.appendChild(root);
    box.parentNode.insertBefore(h("div", { style: "margin:4px 0" }, toggle), box);
    var rows = places.slice(0, 50).map(function (p) {
      return h("tr", {}, [h("td", {}, p.name), h("td", {}, p.country_code || ""), h("td", { "class": "num" }, p.num_articles),
        h("td", {}, p.lat.toFixed(3) + ", " + p.lon.toFixed(3)), h("td", {}, p.geonames_id ? String(p.geonames_id) : "—"),
        h("td", {}, p.geo_method || "")]);
    });
    document.getElementById("place-table").appendChild(h("table", {}, [h("thead", {}, h("tr", {},
      ["place", "country", "articles", "lat, lon", "GeoNames id", "how"].map(function (c, i) {
        return h("th", { "class": i === 2 ? "num" : null }, c);
      }))), h("tbody", {}, rows)]));
  }

  /* health */
  function table(headers, rows, attrs) {
    return h("table", attrs || {}, [h("thead", {}, h("tr", {}, headers.map(function (c) { return h("th", {}, c); }))),
      h("tbody", {}, rows)]);
  }
  function health() {
    var grid = document.getElementById("health-grid"), hl = B.health;
    var statuses = Object.keys(hl.files_by_status);
    grid.appendChild(h("div", { "class": "panel" }, [h("h3", {}, "Files by status"),
      table(["status", "files"], statuses.map(function (st) {
        return h("tr", { "class": "status-" + st }, [h("td", {}, st),
          h("td", { "class": "num", "data-status": st }, String(hl.files_by_status[st]))]);
      }), { id: "files-by-status" })]));
    grid.appendChild(h("div", { "class": "panel" }, [h("h3", {}, "Rows per mart"),
      table(["mart", "rows"], Object.keys(hl.rows_by_mart).map(function (m) {
        return h("tr", {}, [h("td", {}, m), h("td", { "class": "num", "data-mart": m }, fmt(hl.rows_by_mart[m]))]);
      }), { id: "rows-by-mart" })]));
    grid.appendChild(h("div", { "class": "panel" }, [h("h3", {}, "Files failing now"),
      hl.failing.length ? table(["file", "reason"], hl.failing.map(function (f) {
        return h("tr", { "class": "status-failed" }, [h("td", {}, f.path), h("td", {}, f.error || "failed")]);
      }), { id: "failing-files" }) : h("div", { "class": "hint", id: "failing-files" }, "None: every file was read.")]));
    grid.appendChild(h("div", { "class": "panel wide" }, [h("h3", {}, "Last runs"),
      table(["started", "status", "seconds", "new", "changed", "failed", "docs"], hl.runs.map(function (r) {
        return h("tr", { "class": "status-" + r.status }, [h("td", {}, (r.started_at || "").replace("T", " ")),
          h("td", {}, r.status), h("td", { "class": "num" }, r.duration_seconds === null ? "—" : r.duration_seconds.toFixed(1)),
          h("td", { "class": "num" }, fmt(r.files_new)), h("td", { "class": "num" }, fmt(r.files_changed)),
          h("td", { "class": "num" }, fmt(r.files_failed)), h("td", { "class": "num" }, fmt(r.documents_loaded))]);
      }), { id: "last-runs" })]));
  }

  try {
    header(); timeline(); network(); map(); health();
    document.body.setAttribute("data-ready", "1");
  } catch (err) {
    document.body.setAttribute("data-ready", "error");
    document.body.insertBefore(h("pre", { style: "color:#b42318;padding:12px" }, "The briefing failed to draw: " + err), document.body.firstChild);
    console.error(err);
  }
})();
