"""Tone: how good or bad the news in a sentence reads, GDELT's AvgTone for this warehouse.

Every English sentence and quote gets VADER's compound score, on one scale: -1 (most
negative) to +1 (most positive), 0 neutral; VADER's own cut-offs call a score above +0.05
positive and below -0.05 negative. dbt averages sentences into an article's tone and
reporting sentences into an event's.

VADER's lexicon was built from social-media text, so ``vocab/tone.yml`` corrects it for
news (words it lacks, such as "earthquake", and words it misreads in names and terms, such
as "party" or "interest"). Names are not tone either: the mentions in a sentence are
masked before it is scored, so "Peace Corps" or "Liberty Bank" add nothing.

Only English has a lexicon here: other languages get no number and a reason
(``tone_method``), never a made-up score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

SCALE = "VADER compound: -1 (most negative) to +1 (most positive); 0 is neutral"
METHOD = "vader+news"  # tone_method of a scored document
DEFAULT_VOCABULARY = Path(__file__).parent / "vocab" / "tone.yml"
_MASK = "someone"  # stands where a name was: a word VADER gives no valence
_UP, _DOWN = "newsgoodchange", "newsbadchange"  # stand for a verb moving a quantity the good or bad way

if not Doc.has_extension("sentence_tones"):
    Doc.set_extension("sentence_tones", default=None)


def not_scored(language: str | None) -> str:
    """The recorded reason a document has no tone."""
    return f"none: no sentiment lexicon for language '{language or 'unknown'}'"


@dataclass(frozen=True)
class ToneVocabulary:
    """vocab/tone.yml: corrections to VADER's lexicon and the words of quantity changes."""

    corrections: dict[str, float] = field(default_factory=dict)  # word -> valence; 0 removes the word
    change_valence: float = 0.0
    up_verbs: frozenset[str] = frozenset()
    down_verbs: frozenset[str] = frozenset()
    measure_words: frozenset[str] = frozenset()
    good_quantities: frozenset[str] = frozenset()
    bad_quantities: frozenset[str] = frozenset()


def load_vocabulary(path: str | Path | None = None) -> ToneVocabulary:
    """Read and check a tone vocabulary file (the packaged one by default)."""
    data = yaml.safe_load(Path(path or DEFAULT_VOCABULARY).read_text(encoding="utf-8")) or {}
    lexicon = data.get("lexicon") or {}
    valence = data.get("change_valence", 0.0)
    bad = {w: v for w, v in [*lexicon.items(), ("change_valence", valence)]
           if not isinstance(v, int | float) or not -4 <= v <= 4}  # fmt: skip
    if bad:
        raise ValueError(f"tone vocabulary: valences must be numbers from -4 to 4: {bad}")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return ToneVocabulary({str(w).lower(): float(v) for w, v in lexicon.items()}, float(valence),
                          words("up_verbs"), words("down_verbs"), words("measure_words"),
                          words("good_quantities"), words("bad_quantities"))  # fmt: skip


def masked(text: str, spans: Iterable[tuple[int, int]], replacements: Iterable[tuple[int, int, str]] = ()) -> str:
    """``text`` with each (start, end) span, relative to ``text``, replaced by a neutral word,
    and each (start, end, word) replaced by that word. Overlapping spans: the first wins."""
    edits = sorted([(a, b, _MASK) for a, b in spans] + list(replacements))
    out, at = [], 0
    for start, end, word in edits:
        if start < at or start >= end:
            continue
        out += [text[at:start], word]
        at = end
    out.append(text[at:])
    return "".join(out)


def _quantity_words(token: Token, vocabulary: ToneVocabulary) -> tuple[str | None, list[Token]]:
    """('good' | 'bad' | None, the tokens naming the quantity) for a verb's subject or object."""
    head = token
    if token.lemma_.lower() in vocabulary.measure_words:  # "the number of deaths", "the rate of infections"
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [g for c in of for g in c.children if g.dep_ == "pobj"]
        if objects:
            head = objects[0]
    modifiers = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    candidates = [(f"{m.lower_} {head.lower_}", [m, head]) for m in modifiers]
    candidates += [(f"{m.lower_} {head.lemma_.lower()}", [m, head]) for m in modifiers]
    candidates += [(head.lower_, [head]), (head.lemma_.lower(), [head])]
    candidates += [(m.lower_, [m]) for m in modifiers]  # "the unemployment rate": the quantity is the modifier
    for phrase, tokens in candidates:
        if phrase in vocabulary.good_quantities:
            return "good", tokens if head is token else [*tokens, token]
        if phrase in vocabulary.bad_quantities:
            return "bad", tokens if head is token else [*tokens, token]
    return None, []


def quantity_changes(sent: Span, vocabulary: ToneVocabulary) -> list[tuple[int, int, str]]:
    """Edits (start, end, word) into the document that make a moving quantity carry its tone.

    The verb becomes a word worth ``change_valence`` (plus or minus) and the quantity's own
    words are masked, so "Losses narrowed" reads as good news and "Exports fell" as bad.
    """
    if not vocabulary.change_valence:
        return []
    edits = []
    for verb in sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") or lemma not in vocabulary.up_verbs | vocabulary.down_verbs:
            continue
        up = lemma in vocabulary.up_verbs
        for arg in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")):
            kind, tokens = _quantity_words(arg, vocabulary)
            if kind is None:
                continue
            good_news = up == (kind == "good")
            edits.append((verb.idx, verb.idx + len(verb.text), _UP if good_news else _DOWN))
            edits += [(t.idx, t.idx + len(t.text), _MASK) for t in tokens]
            break
    return edits


class ToneScorer:
    """VADER with the news vocabulary; one per process (building it reads VADER's lexicon file)."""

    def __init__(self, vocabulary: ToneVocabulary | None = None) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.vocabulary = vocabulary or ToneVocabulary()
        self._vader = SentimentIntensityAnalyzer()
        corrections = self.vocabulary.corrections
        self._vader.lexicon.update({w: v for w, v in corrections.items() if v != 0})
        for word in [w for w, v in corrections.items() if v == 0]:
            self._vader.lexicon.pop(word, None)
        if self.vocabulary.change_valence:
            self._vader.lexicon[_UP] = abs(self.vocabulary.change_valence)
            self._vader.lexicon[_DOWN] = -abs(self.vocabulary.change_valence)

    def score(self, text: str, names: Iterable[tuple[int, int]] = (),
              replacements: Iterable[tuple[int, int, str]] = ()) -> float | None:  # fmt: skip
        """Compound tone of ``text`` with the ``names`` spans masked and ``replacements`` made
        (offsets relative to ``text``); None when there are no words."""
        text = masked(text, names, replacements)
        if not any(c.isalpha() for c in text):
            return None
        return round(float(self._vader.polarity_scores(text)["compound"]), 4)

    def score_span(self, sent: Span, names: Iterable[tuple[int, int]] = ()) -> float | None:
        """Tone of a parsed sentence: names (document offsets) masked, moving quantities read."""
        start = sent.start_char
        edits = [(a - start, b - start, w) for a, b, w in quantity_changes(sent, self.vocabulary)]
        return self.score(sent.text, [(a - start, b - start) for a, b in names], edits)

    def __call__(self, doc: Doc) -> Doc:
        """As a pipeline component: ``doc._.sentence_tones``, one score per sentence."""
        doc._.sentence_tones = [self.score_span(s, [(e.start_char, e.end_char) for e in s.ents]) for s in doc.sents]
        return doc


@Language.factory("news_tone", default_config={"vocabulary_path": None})
def make_tone_scorer(nlp: Language, name: str, vocabulary_path: str | None) -> ToneScorer:
    return ToneScorer(load_vocabulary(vocabulary_path))
