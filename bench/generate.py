"""Generate N news files (mixed .txt and .html) from real material kept in the repository.

    python bench/generate.py --n 1000 --out bench/out/n1000/seeds [--seed 7]

Material: the five seeds and the pages in bench/material/html (real news pages from the
Zyte article-extraction benchmark, MIT licence). Each generated article recombines real
paragraphs from several sources, then varies names, numbers and dates, so that bodies
differ and near-duplicate detection and entity resolution have real work to do. The
output is a pure function of (n, seed): the same command writes the same files. Files
are written one at a time; nothing holds the corpus in memory.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.extract.html import extract_html  # noqa: E402
from flows.extract.text import extract_text  # noqa: E402
from flows.normalise.document import normalise  # noqa: E402
from flows.normalise.encoding import decode_bytes  # noqa: E402

FIRST = ["Anna", "Oleg", "Li", "Wang", "Maria", "Ivan", "Chen", "Elena", "Dmitry", "Zhang", "Sofia", "Pavel",
         "Liu", "Olga", "Sergei", "Mei", "Nikolai", "Yan", "Irina", "Alexei"]  # fmt: skip
LAST = ["Petrova", "Sokolov", "Wei", "Jun", "Ivanova", "Volkov", "Hao", "Smirnova", "Kuznetsov", "Lin",
        "Popova", "Morozov", "Xu", "Lebedeva", "Novikov", "Zhou", "Kozlova", "Orlov", "Tang", "Fedorova"]  # fmt: skip
SOURCES = ["Global Times", "Xinhua", "TASS", "MENAFN", "China Daily", "RIA Novosti", "Reuters", "Eurasia Wire"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
_NAME = re.compile(r"\b([A-Z][a-z]{2,})\s([A-Z][a-z]{2,})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_NUMBER = re.compile(r"\b\d{2,4}\b")


@dataclass
class Material:
    titles: list[str]
    paragraphs: list[str]


def load_material() -> Material:
    """Real titles and paragraphs, read with the pipeline's own readers."""
    titles, paragraphs = [], []
    sources = [(p, "txt") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sources += [(p, "html") for p in sorted((ROOT / "bench" / "material" / "html").glob("*.html"))]
    for path, kind in sources:
        decoded = decode_bytes(path.read_bytes())
        extracted = extract_html(decoded.text) if kind == "html" else extract_text(decoded.text)
        doc = normalise(extracted)
        if doc.title:
            titles.append(doc.title)
        paragraphs += [p for p in doc.body.split("\n\n") if len(p.split()) >= 12]
    return Material(titles, paragraphs)


def vary(text: str, rng: random.Random) -> str:
    """Swap some two-word names, years, months and numbers for others."""

    def name(match: re.Match[str]) -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.25 else match.group(0)

    text = _NAME.sub(name, text)
    text = _YEAR.sub(lambda m: str(rng.randint(2018, 2026)) if rng.random() < 0.5 else m.group(0), text)
    text = _MONTH.sub(lambda m: rng.choice(MONTHS) if rng.random() < 0.5 else m.group(0), text)
    return _NUMBER.sub(lambda m: str(rng.randint(10, 999)) if rng.random() < 0.3 else m.group(0), text)


def article(material: Material, index: int, seed: int) -> tuple[str, str, list[str], date, str]:
    rng = random.Random(seed * 1_000_003 + index)
    title = vary(rng.choice(material.titles), rng)
    paragraphs = [vary(p, rng) for p in rng.sample(material.paragraphs, rng.randint(4, 9))]
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 730))
    return title, rng.choice(SOURCES), paragraphs, published, f"Report {index}: {rng.choice(LAST)} desk."


def as_text(title: str, source: str, paragraphs: list[str], published: date, tag: str) -> str:
    return f"{title}\nSource: {source} Published: {published.isoformat()}\n" + "\n".join([*paragraphs, tag]) + "\n"


def as_html(title: str, source: str, paragraphs: list[str], published: date, tag: str) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in [*paragraphs, tag])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(source)}</title>
<meta property="og:site_name" content="{html.escape(source)}">
<meta property="article:published_time" content="{published.isoformat()}T08:00:00Z">
<script>window.analytics = {{track: function() {{}}}};</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<main><article><h1>{html.escape(title)}</h1><time datetime="{published.isoformat()}">{published:%B %d, %Y}</time>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Markets rally</a></li><li><a href="/b">Weather</a></li></ul></aside>
<footer>© {published.year} {html.escape(source)}. All rights reserved.</footer></body></html>
"""


def generate(n: int, out: Path, seed: int = 7, start: int = 0) -> int:
    """Write articles start..start+n-1 into ``out``; one in three is HTML."""
    material = load_material()
    out.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + n):
        parts = article(material, index, seed)
        if index % 3 == 2:
            (out / f"article-{index:06d}.html").write_text(as_html(*parts), encoding="utf-8")
        else:
            (out / f"article-{index:06d}.txt").write_text(as_text(*parts), encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=0, help="index of the first article (to add more later)")
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed, args.start)
    print(f"wrote {args.n} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
