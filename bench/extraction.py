"""Score article-body extraction on real pages against the bodies a person marked.

    python bench/extraction.py [--corpus ../shared/corpus] [--per-page]

For each page of ``<corpus>/html`` it compares the body we store (trafilatura with our
settings, then our normalisation) and plain ``trafilatura.extract`` with its defaults
against ``articleBody`` in ``html_ground_truth.json``: token precision, recall and F1 per
page and their means. Our normalisation must not lose article text, so our mean F1
must be at least trafilatura's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.extract import ExtractionError  # noqa: E402
from flows.extract.html import extract_html  # noqa: E402
from flows.normalise.document import normalise  # noqa: E402
from flows.normalise.encoding import decode_bytes  # noqa: E402


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def score(found: str, truth: str) -> tuple[float, float, float]:
    a, b = tokens(found), tokens(truth)
    overlap = sum((a & b).values())
    precision = overlap / sum(a.values()) if a else 0.0
    recall = overlap / sum(b.values()) if b else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(data: bytes) -> str:
    decoded = decode_bytes(data)
    try:
        return normalise(extract_html(decoded.text, decoded.encoding)).body
    except ExtractionError:
        return ""


def baseline(data: bytes) -> str:
    return trafilatura.extract(data) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--per-page", action="store_true", help="print every page's figures")
    args = parser.parse_args(argv)
    truth = json.loads((args.corpus / "html_ground_truth.json").read_text(encoding="utf-8"))
    pages = sorted((args.corpus / "html").glob("*.html"))
    totals = {"ours": [0.0, 0.0, 0.0], "trafilatura": [0.0, 0.0, 0.0]}
    seconds = {"ours": 0.0, "trafilatura": 0.0}
    if args.per_page:
        print(f"{'page':14} {'ours P':>7} {'R':>6} {'F1':>6}   {'traf P':>7} {'R':>6} {'F1':>6}")
    for page in pages:
        data = page.read_bytes()
        body = truth[page.stem]["articleBody"]
        row = []
        for name, fn in (("ours", ours), ("trafilatura", baseline)):
            started = time.perf_counter()
            text = fn(data)
            seconds[name] += time.perf_counter() - started
            figures = score(text, body)
            for i, value in enumerate(figures):
                totals[name][i] += value
            row.append(figures)
        if args.per_page:
            (p1, r1, f1), (p2, r2, f2) = row
            print(f"{page.stem[:14]} {p1:7.3f} {r1:6.3f} {f1:6.3f}   {p2:7.3f} {r2:6.3f} {f2:6.3f}")
    n = len(pages)
    print(f"\n{n} pages from {args.corpus}")
    print(f"{'extractor':28} {'precision':>9} {'recall':>7} {'F1':>7} {'s/page':>7}")
    for name, label in (("ours", "ours (trafilatura+normalise)"), ("trafilatura", "trafilatura.extract default")):
        p, r, f = (v / n for v in totals[name])
        print(f"{label:28} {p:9.3f} {r:7.3f} {f:7.3f} {seconds[name] / n:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
