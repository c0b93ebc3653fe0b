"""JSON reader for articles exported by feeds, scrapers and APIs.

The accepted shape (documented in the README) is one object, or a list of objects, or
an object with an ``articles`` list, where each article has a body under ``body``,
``text``, ``content`` or ``articleBody`` and optionally ``title``/``headline``,
``published_at``/``date``/``datePublished``, ``source``/``publisher``, ``author``,
``url`` and ``language``. Anything else is refused with a reason naming the keys found.
"""

from __future__ import annotations

import json
from typing import Any

from flows.extract import Extracted, ExtractionError

BODY_KEYS = ("body", "text", "content", "articleBody")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published_at", "published", "date", "datePublished")
SOURCE_KEYS = ("source", "publisher", "site_name", "sitename")
AUTHOR_KEYS = ("author", "byline")


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, dict):  # schema.org style {"name": ...}
            value = value.get("name")
        if isinstance(value, list):
            value = ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
        if value not in (None, ""):
            return str(value)
    return None


def _articles(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ExtractionError(
            "unknown_shape", f"JSON top level is {type(data).__name__}; expected an article object or a list of them"
        )
    return data


def extract_json(text: str, encoding: str | None = None) -> list[Extracted]:
    """Return every article held by one JSON file (usually one)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExtractionError(
            "invalid_json", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    found: list[Extracted] = []
    for item in _articles(data):
        body = _first(item, BODY_KEYS)
        if not body or not body.strip():
            keys = ", ".join(sorted(item)[:12]) or "none"
            raise ExtractionError(
                "unknown_shape", f"JSON article has no body under {'/'.join(BODY_KEYS)} (keys found: {keys})"
            )
        keywords = item.get("keywords") or item.get("tags") or []
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        found.append(
            Extracted(
                text=body,
                method="json",
                encoding=encoding,
                title=_first(item, TITLE_KEYS),
                published=_first(item, DATE_KEYS),
                author=_first(item, AUTHOR_KEYS),
                source=_first(item, SOURCE_KEYS),
                url=_first(item, ("url", "link")),
                description=_first(item, ("description", "summary")),
                language=_first(item, ("language", "lang")),
                keywords=[str(k) for k in keywords],
            )
        )
    if not found:
        raise ExtractionError("unknown_shape", "JSON holds an empty list of articles")
    return found
