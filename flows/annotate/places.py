"""English place typing: names the small model takes for persons or organisations, or misses.

The small English model reads many foreign cities as persons ("Medellín", "Kraków") or
organisations ("Oslo"), and leaves others untagged ("in Tarnów"). Cities are not found by
a list (a list would make every "Jackson" a town): a place-name list only *types* spans,
with the population of the largest place of that name saying how much context it needs
(vocab/places.yml, vocab/place_names.csv). The names are GeoNames', so the rule knows the
whole world's cities, not this corpus's.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token

from flows.annotate.mentions import Mention, entity_type, make_mention, title_prefix
from flows.annotate.translit import without_accents

VOCAB = Path(__file__).parent / "vocab"
_BROAD_KINDS = frozenset({"country", "continent", "region"})
_SPEECH_DEPS = frozenset({"nsubj", "nsubjpass"})


def fold(name: str) -> str:
    """Case- and accent-free key: "BRASÍLIA", "Brasilia" and "Brasília" are one name."""
    return " ".join(without_accents(name.casefold()).split())


@dataclass(frozen=True)
class PlaceRules:
    """The place-name list and the thresholds of vocab/places.yml."""

    names: dict[str, tuple[int, str]]  # folded name -> (population, kind)
    sure_population: int
    cue_population: int
    locative_words: frozenset[str]
    direction_words: frozenset[str]
    retype_labels: frozenset[str]
    place_heads: frozenset[str]
    longest: int  # most words in a listed name

    def place(self, text: str) -> tuple[int, str] | None:
        return self.names.get(fold(text))

    def sure(self, text: str) -> bool:
        found = self.place(text)
        return found is not None and (found[1] in _BROAD_KINDS or found[0] >= self.sure_population)

    def with_cue(self, text: str) -> bool:
        found = self.place(text)
        return found is not None and (found[1] in _BROAD_KINDS or found[0] >= self.cue_population)


def load_place_rules(folder: Path = VOCAB) -> PlaceRules:
    rules = yaml.safe_load((folder / "places.yml").read_text(encoding="utf-8")) or {}
    names: dict[str, tuple[int, str]] = {}
    with (folder / "place_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = fold(row["name"])
            population = int(row["population"] or 0)
            if key not in names or population > names[key][0] or row["kind"] in _BROAD_KINDS:
                names[key] = (population, row["kind"])
    return PlaceRules(
        names=names,
        sure_population=int(rules.get("sure_population", 500_000)),
        cue_population=int(rules.get("cue_population", 15_000)),
        locative_words=frozenset(str(w).lower() for w in rules.get("locative_words") or []),
        direction_words=frozenset(str(w).lower() for w in rules.get("direction_words") or []),
        retype_labels=frozenset(rules.get("retype_labels") or ["PERSON", "ORG", "PRODUCT"]),
        place_heads=frozenset(str(w).lower() for w in rules.get("place_heads") or []),
        longest=max((len(k.split()) for k in names), default=1),
    )


@lru_cache(maxsize=1)
def default_place_rules() -> PlaceRules:
    return load_place_rules()


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _cue_before(doc: Doc, first: Token, last: Token, rules: PlaceRules, place_ends: set[int]) -> bool:
    """ "in Tarnów", "between Lilongwe and Mzuzu" (a place just before, joined by "and"),
    not "in Jackson's view"."""
    if last.i + 1 < len(doc) and doc[last.i + 1].tag_ == "POS":
        return False
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    return before in rules.locative_words or (before in ("and", "or", ",") and first.i - 2 in place_ends)


def _titled(doc: Doc, first: Token, raw_surface: str) -> bool:
    """A person's title in the span or just before it ("Mr Lyon", "Dr. Florence")."""
    if title_prefix(raw_surface):
        return True
    return any(title_prefix(doc[first.i - k : first.i].text + " ") for k in (1, 2) if first.i >= k)


def _country_after(doc: Doc, last: Token, rules: PlaceRules) -> bool:
    """ "Zomba, Malawi": a comma and a country or state right after the name."""
    if last.i + 2 >= len(doc) or doc[last.i + 1].text != ",":
        return False
    for width in range(3, 0, -1):
        words = doc[last.i + 2 : last.i + 2 + width]
        found = rules.place(words.text) if len(words) == width else None
        if found and found[1] in _BROAD_KINDS:
            return True
    return False


def _said_by(tokens: list[Token], speech_verbs: frozenset[str]) -> bool:
    """The name is the subject of a speech verb ("Austin said"): a person, whatever the list says."""
    return any(t.dep_ in _SPEECH_DEPS and t.head.lemma_.lower() in speech_verbs for t in tokens)


def retype_places(doc: Doc, mentions: list[Mention], rules: PlaceRules, speech_verbs: frozenset[str]) -> list[Mention]:
    """Mentions with person or organisation spans that are place names made places, and
    lower-case places dropped unless a country or big city bears the name ("new york").

    Only a mention resolved as itself is considered: one resolved to a person named in full
    in the article ("Jordan" after "Michael Jordan") is that person. A title before the
    name ("Mr Lyon") or the name as a speech verb's subject also keeps the model's label.
    """
    out = []
    place_ends: set[int] = set()  # last token of each place so far, for "in X and Y"
    for m in mentions:
        tokens = _tokens(doc, m.char_start, m.char_end)
        if m.label in rules.retype_labels and m.resolution == "self" and tokens:
            personal = _titled(doc, tokens[0], m.raw_surface) or _said_by(tokens, speech_verbs)
            cued = rules.with_cue(m.surface) and (
                _cue_before(doc, tokens[0], tokens[-1], rules, place_ends) or _country_after(doc, tokens[-1], rules))  # fmt: skip
            if not personal and (rules.sure(m.surface) or cued):
                m = replace(m, label="GPE", entity_type=entity_type("GPE"))
        if m.entity_type == "place" and m.surface == m.surface.lower() and not rules.sure(m.surface):
            continue  # "the metro", "naira": a lower-case place must be a well-known place name ("new york")
        if m.entity_type == "place" and tokens:
            place_ends.add(tokens[-1].i)
        out.append(m)
    return out


def cued_places(
    doc: Doc, body: str, mentions: list[Mention], rules: PlaceRules, sentence_starts: list[int]
) -> list[Mention]:
    """New place mentions for proper nouns the model left untagged after a locative word
    ("in Tarnów"), and for the places coordinated with them ("in Tarnów and Nowy Sącz")."""
    taken = [(m.char_start, m.char_end) for m in mentions]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    found: list[Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.lower_ not in rules.locative_words and token.lower_ not in rules.direction_words:
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            match = _place_at(doc, j, rules)
            if match is None:
                break
            start, end, last = match
            if free(start, end):
                s_index = bisect_right(sentence_starts, start) - 1
                mention = make_mention(body, start, end, "GPE", max(s_index, 0))
                if mention is not None:
                    found.append(mention)
                    taken.append((start, end))
            # "in Tarnów and Nowy Sącz", "in Lagos, Abuja and Kano"
            nxt = last + 1
            if nxt + 1 < len(doc) and doc[nxt].lower_ in ("and", "or", ","):
                j = nxt + 1 if doc[nxt + 1].lower_ not in ("and", "or") else nxt + 2
                continue
            break
        i += 1
    return found


def _place_at(doc: Doc, j: int, rules: PlaceRules) -> tuple[int, int, int] | None:
    """(start char, end char, last token index) of the longest listed place of proper nouns at ``j``."""
    for width in range(min(rules.longest, len(doc) - j), 0, -1):
        words = doc[j : j + width]
        if not all(t.pos_ == "PROPN" and (t.is_title or t.is_upper or not t.is_alpha) for t in words):
            continue
        if not words[0].is_alpha or not words[-1].is_alpha:
            continue
        if rules.with_cue(words.text):
            return words.start_char, words.end_char, words[-1].i
    return None


def dateline_place(body: str, dateline_end: int, place: str | None, mentions: list[Mention]) -> list[Mention]:
    """The mentions with the dateline's place ("MOSCOW, Oct 14 (Agency) -") as a place.

    The normaliser recognised the dateline, so its opening words are a place whatever the
    model made of them (all-caps words are often read as an organisation or missed); its
    canonical name is the normaliser's ("Moscow"), so it joins the city's other mentions.
    """
    if not place or dateline_end <= 0:
        return mentions
    end = len(place)
    if end > dateline_end or fold(body[:end]) != fold(place):
        return mentions
    mention = make_mention(body, 0, end, "GPE", 0)
    if mention is None:
        return mentions
    kept = [m for m in mentions if m.char_start >= end or m.char_end <= 0]
    return sorted([*kept, replace(mention, canonical=place)], key=lambda m: (m.char_start, m.char_end))


def typed_by_head(body: str, spans: list[tuple[int, int, str]], rules: PlaceRules,
                  organisation_heads: frozenset[str]) -> list[tuple[int, int, str]]:  # fmt: skip
    """Spans whose last word says what they name: "Przy Rondzie Street" (a person to the
    model) and "King Fahd Airport" (an organisation) are places, "Gorky Film Studio" (a
    person) an organisation. One-word spans are left alone: the head is the whole name."""
    out = []
    for start, end, label in spans:
        words = body[start:end].split("\n")[0].split()
        last = words[-1].lower().strip(".,;:") if words else ""
        if len(words) >= 2 and label in ("PERSON", "ORG") and last in rules.place_heads:
            label = "FAC"
        elif len(words) >= 2 and label in ("PERSON", "GPE", "LOC") and last in organisation_heads:
            label = "ORG"
        out.append((start, end, label))
    return out
