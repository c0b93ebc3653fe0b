"""The event vocabulary (taxonomy, trigger senses, non-event cues), read from a data file.

The words live in ``vocab/events.yml`` so an analyst can read and extend them without
touching code, the way trafilatura keeps its rule words apart from its logic. Loading
validates the file and fails with the entry at fault, because a typo in a sense would
otherwise silently drop a whole kind of event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DEFAULT_VOCABULARY = Path(__file__).parent / "vocab" / "events.yml"


class VocabularyError(ValueError):
    pass


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger: its type, and the argument classes it needs or excludes."""

    event_type: str
    args: frozenset[str] | None = None  # None: any arguments
    not_args: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventVocabulary:
    types: dict[str, str]  # type → description
    plover: dict[str, str | None]  # type → PLOVER top-level category
    classes: dict[str, frozenset[str]]  # class → lemmas and entity labels
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    light_verbs: frozenset[str]
    carriers: frozenset[str]
    ending_verbs: frozenset[str]
    planned_words: frozenset[str]
    reporting_verbs: frozenset[str]
    opinion_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_marks: frozenset[str]
    habitual_words: frozenset[str]
    habitual_phrases: tuple[str, ...]
    habitual_patterns: tuple[re.Pattern[str], ...]
    question_prefixes: tuple[str, ...]
    anaphoric_heads: frozenset[str]
    anaphoric_determiners: frozenset[str]
    topic_prepositions: frozenset[str]
    forecast_verbs: frozenset[str]
    background_words: frozenset[str]
    background_years: int = 3

    @cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        return frozenset(self.verbs) | frozenset(self.nouns)

    @cached_property
    def event_and_speech_verbs(self) -> frozenset[str]:
        """Verbs a name never runs into (flows/annotate/nlp.py: "Vladimir Putin Declares")."""
        return frozenset(self.verbs) | self.reporting_verbs


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise VocabularyError(f"{key}: expected a list of words")
    return frozenset(str(v).lower() for v in value)


def _names(item: dict[str, Any], key: str) -> frozenset[str]:
    """A sense's class names and lemmas (lower case) and entity labels (upper case)."""
    return frozenset(n if str(n).isupper() else str(n).lower() for n in item.get(key) or [])


def _expand(classes: dict[str, frozenset[str]], names: frozenset[str]) -> frozenset[str]:
    """Class names to the lemmas and labels they stand for; any other name stands for itself."""
    out: set[str] = set()
    for name in names:
        out |= classes.get(name, frozenset({name}))
    return frozenset(out)


def _senses(entry: str, raw: Any, classes: dict[str, frozenset[str]], types: dict[str, str]) -> tuple[Sense, ...]:
    items = raw if isinstance(raw, list) else [raw]
    senses = []
    for item in items:
        if isinstance(item, str):
            item = {"type": item}
        if not isinstance(item, dict) or "type" not in item:
            raise VocabularyError(f"{entry}: a sense is a type or a mapping with 'type' (got {item!r})")
        if item["type"] not in types:
            raise VocabularyError(f"{entry}: unknown event type {item['type']!r} (types: {', '.join(types)})")
        unknown = set(item) - {"type", "args", "not_args"}
        if unknown:
            raise VocabularyError(f"{entry}: unknown keys {sorted(unknown)}")

        args = _names(item, "args") if "args" in item else None
        senses.append(Sense(item["type"], _expand(classes, args) if args else None,
                            _expand(classes, _names(item, "not_args"))))  # fmt: skip
    return tuple(senses)


def _pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(str(text), re.IGNORECASE)
    except re.error as exc:
        raise VocabularyError(f"habitual_patterns: {text!r} is not a regular expression: {exc}") from exc


def load_vocabulary(path: Path | str | None = None) -> EventVocabulary:
    """Read and check the vocabulary file (the packaged one by default)."""
    path = Path(path) if path else DEFAULT_VOCABULARY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyError(f"cannot read event vocabulary {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise VocabularyError(f"{path}: expected a mapping with 'types', 'classes', 'verbs', 'nouns'")
    types = {str(k): str((v or {}).get("description", "")) for k, v in data["types"].items()}
    plover = {str(k): (v or {}).get("plover") for k, v in data["types"].items()}
    classes: dict[str, frozenset[str]] = {}
    for name, members in (data.get("classes") or {}).items():
        classes[str(name)] = frozenset(m if str(m).isupper() else str(m).lower() for m in members)
    verbs = {str(k).lower(): _senses(f"verbs.{k}", v, classes, types) for k, v in (data.get("verbs") or {}).items()}
    nouns = {str(k).lower(): _senses(f"nouns.{k}", v, classes, types) for k, v in (data.get("nouns") or {}).items()}
    return EventVocabulary(
        types=types,
        plover=plover,
        classes=classes,
        verbs=verbs,
        nouns=nouns,
        light_verbs=_words(data, "light_verbs"),
        carriers=_words(data, "carriers"),
        ending_verbs=_words(data, "ending_verbs"),
        planned_words=_words(data, "planned_words"),
        reporting_verbs=_words(data, "reporting_verbs"),
        opinion_verbs=_words(data, "opinion_verbs"),
        hypothetical_modals=_words(data, "hypothetical_modals"),
        hypothetical_marks=_words(data, "hypothetical_marks"),
        habitual_words=_words(data, "habitual_words"),
        habitual_phrases=tuple(str(p).lower() for p in data.get("habitual_phrases") or []),
        habitual_patterns=tuple(_pattern(p) for p in data.get("habitual_patterns") or []),
        question_prefixes=tuple(str(p).lower() for p in data.get("question_prefixes") or []),
        anaphoric_heads=_words(data, "anaphoric_heads"),
        anaphoric_determiners=_words(data, "anaphoric_determiners"),
        topic_prepositions=_words(data, "topic_prepositions"),
        forecast_verbs=_words(data, "forecast_verbs"),
        background_words=_words(data, "background_words"),
        background_years=int(data.get("background_years", 3)),
    )
