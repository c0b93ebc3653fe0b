"""Russian documents: natasha's NER and lemmas, plus the reference names found by lemma.

Russian inflects names ("Владимиром Путиным", "в Москве", "«Красного шёлка»"), so both
the model's spans and the dictionary work on lemmas: a mention's ``canonical`` is its
nominative form ("Владимир Путин"), which is what the reference's Russian names and dbt's
name keys match. Offsets stay those of the stored body. natasha's models ship inside its
wheels (navec embeddings, slovnet taggers): nothing is downloaded.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from flows.annotate.mentions import NAME_LABELS, Mention, clean_span, entity_type
from flows.annotate.reference import Reference, ReferenceName
from flows.annotate.translit import latin_key

NATASHA_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
VOCABULARY = Path(__file__).parent / "vocab" / "russian.yml"
_QUOTED = re.compile(r"«([^«»\n]{1,80})»")
# parts of speech a one-word name never is (natasha's Universal Dependencies tags)
_FUNCTION_POS = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX"})


@lru_cache(maxsize=2)
def title_heads(path: Path = VOCABULARY) -> dict[str, str]:
    """Lemma of a head noun → the label of the «title» it introduces (vocab/russian.yml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(w).lower(): str(label) for label, words in (data.get("title_heads") or {}).items() for w in words}


@dataclass(frozen=True)
class RussianRules:
    not_name_acronyms: frozenset[str]  # capital abbreviations that name no one (СМИ, ВВП)
    place_heads: frozenset[str]  # head-noun lemmas of a facility (собор, аэропорт)
    place_kinds: dict[str, str] = field(default_factory=dict)  # "село" → GPE, "река" → LOC: a name after is a place
    place_prepositions: frozenset[str] = frozenset()  # "в", "из": before a city's name


@lru_cache(maxsize=2)
def russian_rules(path: Path = VOCABULARY) -> RussianRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = data.get("place_kinds") or {}
    return RussianRules(frozenset(str(w) for w in data.get("not_name_acronyms") or []),
                        frozenset(str(w).lower() for w in data.get("place_heads") or []),
                        {str(w).lower(): label for label in ("GPE", "LOC") for w in kinds.get(label) or []},
                        frozenset(str(w).lower() for w in data.get("place_prepositions") or []))  # fmt: skip


# "(УМК)", "(СибГМУ)", "(LME)": a capital abbreviation in brackets, at least two capitals
_BRACKETED_ABBREVIATION = re.compile(r"\(([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё&-]{1,11})\)")


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key, loaded once
class RussianModels:
    segmenter: Any
    morph_vocab: Any
    morph_tagger: Any
    ner_tagger: Any


@lru_cache(maxsize=1)
def load_russian() -> RussianModels:
    """natasha's models, once per process (about a second and 100 MB)."""
    import warnings

    with warnings.catch_warnings():  # pymorphy2 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        return RussianModels(Segmenter(), MorphVocab(), NewsMorphTagger(embedding), NewsNERTagger(embedding))


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def parse(text: str, models: RussianModels, ner: bool = True) -> Any:
    from natasha import Doc

    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph_tagger)
    for token in doc.tokens:
        token.lemmatize(models.morph_vocab)
    if ner:
        doc.tag_ner(models.ner_tagger)
        for span in doc.spans:
            span.normalize(models.morph_vocab)
    return doc


@lru_cache(maxsize=4)
def _alias_lemmas(
    reference: Reference, models: RussianModels
) -> dict[str, list[tuple[tuple[str, ...], ReferenceName]]]:
    """First lemma → (lemma sequence, name) of every Russian reference name, longest first.

    A name is indexed by its lemmas and by its words as written: read alone, "Того" (Togo)
    lemmatises as the pronoun "тот", while in a sentence natasha reads it as a proper noun
    whose lemma is "того"."""
    index: dict[str, list[tuple[tuple[str, ...], ReferenceName]]] = {}
    for name in reference.in_language("ru"):
        if name.kind == "geonames" and " " not in name.alias and "-" not in name.alias:
            forms = [(_fold(name.alias),)]  # a one-word city name is its own lemma: no parse for 10,000 of them
        else:
            tokens = parse(name.alias, models, ner=False).tokens
            forms = [tuple(_fold(t.lemma or t.text) for t in tokens), tuple(_fold(t.text) for t in tokens)]
        for lemmas in dict.fromkeys(forms):
            if lemmas:
                index.setdefault(lemmas[0], []).append((lemmas, name))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def _mention(body: str, start: int, end: int, label: str, sentence: int, canonical: str, how: str) -> Mention | None:
    c_start, c_end = clean_span(body, start, end)
    surface = body[c_start:c_end]
    if not any(ch.isalpha() for ch in surface):
        return None
    return Mention(c_start, c_end, surface, start, end, body[start:end], label, entity_type(label), sentence,
                   canonical=canonical, resolution=how, latin_key=latin_key(canonical))  # fmt: skip


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)


def russian_mentions(body: str, doc: Any, reference: Reference, models: RussianModels) -> list[Mention]:
    """Mentions by strength of evidence, each kept only where nothing stronger lies:
    curated reference names, «quoted titles», natasha's spans, then GeoNames city names
    (weakest: "Артём" is a town and a first name, "Северный" a town and an adjective)."""
    starts = [s.start for s in doc.sents]
    tokens = doc.tokens
    lemmas = [_fold(t.lemma or t.text) for t in tokens]
    curated, cities = _reference_matches(body, tokens, lemmas, _alias_lemmas(reference, models), starts)
    found = list(curated)

    def free(start: int, end: int) -> bool:
        return not any(start < m.char_end and m.char_start < end for m in found)

    found += [m for m in _quoted_titles(body, tokens, lemmas, [], starts) if free(m.char_start, m.char_end)]
    for span in doc.spans:
        if free(span.start, span.stop):
            label = NATASHA_LABELS.get(span.type, "MISC")
            normal = span.normal or span.text
            if span.type == "ORG":
                normal = _head_normal(span, normal)
            elif span.type == "PER":
                normal = _person_normal(span, normal, models.morph_vocab, body)
            m = _mention(body, span.start, span.stop, label, _sentence_of(starts, span.start), normal, "self")
            if m and len(m.surface.split()) < len(span.text.split()):
                # clean_span cut the span (at a line break, before "(СКГМИ)"): so is its normal form
                normal = " ".join(normal.split()[: len(m.surface.split())])
                m = replace(m, canonical=normal, latin_key=latin_key(normal))
            if m:
                found.append(m)
    rules = russian_rules()
    found = _places_not_persons(found, cities, tokens, rules)
    found += [m for m in cities if free(m.char_start, m.char_end)]
    found = _typed_by_head(
        _with_first_names(_without_leading_verbs(found, tokens, models.morph_vocab), body, tokens), tokens, rules
    )
    found = _with_genitive_places(sorted(found, key=lambda m: m.char_start), body, tokens)
    found = _with_bracketed_abbreviations(body, found, tokens, starts, rules)
    found += _bare_surnames(body, tokens, found, starts)
    return _resolve_surnames(sorted(found, key=lambda m: m.char_start))


def _head_normal(span: Any, normal: str) -> str:
    """An organisation's name in the nominative: its words up to the head noun as natasha
    normalises them, the rest as written. Without a syntax parse natasha inflects every
    word ("Ассоциации виноделов Кубани" → "Ассоциация виноделы Кубань"); the words after
    the head are its genitive dependents and stay so ("Ассоциация виноделов Кубани")."""
    written, normalised = span.text.split(), normal.split()
    head = next((t for t in span.tokens if t.pos in ("NOUN", "PROPN")), None)
    if head is None or len(written) != len(normalised):
        return normal
    upto = len(span.text[: head.stop - span.start].split())
    return " ".join(normalised[:upto] + written[upto:])


def _person_normal(span: Any, normal: str, morph_vocab: Any, body: str) -> str:
    """A person's name in the nominative. natasha reads each word from its context; a name
    with none (a caption, a byline, a line of its own) gets guesses: "Яна Манакова" as a
    man's genitive, "Ян Манаков"; "Евгения Левицкая" as "Евгений Левицкая". A name alone
    on its line, or whose words' case or gender the tagger reads differently, is already
    nominative where every word can be a nominative of one gender (or is no noun the
    dictionary knows): it stays as written.
    Elsewhere, and where the tagger's readings agree ("у Яна Манакова"), its normal form
    stands. natasha's span may run over the line break; the words before it count."""
    line = span.text.split("\n", 1)[0]
    words = line.split()
    tokens = [t for t in span.tokens if t.start < span.start + len(line)]
    readings = {(t.feats.get("Case"), t.feats.get("Gender")) for t in tokens if t.feats.get("Case")}
    line_start = body.rfind("\n", 0, span.start) + 1  # 0 on the first line
    line_end = body.find("\n", span.start + len(line))
    after = body[span.start + len(line) : line_end if line_end >= 0 else len(body)]
    alone = not body[line_start : span.start].strip() and not after.strip()
    if len(words) < 2 or len(words) != len(tokens) or not (alone or len(readings) > 1):
        return normal
    for gender in ("Fem", "Masc"):
        if all(_can_be_nominative(word, gender, morph_vocab) for word in words):
            return line.strip()
    return normal


def _can_be_nominative(word: str, gender: str, morph_vocab: Any) -> bool:
    """``word`` can be a nominative of ``gender``, or the dictionary knows it as no noun at
    all (a rare surname, "Сомова", read as a short adjective): no evidence against."""
    parses = morph_vocab.parse(word)
    if not any(p.pos in ("NOUN", "PROPN") for p in parses):
        return True
    return any(p.feats.get("Case") == "Nom" and p.feats.get("Gender") == gender for p in parses)


def _tokens_in(tokens: list[Any], start: int, end: int) -> list[Any]:
    """The tokens within body[start:end] (natasha's tokens are in text order: bisected,
    as the rules ask this for every mention of a long article)."""
    return tokens[bisect_left(tokens, start, key=_start) : bisect_right(tokens, end, key=_stop)]


def _tokens_before(tokens: list[Any], at: int, count: int) -> list[Any]:
    """The last ``count`` tokens ending at or before ``at`` (bisected, not a copy of all before)."""
    end = bisect_right(tokens, at, key=_stop)
    return tokens[max(0, end - count) : end]


def _start(token: Any) -> int:
    return token.start


def _stop(token: Any) -> int:
    return token.stop


def _places_not_persons(found: list[Mention], cities: list[Mention], tokens: list[Any],
                        rules: RussianRules) -> list[Mention]:  # fmt: skip
    """A one-word "person" is a place after a word saying what kind of place it is ("реки
    Лены", "на солончаке Олароса": ``place_kinds``), or after "в"/"из" when it is a
    city's name ("в Сантьяго"): natasha reads unfamiliar place names as surnames. A
    person's name after "в" stays one where no city has that name."""
    at_start = {m.char_start: m for m in cities}
    out = []
    for m in found:
        before = _tokens_before(tokens, m.char_start, 1) if m.label == "PERSON" and " " not in m.surface else []
        if before:
            previous = before[-1]
            kind = rules.place_kinds.get(_fold(previous.lemma or previous.text))
            city = at_start.get(m.char_start)
            if kind is not None:
                inside = _tokens_in(tokens, m.char_start, m.char_end)
                name = (inside[0].lemma or inside[0].text).capitalize() if len(inside) == 1 else m.surface
                m = replace(m, label=kind, entity_type=entity_type(kind), canonical=name, latin_key=latin_key(name))
            elif city is not None and city.char_end == m.char_end and _fold(previous.text) in rules.place_prepositions:
                m = city
        out.append(m)
    return out


_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(?:ович|евич|ич|овн|евн|ичн|иничн)(?:а|у|ем|е|ом|ой|ы)?")


def _with_first_names(found: list[Mention], body: str, tokens: list[Any]) -> list[Mention]:
    """A person named with a patronymic starts one word before it: "Айдар Серикович
    Бекмуханов", where natasha tags the first name alone (as a place) and the rest as a
    person. A capitalised word right before a person's span that opens with a patronymic
    joins it, and a mention of that word alone goes."""
    by_end = {t.stop: t for t in tokens}
    out: list[Mention] = []
    first_names: list[tuple[int, int]] = []  # the words joined to a person
    for m in found:
        word = by_end.get(m.char_start - 1)
        if (m.label == "PERSON" and _PATRONYMIC.fullmatch(m.surface.split(" ", 1)[0]) and word is not None
                and body[word.stop : m.char_start] == " " and word.text[:1].isupper() and word.text.isalpha()):  # fmt: skip
            canonical = f"{(word.lemma or word.text).capitalize()} {m.canonical}"
            m = replace(m, char_start=word.start, surface=body[word.start : m.char_end], raw_start=word.start,
                        raw_surface=body[word.start : m.raw_end], canonical=canonical, latin_key=latin_key(canonical))  # fmt: skip
            first_names.append((word.start, word.stop))
        out.append(m)
    return [m for m in out if (m.char_start, m.char_end) not in first_names]


def _only_a_verb(word: str, morph_vocab: Any) -> bool:
    parses = morph_vocab.parse(word)
    return bool(parses) and all(p.pos == "VERB" for p in parses)


def _without_leading_verbs(found: list[Mention], tokens: list[Any], morph_vocab: Any) -> list[Mention]:
    """A person's name does not start with a verb: "Беседовала Дарья Ермолаева" (an
    interview's by-line, "interviewed by") is the model's span over the verb. Capitalised
    at the start of a line, the verb may be tagged a proper noun: a word the dictionary
    knows only as a verb is one."""
    out = []
    for m in found:
        inside = _tokens_in(tokens, m.char_start, m.char_end)
        if (
            m.label == "PERSON"
            and len(inside) >= 2
            and (inside[0].pos == "VERB" or _only_a_verb(inside[0].text, morph_vocab))
        ):
            start = inside[1].start
            words = m.canonical.split()
            canonical = " ".join(words[1:]) if len(words) == len(inside) else m.canonical
            m = replace(m, char_start=start, surface=m.surface[start - m.char_start :], canonical=canonical,
                        latin_key=latin_key(canonical))  # fmt: skip
        out.append(m)
    return out


def _typed_by_head(found: list[Mention], tokens: list[Any], rules: RussianRules) -> list[Mention]:
    """An organisation of the model's whose head noun names a facility is a place
    ("Софийского собора", "Международный аэропорт имени …", "Минск-Арене"): the head is the
    first noun, or a hyphenated word's last part."""
    out = []
    for m in found:
        if m.label == "ORG" and m.resolution == "self":
            nouns = [t for t in _tokens_in(tokens, m.char_start, m.char_end) if t.pos in ("NOUN", "PROPN")]
            head = _fold(nouns[0].lemma or nouns[0].text) if nouns else ""
            if head in rules.place_heads or head.rsplit("-", 1)[-1] in rules.place_heads:
                m = replace(m, label="FAC", entity_type=entity_type("FAC"))
        out.append(m)
    return out


def _with_genitive_places(found: list[Mention], body: str, tokens: list[Any]) -> list[Mention]:
    """An organisation followed by a place or an organisation in the genitive is one name:
    the body's name continues with whose it is ("Арбитражный суд" + "Новосибирской
    области", "МИД" + "Армении", "Следственное управление" + "СК России"), and a regional
    branch's with "по" and its region ("Управление ФСБ" + "по Приморскому краю"). natasha
    ends the organisation before them; the longest name wins, as in "Ministry of Culture
    of the Russian Federation"."""
    first_token = {t.start: t for t in tokens}
    out: list[Mention] = []
    for m in found:
        last = out[-1] if out else None
        token = first_token.get(m.char_start)
        gap = body[last.char_end : m.char_start] if last is not None else ""
        case = (token.feats or {}).get("Case") if token is not None else None
        if (last is not None and last.label == "ORG" and m.label in ("GPE", "LOC", "ORG")
                and ((gap == " " and case == "Gen") or (gap == " по " and case == "Dat" and m.label != "ORG"))):  # fmt: skip
            canonical = f"{last.canonical}{gap}{body[m.char_start : m.char_end]}"
            out[-1] = replace(last, char_end=m.char_end, surface=body[last.char_start : m.char_end],
                              raw_end=m.raw_end, raw_surface=body[last.raw_start : m.raw_end],
                              canonical=canonical, resolution="self", latin_key=latin_key(canonical))  # fmt: skip
            continue
        out.append(m)
    return out


def _capitalised_before(tokens: list[Any], at: int, sentence_starts: list[int], words: int = 6) -> bool:
    """A capitalised word (not the one opening its sentence) or a closing quote among the
    few words before ``at``, within its clause: a name the model missed ("на Лондонской
    бирже металлов (LME)") rather than a common phrase ("Весной она перешла на правильное
    питание (ПП)")."""
    before = _tokens_before(tokens, at, words)
    clause = []
    for token in reversed(before):
        if token.text in ".,;:!?":
            break
        clause.append(token)
    opening = set(sentence_starts)
    return any(t.text == "»" or (t.text[:1].isupper() and t.start not in opening) for t in clause)


def _continues_a_phrase(tokens: list[Any], start: int) -> bool:
    """The word before ``start`` is a noun or adjective: what starts there ends a longer phrase."""
    before = _tokens_before(tokens, start, 1)
    return bool(before) and before[-1].pos in ("NOUN", "ADJ", "PROPN")


def _with_bracketed_abbreviations(body: str, found: list[Mention], tokens: list[Any], starts: list[int],
                                  rules: RussianRules) -> list[Mention]:  # fmt: skip
    """A capital abbreviation in brackets after a name is that name ("Уральская медная
    компания» (УМК)", "Евразийский банк развития (ЕБРР)"), and so is every later use of it;
    natasha tags few abbreviations. With no name of ours right before the bracket, it is
    an organisation of its own if a capitalised word comes shortly before it. The model's
    spans that are a common abbreviation (СМИ) go."""
    found = [m for m in found if m.surface not in rules.not_name_acronyms]
    defined: dict[str, tuple[str, str]] = {}
    for bracket in _BRACKETED_ABBREVIATION.finditer(body):
        short = bracket.group(1)
        if sum(c.isupper() for c in short) < 2 or short in rules.not_name_acronyms:
            continue
        before = [m for m in found if m.label in NAME_LABELS and 0 <= bracket.start() - m.char_end <= 2]
        if before and before[-1].label in ("GPE", "LOC") and _continues_a_phrase(tokens, before[-1].char_start):
            before = []  # "Ассоциация туроператоров России (АТОР)": the bracket names the phrase, not the place
        if not before and not _capitalised_before(tokens, bracket.start(), starts):
            continue  # "правильным питанием (ПП)": a term's abbreviation, no name's
        label, canonical = (before[-1].label, before[-1].canonical) if before else ("ORG", short)
        defined.setdefault(short, (label, canonical))
    added: list[Mention] = []
    for short, (label, canonical) in defined.items():
        for use in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", body):
            start, end = use.span()
            if any(start < m.char_end and m.char_start < end and m.surface != short for m in found):
                continue  # part of a longer name
            found = [m for m in found if not (m.char_start == start and m.char_end == end)]
            mention = _mention(body, start, end, label, _sentence_of(starts, start), canonical,
                               "acronym" if canonical != short else "self")  # fmt: skip
            if mention:
                added.append(mention)
    return found + added


def _reference_matches(body: str, tokens: list[Any], lemmas: list[str],
                       index: dict[str, list[tuple[tuple[str, ...], ReferenceName]]],
                       starts: list[int]) -> tuple[list[Mention], list[Mention]]:  # fmt: skip
    """Reference names found by lemma sequence: (curated ones, GeoNames city names)."""
    curated: list[Mention] = []
    cities: list[Mention] = []
    i = 0
    while i < len(tokens):
        for sequence, name in index.get(lemmas[i], []):
            if name.kind == "geonames" and (not tokens[i].text[:1].isupper() or tokens[i].pos != "PROPN"):
                continue  # a city's name is a capitalised proper noun; "Глаза" (eyes) opening a sentence is no Glazov
            if len(sequence) == 1 and (
                tokens[i].pos in _FUNCTION_POS or (name.alias[:1].isupper() and not tokens[i].text[:1].isupper())
            ):
                continue  # "Тем не менее", "то решение": a pronoun that shares a lemma with "Того" (Togo)
            if tuple(lemmas[i : i + len(sequence)]) == sequence:
                start, end = tokens[i].start, tokens[i + len(sequence) - 1].stop
                m = _mention(body, start, end, name.label, _sentence_of(starts, start), name.alias, "reference")
                if m:
                    (cities if name.kind == "geonames" else curated).append(m)
                i += len(sequence) - 1
                break
        i += 1
    return curated, cities


def _quoted_titles(body: str, tokens: list[Any], lemmas: list[str], taken: list[tuple[int, int]],
                   starts: list[int]) -> list[Mention]:  # fmt: skip
    """«Titles» after a head noun ("фильма «Красный шёлк»") or opening with one ("«Кубка Волги»")."""
    heads = title_heads()
    index_at = {t.start: i for i, t in enumerate(tokens)}
    out = []
    for m in _QUOTED.finditer(body):
        start, end = m.start(1), m.end(1)
        if not m.group(1)[:1].isupper() or any(start < e and s < end for s, e in taken):
            continue
        quote = index_at.get(m.start())
        first = index_at.get(start)
        before = [lemmas[j] for j in range(max(0, (quote or 0) - 2), quote or 0)] if quote is not None else []
        label = next((heads[w] for w in reversed(before) if w in heads), None)
        canonical = m.group(1)
        if label is None and first is not None and lemmas[first] in heads:
            label = heads[lemmas[first]]  # "«Кубка Волги»": the head opens the title, in its case
            canonical = tokens[first].lemma.capitalize() + body[tokens[first].stop : end]
        if label:
            mention = _mention(body, start, end, label, _sentence_of(starts, start), canonical, "self")
            if mention:
                out.append(mention)
    return out


def _stem(surname: str) -> str:
    """The part of a surname no case ending changes ("Баланова" → "балано")."""
    return _fold(surname)[: max(4, len(surname) - 2)]


def _bare_surnames(body: str, tokens: list[Any], found: list[Mention], starts: list[int]) -> list[Mention]:
    """A person named in full is later named by surname alone, in any case ("Баланова",
    "Балановой"), which the model does not always tag: those tokens are mentions too."""
    taken = [(m.char_start, m.char_end) for m in found]
    stems = {}
    for m in found:
        words = m.canonical.split()
        if m.label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 4:
            stems[_stem(words[-1])] = m.canonical
    out = []
    for token in tokens:
        if not token.text[:1].isupper() or any(token.start < e and s < token.stop for s, e in taken):
            continue
        fits = {name for stem, name in stems.items() if _fold(token.text).startswith(stem)}
        if len(fits) == 1:
            (name,) = fits
            m = _mention(body, token.start, token.stop, "PERSON", _sentence_of(starts, token.start), name, "surname")
            if m:
                out.append(m)
    return out


def _resolve_surnames(mentions: list[Mention]) -> list[Mention]:
    """A one-word person ("Путина") points to the article's one full name ending in it."""
    full = {m.canonical for m in mentions if m.label == "PERSON" and len(m.canonical.split()) >= 2}
    out = []
    for m in mentions:
        if m.label == "PERSON" and len(m.canonical.split()) == 1:
            # by stem: natasha lemmatises a feminine surname to the masculine ("Баланову" →
            # "баланов") or leaves it inflected ("Балановой")
            word = _fold(m.surface)
            fits = sorted(n for n in full if word.startswith(_stem(n.split()[-1])))
            if len(fits) == 1:
                m = replace(m, canonical=fits[0], resolution="surname", latin_key=latin_key(fits[0]))
        out.append(m)
    return out
