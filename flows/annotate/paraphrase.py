"""A key of an organisation name's content words, for paraphrases of one organisation.

"Russian Culture Ministry", "Ministry of Culture of the Russian Federation" and "Russia's
Ministry of Culture" are one ministry: the same content words once the country is named
one way ("Russian", "Russia's", "the Russian Federation" are all Russia) and the order and
function words are dropped. dbt merges organisations whose keys agree
(int_entity_merges, reason ``paraphrase``).

The country words come from the reference seeds (every country's English names in
reference_countries.csv, its adjectives in reference_demonyms.csv), so the list a user
extends is the one dbt reads.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.annotate.reference import SEEDS_DIR

# words that carry no content in an organisation's name
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "s", "de", "du", "des", "la", "le"})
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")  # "U.S." stays one word
_POSSESSIVE = re.compile(r"['’]s\b")
_MAX_PHRASE = 6


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once per process
class CountryWords:
    """Lower-case word tuples naming a country ("russian federation", "russian", "u.s.") → its token."""

    phrases: dict[tuple[str, ...], str]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_POSSESSIVE.sub("", text))]


def _token(country: str) -> str:
    words = _words(country)
    if words and words[0] == "the":
        words = words[1:]
    return "_".join(w.rstrip(".") for w in words)


def load_country_words(seeds_dir: Path | str | None = None) -> CountryWords:
    """Every country's English names and adjectives, from the reference seeds."""
    folder = Path(seeds_dir) if seeds_dir else SEEDS_DIR
    phrases: dict[tuple[str, ...], str] = {}
    countries = folder / "reference_countries.csv"
    if countries.is_file():
        with countries.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("language") == "en" and row.get("entity_type") == "place":
                    phrases.setdefault(tuple(_words(row["alias"])), _token(row["canonical_name"]))
    demonyms = folder / "reference_demonyms.csv"
    if demonyms.is_file():
        with demonyms.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                phrases.setdefault(tuple(_words(row["adjective"])), _token(row["country"]))
    phrases.pop((), None)
    return CountryWords(phrases)


@lru_cache(maxsize=1)
def default_country_words() -> CountryWords:
    return load_country_words()


def content_key(name: str, countries: CountryWords) -> str:
    """Sorted content words of ``name`` with every way of naming a country made one word.

    "Russia's Culture Ministry" → "culture ministry russia"; an empty string when the name
    has no content word.
    """
    words = _words(name)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            country = countries.phrases.get(phrase) or (
                countries.phrases.get(phrase[1:]) if size > 1 and phrase[0] == "the" else None
            )
            if country:
                out.append(country)
                i += size
                break
        else:
            word = words[i].rstrip(".")
            if word and word not in _FUNCTION_WORDS:
                out.append(word)
            i += 1
    return " ".join(sorted(set(out)))
