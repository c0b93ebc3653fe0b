"""In-document entity resolution: short forms point to the full name used in the article.

Articles name an entity once in full and then shorten it: "China Media Group (CMG)"
then "CMG"; "Shen Haixiong" then "Shen"; "Svetlana Balanova" then "S. Balanova".
Within one article these short forms are unambiguous when exactly one full name fits,
so they are resolved here, per document, where the text that defines them is at hand.
Resolution across articles (and the curated reference list) happens in dbt.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flows.annotate.mentions import NAME_LABELS, Mention, entity_type

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_AFTER_PAREN = re.compile(r"^\s*\(\s*(?P<inner>[^()]{2,80}?)\s*\)")
_INITIALS = re.compile(r"^(?P<initials>(?:[A-Z]\.\s?){1,3})\s*(?P<surname>[A-Z][\w'-]+)$")


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text.replace(".", ""))) and sum(c.isupper() for c in text) >= 2


def abbreviates(acronym: str, name: str) -> bool:
    """Whether ``acronym`` can be made from ``name``: its letters in order among the name's
    letters, the first of them a word's initial ("CLPS" from "Commercial Lunar Payload
    Services", "NMG" from "National Media Group"). A dateline's "LOS ANGELES (AP)" or
    "HANOI, Vietnam (AP)" names the agency, not the city: no "AP" in "Los Angeles"."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    words = re.findall(r"[^\W\d_]+", name.lower())
    if not letters or not any(w.startswith(letters[0]) for w in words):
        return False
    rest = iter("".join(words))
    return all(letter in rest for letter in letters)


def acronym_definitions(body: str, mentions: list[Mention]) -> dict[str, str]:
    """ACR → full name from "Full Name (ACR)" and "ACR (Full Name)" in the text."""
    definitions: dict[str, str] = {}
    for m in mentions:
        after = _AFTER_PAREN.match(body[m.char_end : m.char_end + 90])
        if not after:
            continue
        inner = after.group("inner")
        # a place must spell its acronym ("United Arab Emirates (UAE)"); an organisation
        # need not, its acronym may come from its own language ("VGTRK", "TASS")
        spelled = entity_type(m.label) != "place" or abbreviates(inner, m.surface)
        if is_acronym(inner) and not is_acronym(m.surface) and m.label != "PERSON" and spelled:
            definitions.setdefault(inner.replace(".", ""), m.surface)
        elif is_acronym(m.surface) and not is_acronym(inner) and len(inner.split()) >= 2:
            definitions.setdefault(m.surface.replace(".", ""), inner)
    return definitions


def resolve_in_document(body: str, mentions: list[Mention]) -> list[Mention]:
    """Set ``canonical`` and ``resolution`` on every mention of one document."""
    acronyms = acronym_definitions(body, mentions)
    full_names = sorted(
        {
            m.surface
            for m in mentions
            if m.label == "PERSON" and len(m.surface.split()) >= 2 and not _INITIALS.match(m.surface)
        }
    )
    out = []
    for m in mentions:
        canonical, how, label = m.surface, "self", m.label
        key = m.surface.replace(".", "")
        if key in acronyms and acronyms[key] != m.surface:
            canonical, how = acronyms[key], "acronym"
        # a small model puts any name label on a bare surname ("Karmen's work" → GPE)
        elif m.label in NAME_LABELS and len(m.surface.split()) == 1:
            fits = [n for n in full_names if m.surface in (n.split()[0], n.split()[-1])]
            if len(fits) == 1:  # the person's surname, whatever the model took it for ("Sondland" GPE)
                canonical, how, label = fits[0], "surname", "PERSON"
        elif m.label == "PERSON" and (initials := _INITIALS.match(m.surface)):
            letters = re.findall(r"[A-Z]", initials.group("initials"))
            fits = [
                n for n in full_names
                if n.split()[-1] == initials.group("surname") and [w[0] for w in n.split()[:-1]][: len(letters)] == letters
            ]  # fmt: skip
            if len(fits) == 1:
                canonical, how = fits[0], "initials"
        resolved = replace(m, canonical=canonical, resolution=how)
        if label != m.label:  # only a surname turned person: the type make_mention gave the rest stays
            resolved = replace(resolved, label=label, entity_type=entity_type(label))
        out.append(resolved)
    return out
