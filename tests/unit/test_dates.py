"""Date resolution against the publication date, on expressions from the seeds."""

from datetime import date

import pytest

from flows.annotate.dates import resolve_date

PUB_001 = date(2025, 5, 10)  # seed 001: "held a cultural exchange event on Wednesday"


@pytest.mark.parametrize(
    "text,published,planned,expected,precision",
    [
        ("Wednesday", PUB_001, False, date(2025, 5, 7), "day"),  # the weekday on or before publication
        ("May 8, 2025", None, False, date(2025, 5, 8), "day"),
        ("September 1938", None, False, date(1938, 9, 1), "month"),
        ("this September", PUB_001, True, date(2025, 9, 1), "month"),
        ("February", PUB_001, False, date(2025, 2, 1), "month"),
        ("February 20", PUB_001, False, date(2025, 2, 20), "day"),
        ("May 7 to 10", date(2025, 5, 7), True, date(2025, 5, 7), "day"),  # a range starts on its first day
        ("earlier this year", PUB_001, False, date(2025, 1, 1), "year"),
        ("last year", PUB_001, False, date(2024, 1, 1), "year"),
        ("2023", None, False, date(2023, 1, 1), "year"),
        ("Friday", date(2025, 5, 10), False, date(2025, 5, 9), "day"),
    ],
)
def test_resolution(text, published, planned, expected, precision):
    resolved = resolve_date(text, published, planned=planned)
    assert (resolved.value, resolved.precision) == (expected, precision)
    assert resolved.text == text


def test_relative_date_without_publication_date_stays_unresolved():
    resolved = resolve_date("on Friday", None)
    assert resolved.value is None and resolved.method == "unresolved_no_publication_date"


def test_never_resolved_against_today():
    assert resolve_date("this September", date(2019, 3, 1)).value == date(2019, 9, 1)


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        ("from May 7 to 10", date(2026, 5, 2), date(2026, 5, 7), date(2026, 5, 10)),
        ("May 7-10", date(2026, 5, 2), date(2026, 5, 7), date(2026, 5, 10)),
        ("between June 3 and 9, 2026", None, date(2026, 6, 3), date(2026, 6, 9)),
        ("30 May to 2 June", date(2026, 5, 20), date(2026, 5, 30), date(2026, 6, 2)),
        ("December 30 to January 2", date(2025, 12, 20), date(2025, 12, 30), date(2026, 1, 2)),
    ],
)
def test_a_range_keeps_its_start_and_end(text, published, start, end):
    resolved = resolve_date(text, published, nearest=True)
    assert (resolved.value, resolved.end, resolved.precision) == (start, end, "day")


def test_without_a_tense_a_day_resolves_to_the_nearest_occurrence():
    # "the festival runs from July 3" in a May article is this July, not last year's
    assert resolve_date("July 3", date(2026, 5, 20), nearest=True).value == date(2026, 7, 3)
    assert resolve_date("July 3", date(2026, 5, 20)).value == date(2025, 7, 3)  # a past-tense report
    assert resolve_date("December 28", date(2026, 1, 3), nearest=True).value == date(2025, 12, 28)
