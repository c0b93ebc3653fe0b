"""From a reader's output to the document that is stored: body, title, date, source.

The order matters and is the reason this module exists: characters are cleaned first,
metadata lines are read and removed, furniture is removed, the title is separated, and
only then is the body frozen and hashed. Every later offset indexes this body.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from langdetect import DetectorFactory, LangDetectException, detect_langs

from flows.annotate.scripts import cjk_language
from flows.extract import Extracted, ExtractionError
from flows.normalise.boilerplate import remove_boilerplate
from flows.normalise.duplicates import lsh_bands, minhash
from flows.normalise.metadata import (
    agency_tag,
    infer_dateline_year,
    known_wire_in,
    parse_date,
    parse_dateline,
    take_metadata_lines,
)
from flows.normalise.text import clean_text, word_count
from flows.normalise.title import split_title

DetectorFactory.seed = 0  # langdetect is random unless seeded; results must be repeatable

LANGUAGE_SAMPLE_CHARS = 1200


@dataclass
class NormalisedDocument:
    """One article as stored in ``raw.documents``."""

    doc_id: str
    body: str
    title: str | None
    published_at: date | None
    published_source: str | None
    source: str | None
    agency: str | None
    dateline_place: str | None
    author: str | None
    language: str | None
    language_score: float | None
    url: str | None
    description: str | None
    keywords: list[str]
    captions: list[str]
    dropped: list[str]
    word_count: int
    extraction_method: str
    encoding: str | None
    minhash: list[int] = field(repr=False)
    lsh_bands: list[str] = field(repr=False)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def detect_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and probability of the text's main language (langdetect, seeded).

    The first 1,200 characters (a couple of paragraphs) decide: langdetect's cost grows
    with the text and was most of normalisation's time on whole articles. A text mostly in
    Chinese, Japanese or Korean script is decided by its script (flows/annotate/scripts.py;
    the probability is then the share of those letters): langdetect took Traditional
    Chinese for Korean.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if cjk := cjk_language(sample):  # the script decides Chinese (Simplified, Traditional), Japanese, Korean
        return cjk  # however short: a Chinese sentence is a dozen letters
    if len(re.findall(r"[^\W\d_]", sample)) < 20:
        return None, None
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None, None
    return best.lang, round(best.prob, 4)


def normalise(extracted: Extracted) -> NormalisedDocument:
    """Turn a reader's output into the stored document; raise if no article text remains."""
    text = clean_text(extracted.text)
    meta = take_metadata_lines(text.split("\n"))
    cleaned = remove_boilerplate(meta.lines)
    paragraphs = [line for line in cleaned.lines if line.strip()]

    title = clean_text(extracted.title) if extracted.title else None
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    elif not title:
        title, paragraphs = split_title(paragraphs)
    if not paragraphs:
        raise ExtractionError("no_text", "no article text left after removing page furniture and metadata lines")
    body = "\n\n".join(paragraphs)

    dateline = parse_dateline(paragraphs[0])
    tag = agency_tag(paragraphs[0])
    agency = (dateline.agency if dateline else None) or tag or known_wire_in(paragraphs[0])

    published, published_source = parse_date(extracted.published), "metadata" if extracted.published else None
    if published is None:
        published, published_source = meta.published, meta.published_source
    if published is None and dateline and dateline.month:
        year = dateline.year or infer_dateline_year(dateline.month, dateline.day, body)
        if year:
            try:
                published = date(year, dateline.month, dateline.day)
                published_source = "dateline" if dateline.year else "dateline_year_from_context"
            except ValueError:
                published = None
    if published is None:
        published_source = None

    language, language_score = detect_language(body)
    signature = minhash(body)
    return NormalisedDocument(
        doc_id=body_hash(body),
        body=body,
        title=title,
        published_at=published,
        published_source=published_source,
        source=extracted.source or meta.source or tag or agency,
        agency=agency,
        dateline_place=dateline.place if dateline else None,
        author=extracted.author or meta.author,
        language=language or extracted.language,
        language_score=language_score,
        url=extracted.url,
        description=extracted.description,
        keywords=list(dict.fromkeys(extracted.keywords + cleaned.keywords)),
        captions=(meta.captions or []) + cleaned.captions,
        dropped=[f"{rule}: {line}" for rule, line in cleaned.dropped],
        word_count=word_count(body),
        extraction_method=extracted.method,
        encoding=extracted.encoding,
        minhash=signature,
        lsh_bands=lsh_bands(signature),
    )
