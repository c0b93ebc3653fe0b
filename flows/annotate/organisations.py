"""Organisation names the small English model cuts short, mistypes or misses.

General rules driven by word lists in vocab/english.yml:

* A company's legal form belongs to its name and makes it an organisation: the model
  stops before "plc" or reads "Neckar eMobility GmbH" as a person; the name without its
  form is then the same organisation (``company_short_names``).
* An upper-case abbreviation the model left untagged ("SNCF", "KAUST") is an
  organisation, unless the list of common abbreviations (units, currencies, "CEO") has
  it, it is a Roman numeral, an English word or two letters the text does not spell out,
  part of a phrase in capitals, or spelled out in lower case ("artificial intelligence
  (AI)"). Places have their codes in the entity reference ("UAE", "EU"). One right before
  a name is part of it ("CSKA Moscow").
* A name the model ended at "and" runs on ("Ministry of Energy and Mineral Resources").
* The model's own spans that are a listed common abbreviation go, and names ending in a
  product word ("MacBook Pro") are products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from flows.annotate.mentions import Mention, _last_word, entity_type, organisation_heads
from flows.annotate.places import PlaceRules
from flows.annotate.resolve import abbreviates

VOCABULARY = Path(__file__).parent / "vocab" / "english.yml"
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
# parts of speech an abbreviation-looking word has when it is an ordinary word in capitals
_NOT_NAME_POS = frozenset({"VERB", "ADJ", "ADV", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ"})


@dataclass(frozen=True)
class OrganisationRules:
    legal_form: re.Pattern[str]  # matches a legal form right after a name: ", GmbH", " plc."
    legal_form_last: re.Pattern[str]  # a name that ends in a legal form
    not_names: frozenset[str]
    product_suffixes: frozenset[str]


def load_organisation_rules(path: Path = VOCABULARY) -> OrganisationRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    forms = sorted({str(f).rstrip(".") for f in data.get("legal_forms") or []}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms) or r"(?!)"
    return OrganisationRules(
        legal_form=re.compile(r"^,?[ \u00a0](?:" + alternatives + r")\.?(?![\w&/])"),
        legal_form_last=re.compile(r"\s(?:" + alternatives + r")\.?$"),
        not_names=frozenset(str(w).upper() for w in data.get("not_name_acronyms") or []),
        product_suffixes=frozenset(str(w) for w in data.get("product_suffixes") or []),
    )


@lru_cache(maxsize=1)
def default_organisation_rules() -> OrganisationRules:
    return load_organisation_rules()


def with_legal_forms(
    body: str, spans: list[tuple[int, int, str]], rules: OrganisationRules
) -> list[tuple[int, int, str]]:
    """Spans extended over a legal form that follows them, and made organisations when they
    end in one (a final full stop is left to the mention cleaner, which keeps "Ltd.")."""
    out = []
    for start, end, label in spans:
        follow = rules.legal_form.match(body[end : end + 24])
        if follow and label in ("ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP"):
            end, label = end + follow.end(), "ORG"
        elif rules.legal_form_last.search(body[start:end].split("\n")[0].rstrip()) and label != "ORG":
            label = "ORG"
        out.append((start, end, label))
    return out


def _spelled_in_lower_case(body: str, start: int) -> bool:
    """ "artificial intelligence (AI)": the word before the bracket is no name's."""
    m = re.search(r"([^\W\d_]+)[\s-]*\(\s*$", body[max(0, start - 60) : start])
    return bool(m) and m.group(1).islower()


def abbreviation_spans(sent: Span, body: str, taken: list[tuple[int, int]], rules: OrganisationRules,
                       english_words: frozenset[str] = frozenset(),
                       places: PlaceRules | None = None) -> list[tuple[int, int, str]]:  # fmt: skip
    """Upper-case abbreviations in ``sent`` that no span covers, as organisation spans.

    A sentence written mostly in capitals (a headline, a dateline) is skipped: every word
    of it looks like an abbreviation. So is an English word in capitals ("the next BIG
    challenge"; ``english_words``, which also holds capitals such as "Accra": a country or
    big city in capitals is a place); an organisation whose abbreviation is a word ("WHO")
    is in the entity reference, whose names the model's ruler finds first.
    """
    words = [t for t in sent if t.is_alpha]
    if not words or sum(t.is_upper for t in words) * 2 > len(words):
        return []
    doc = sent.doc
    out = []
    for token in sent:
        text = token.text
        if (
            not _ABBREVIATION.match(text)
            or sum(c.isupper() for c in text) < 2
            or text.upper() in rules.not_names
            or _ROMAN.match(text)
            or token.like_num
            or token.pos_ in _NOT_NAME_POS
            or _shouted(doc, token)
        ):
            continue
        start, end = token.idx, token.idx + len(text)
        if any(not (end <= a or start >= b) for a, b in taken) or _spelled_in_lower_case(body, start):
            continue
        # a word ("BIG") or two letters ("AC", "NJ") is an organisation only when the text
        # spells it out ("the African Union (AU)"); a capital in capitals is a place ("ACCRA")
        word = text.lower() in english_words and not (places and places.sure(text))
        if (word or len(text) == 2) and not _defined(body, text):
            continue
        out.append((start, end, "GPE" if places and places.sure(text) else "ORG"))  # "ACCRA —" opens a story
    return out


def _defined(body: str, abbreviation: str) -> bool:
    """Whether the text spells ``abbreviation`` out: "the African Union (AU)"."""
    for m in re.finditer(r"\(\s*" + re.escape(abbreviation) + r"\s*\)", body):
        before = re.search(
            r"((?:[A-Z][\w'-]*(?:\s+(?:of|and|for|the|de|du|des))?\s+){1,8})$",
            body[max(0, m.start() - 120) : m.start()],
        )
        if before and abbreviates(abbreviation, before.group(1)):
            return True
    return False


def _shouted(doc: Doc, token: Token) -> bool:
    """A word of a phrase in capitals ("SIX WEEKS", "USB-C PD") or a kicker before a
    colon at the start of a line ("EXCLUSIVE:", "LIVE:"): emphasis, not an abbreviation."""
    for k in (token.i - 1, token.i + 1):  # "SIX WEEKS", and specifications: "USB-C PD", "30W PD"
        if 0 <= k < len(doc) and len(doc[k].text) >= 2 and doc[k].text.isupper() and not doc[k].is_punct:
            return True
    line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
    return line_start and token.i + 1 < len(doc) and doc[token.i + 1].text == ":"


def joined_abbreviations(body: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An abbreviation right before a name is part of it: "SK" + "Hynix", "CSKA" + "Moscow"
    (a club named after its city), "SD" + "Guthrie Bhd" are one organisation."""
    spans = sorted(spans)
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out:
            p_start, p_end, p_label = out[-1]
            if (p_label == "ORG" and _ABBREVIATION.match(body[p_start:p_end]) and body[p_end:start] == " "
                    and label in ("ORG", "PERSON", "GPE", "LOC")):  # fmt: skip
                out[-1] = (p_start, end, "ORG")
                continue
        out.append((start, end, label))
    return out


_AND = re.compile(r"^ (?:and|&) ")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LINKS = frozenset({"of", "for", "and"})


def _capitalised_run(body: str, at: int) -> int:
    """End of the run of capitalised words (with "of", "for", "and" between them) from ``at``."""
    end, pending = at, at
    while True:
        m = _WORD.match(body, pending)
        if not m:
            return end
        word = m.group(0)
        if word in _LINKS:
            pending = m.end() + 1 if body[m.end() : m.end() + 1] == " " else -1
        elif word[0].isupper() and not word.isupper():
            end = m.end()
            pending = end + 1 if body[end : end + 1] == " " else -1
        else:
            return end
        if pending < 0:
            return end


def extended_over_and(body: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Organisation names the model ended at "and": "Ministry of Disaster Management" +
    " and Relief", "Flood Forecasting" + " and Warning Centre".

    The capitalised words after "and" join the name when the name is an institution "of"
    something ("Ministry of …", first word an organisation head) or when they end in a
    head word themselves and the name does not (a name with its own head is whole). Words in capitals ("WHO") are names of their own, and a run that
    reaches into another kind of name ("… and Russia") is left alone.
    """
    spans = sorted(spans)
    out: list[tuple[int, int, str]] = []
    skip_until = -1
    for k, (start, end, label) in enumerate(spans):
        if start < skip_until:
            continue
        conj = _AND.match(body[end : end + 6]) if label == "ORG" else None
        if conj:
            run_start = end + conj.end()
            run_end = _capitalised_run(body, run_start)
            name = body[start:end]
            words = name.split()
            first = words[1] if words[0].lower() == "the" and len(words) > 1 else words[0]
            heads = organisation_heads()
            institution = first.lower() in heads and " of " in name
            headed = (run_end > run_start and _last_word(body[run_start:run_end]) in heads
                      and _last_word(name) not in heads)  # "Zenith Bank and Access Holdings" are two  # fmt: skip
            later = [s for s in spans[k + 1 :] if s[0] < run_end]
            clash = any(s[2] != "ORG" for s in later)
            possessive = body[run_end : run_end + 2] in ("'s", "’s")
            if run_end > run_start and (institution or headed) and not clash and not possessive:
                end = max([run_end] + [s[1] for s in later])
                skip_until = end
        out.append((start, end, label))
    return out


def company_short_names(mentions: list[Mention], rules: OrganisationRules) -> list[Mention]:
    """Mentions of a company by its name without the legal form, made organisations: after
    "Neckar eMobility GmbH" the model may read "Neckar eMobility" as a person."""
    short = set()
    for m in mentions:
        form = rules.legal_form_last.search(m.surface) if m.label == "ORG" else None
        if form:
            short.add(m.surface[: form.start()].rstrip(" ,"))
    return [replace(m, label="ORG", entity_type=entity_type("ORG")) if m.label != "ORG" and m.surface in short else m
            for m in mentions]  # fmt: skip


# Labels kept in lower case: web text writes "new york" and "john" so, and a lower-case
# place that is no well-known place is dropped by the place rules (flows/annotate/places.py).
_LOWER_CASE_NAMES = frozenset({"PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART"})


def without_non_names(body: str, spans: list[tuple[int, int, str]], rules: OrganisationRules,
                      known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:  # fmt: skip
    """The model's spans that name nothing dropped, and product names made products.

    Dropped: a listed common abbreviation ("USB", "GPU") and a span with no capital letter
    ("the navy", "health ministry"; persons and places excepted, web text writes "new
    york"). A name of the entity reference (``known``: the user's curated entities, such as
    "artificial intelligence" and its "AI") always stays. A name ending in a product word
    ("MacBook Pro") is a product.
    """
    out = []
    for start, end, label in spans:
        text = body[start:end]
        bare = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
        if bare not in known and bare.lower() not in known:
            if text.isupper() and text.upper() in rules.not_names:
                continue
            if label not in _LOWER_CASE_NAMES and text == text.lower() and re.search(r"[a-z]", text):
                continue
        words = text.split()
        if len(words) >= 2 and words[-1] in rules.product_suffixes and label in ("ORG", "PERSON", "GPE"):
            label = "PRODUCT"
        out.append((start, end, label))
    return out
