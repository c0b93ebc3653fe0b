"""Format readers: Markdown, JSON and HTML (on real pages with a person-marked body)."""

import json
import re
from collections import Counter

import pytest

from flows.extract import ExtractionError
from flows.extract.html import extract_html
from flows.extract.json import extract_json
from flows.extract.text import extract_markdown
from flows.normalise.document import normalise
from tests.conftest import html_fixture, seed_text


def token_f1(found: str, truth: str) -> tuple[float, float]:
    a, b = Counter(re.findall(r"\w+", found.lower())), Counter(re.findall(r"\w+", truth.lower()))
    overlap = sum((a & b).values())
    return overlap / max(1, sum(a.values())), overlap / max(1, sum(b.values()))


@pytest.mark.parametrize("prefix", ["39d5c43beb60", "1ee91d1fce65"])
def test_html_article_body_matches_the_marked_body(prefix):
    html, truth = html_fixture(prefix)
    doc = normalise(extract_html(html))
    precision, recall = token_f1(doc.body, truth)
    assert precision > 0.9 and recall > 0.9
    assert doc.title and doc.published_at and doc.source and doc.url


def test_html_without_article_is_refused_with_a_reason():
    with pytest.raises(ExtractionError) as info:
        extract_html("<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>")
    assert info.value.status == "no_article"


def test_markdown_loses_markup_and_keeps_heading_as_title():
    md = "# Red Silk premieres\n\n**Moscow** and [Beijing](https://example.org) *sign* a plan.\n"
    extracted = extract_markdown(md)
    assert extracted.title == "Red Silk premieres"
    assert extracted.text.strip() == "Moscow and Beijing sign a plan."


def test_json_article_object():
    body = seed_text("003")
    data = {"headline": "Russia, China Announce Joint Film Production Plan", "articleBody": body,
            "datePublished": "2025-03-14", "publisher": {"name": "MENAFN"}}  # fmt: skip
    (extracted,) = extract_json(json.dumps(data))
    assert extracted.title.startswith("Russia, China") and extracted.source == "MENAFN"
    assert normalise(extracted).published_at.isoformat() == "2025-03-14"


def test_json_list_gives_one_article_each():
    assert len(extract_json(json.dumps([{"text": "one article"}, {"body": "another"}]))) == 2


@pytest.mark.parametrize("payload", ['{"foo": 1}', "[1, 2]", '{"text": "  "}', "not json"])
def test_json_of_unknown_shape_is_refused(payload):
    with pytest.raises(ExtractionError) as info:
        extract_json(payload)
    assert info.value.status in ("unknown_shape", "invalid_json") and info.value.reason
