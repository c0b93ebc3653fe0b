"""HTML reader: trafilatura finds the article body and the page's metadata.

Settings favour recall (``favor_recall``) because the normaliser removes furniture
afterwards and a lost paragraph cannot be recovered later. Comments are left out: they
are not the article. ``filedate`` is never used as a publication date (it is today).
"""

from __future__ import annotations

import trafilatura

from flows.extract import Extracted, ExtractionError

# Fewer words than this is a menu or a widget, not an article.
MIN_ARTICLE_WORDS = 8


def extract_html(html: str, encoding: str | None = None) -> Extracted:
    """Return the article text and metadata of one HTML page."""
    if not html.strip():
        raise ExtractionError("empty", "HTML file has no content")
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise ExtractionError("no_article", f"trafilatura failed on this page: {type(exc).__name__}: {exc}") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ExtractionError(
            "no_article",
            f"trafilatura found no article in this page ({len(text.split())} words outside scripts and menus)",
        )
    tags = list(getattr(doc, "tags", None) or []) + list(getattr(doc, "categories", None) or [])
    return Extracted(
        text=text,
        method="trafilatura",
        encoding=encoding,
        title=getattr(doc, "title", None) or None,
        published=getattr(doc, "date", None) or None,
        author=getattr(doc, "author", None) or None,
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None,
        url=getattr(doc, "url", None) or None,
        description=getattr(doc, "description", None) or None,
        language=getattr(doc, "language", None) or None,
        keywords=[t for t in tags if t],
    )
