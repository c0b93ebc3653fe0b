"""The briefing as one self-contained HTML file: template, style, script and data inlined.

Nothing is fetched when the page opens (a Content-Security-Policy of ``default-src
'none'`` makes sure of it), so it works from ``file://``, offline, attached to a mail.
The data is JSON inside a ``<script type="application/json">`` element with ``<``, ``>``
and ``&`` escaped, so no article text can close the element or run as script; the page's
script only sets text with ``textContent``.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from flows.briefing.data import Limits, briefing_data
from flows.briefing.worldmap import load_world

ASSETS = Path(__file__).parent / "assets"


@dataclass(frozen=True)
class Briefing:
    path: Path
    bytes: int
    counts: dict[str, int]  # what the page draws: events, nodes, edges, places


def _embed(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(payload: dict[str, Any], world: list[dict[str, str]], warehouse: str, generated_at: datetime) -> str:
    """The page's HTML for a payload from ``briefing_data``."""
    page = (ASSETS / "template.html").read_text(encoding="utf-8")
    data = {"briefing": payload, "world": world, "warehouse": warehouse,
            "generated_at": generated_at.strftime("%Y-%m-%d %H:%M UTC")}  # fmt: skip
    for marker, content in (
        ("/*CSS*/", (ASSETS / "briefing.css").read_text(encoding="utf-8")),
        ("/*JS*/", (ASSETS / "briefing.js").read_text(encoding="utf-8")),
        ("__TITLE__", html.escape(f"News briefing: {Path(warehouse).name}")),
        ("__DATA__", _embed(data)),  # last: the data may contain any of the markers
    ):
        page = page.replace(marker, content, 1)
    return page


def write_briefing(con: duckdb.DuckDBPyConnection, path: Path, warehouse: str, limits: Limits | None = None,
                   now: datetime | None = None) -> Briefing:  # fmt: skip
    """Build the page from the marts and replace ``path`` atomically (a reader never sees half a page)."""
    payload = briefing_data(con, limits)
    page = render(payload, load_world(), warehouse, now or datetime.now(UTC))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".briefing-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the page is for anyone who can read the warehouse
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    counts = {"events": len(payload["events"]), "nodes": len(payload["network"]["nodes"]),
              "edges": len(payload["network"]["edges"]), "places": len(payload["places"])}  # fmt: skip
    return Briefing(path, len(page.encode("utf-8")), counts)
