"""The generated gazetteer seeds are what flows/annotate/gazetteer.py writes today."""

import csv
import io
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("kind", ["countries", "cities"])
def test_the_committed_generated_seeds_are_current(kind):
    done = subprocess.run([sys.executable, "-m", "flows.annotate.gazetteer", kind], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    committed = (ROOT / "dbt" / "seeds" / f"reference_{kind}.csv").read_text(encoding="utf-8")
    assert done.stdout == committed, (
        f"regenerate: python -m flows.annotate.gazetteer {kind} > dbt/seeds/reference_{kind}.csv"
    )


def test_every_country_has_its_geonames_id_and_russian_and_chinese_names():
    rows = list(csv.DictReader(io.StringIO((ROOT / "dbt" / "seeds" / "reference_countries.csv").read_text("utf-8"))))
    countries = {r["canonical_name"] for r in rows}
    assert len(countries) > 240
    assert all(r["geonames_id"].isdigit() for r in rows)
    for language in ("ru", "zh"):
        named = {r["canonical_name"] for r in rows if r["language"] == language}
        assert len(named) / len(countries) > 0.95, language


def test_hand_written_aliases_are_well_formed():
    rows = list(csv.DictReader(io.StringIO((ROOT / "dbt" / "seeds" / "entity_aliases.csv").read_text("utf-8"))))
    assert all(r["language"] in ("en", "ru", "zh") and r["alias"].strip() for r in rows)
    types = {}
    for r in rows:  # one type per entity
        assert types.setdefault(r["canonical_name"], r["entity_type"]) == r["entity_type"], r["canonical_name"]
    assert all(any(r["alias"] == name and r["alias_kind"] == "canonical" for r in rows) for name in types)


def test_the_committed_english_place_names_are_current():
    done = subprocess.run([sys.executable, "-m", "flows.annotate.gazetteer", "english-places"], cwd=ROOT,
                          capture_output=True, text=True, check=True)  # fmt: skip
    committed = (ROOT / "flows" / "annotate" / "vocab" / "place_names.csv").read_text(encoding="utf-8")
    assert done.stdout == committed, (
        "regenerate: python -m flows.annotate.gazetteer english-places > flows/annotate/vocab/place_names.csv"
    )
    rows = list(csv.DictReader(io.StringIO(committed)))
    kinds = {r["name"]: r["kind"] for r in rows}
    assert kinds["Jordan"] == "country" and kinds["Texas"] == "region" and kinds["Medellín"] == "city"
