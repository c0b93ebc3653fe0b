"""The multilingual entity reference as the annotators see it: names to look for in text.

The same CSV files are dbt seeds (dbt/seeds/entity_aliases.csv, the hand-written part,
and reference_countries.csv, generated): dbt resolves mentions against them, and the
annotators use them as a dictionary so a listed name is found and typed even where a
model misses it (Chinese has no offline NER model at all). One source, two readers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt" / "seeds"
REFERENCE_FILES = ("entity_aliases.csv", "reference_countries.csv", "reference_cities.csv")

# entity type → the spaCy-style label a mention carries (raw.entity_mentions.label)
TYPE_TO_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "place": "GPE",
    "work": "WORK_OF_ART",
    "event_name": "EVENT",
    "group": "NORP",
    "other": "MISC",
}


@dataclass(frozen=True)
class ReferenceName:
    alias: str
    canonical_name: str
    entity_type: str
    language: str
    kind: str = "alias"  # alias_kind: canonical, alias, acronym, translation, geonames

    @property
    def label(self) -> str:
        return TYPE_TO_LABEL.get(self.entity_type, "MISC")


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key, loaded once
class Reference:
    names: tuple[ReferenceName, ...]

    def in_language(self, language: str) -> list[ReferenceName]:
        """The names written in ``language``, longest first (so the longest match wins)."""
        return sorted((n for n in self.names if n.language == language), key=lambda n: (-len(n.alias), n.alias))


def load_reference(seeds_dir: Path | str | None = None) -> Reference:
    """Read the reference seeds; a missing file is skipped (the English model still works)."""
    folder = Path(seeds_dir) if seeds_dir else SEEDS_DIR
    names: list[ReferenceName] = []
    for file_name in REFERENCE_FILES:
        path = folder / file_name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                alias = (row.get("alias") or "").strip()
                if alias:
                    canonical, kind = row["canonical_name"].strip(), row["entity_type"].strip()
                    language, alias_kind = (row.get("language") or "en").strip(), (row.get("alias_kind") or "").strip()
                    names.append(ReferenceName(alias, canonical, kind, language, alias_kind or "alias"))
    return Reference(tuple(names))
