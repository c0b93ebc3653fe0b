"""Event candidates: what a sentence reports as happening, with its date and actors.

A trigger is a verb or event noun of the taxonomy lexicon (DESIGN.md), found through
the dependency parse rather than by keyword spotting alone:

* the sentence's main trigger (highest in the tree) is always a candidate;
* another trigger is a candidate too when a date expression attaches to it, so
  "premiered in Russia on February 20, is set to hit Chinese theaters this
  September" gives two events with a date each;
* a light verb with an event noun as object takes the noun's type ("held a cultural
  exchange event" is a cultural event, "held talks" a meeting);
* carriers ("is slated for debut", "is scheduled for release") hand their date and
  status to the event noun they govern.

Each candidate keeps the character span of its clause and of its subject, so dbt can
find its participants among the entity mentions; a subject such as "the film" points
to the last work named before it in the article (``antecedent_start``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flows.annotate.dates import ResolvedDate, resolve_date
from flows.annotate.mentions import clean_span

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from flows.annotate.mentions import Mention

EVENT_TYPES = ("meeting", "agreement", "statement", "release", "production", "cultural_event", "appointment", "other")

# Lemma → event type. Verbs, and nouns that head a clause element.
LEXICON: dict[str, str] = {
    # meeting
    "meet": "meeting", "visit": "meeting", "talk": "meeting", "summit": "meeting", "discuss": "meeting",
    "discussion": "meeting", "meeting": "meeting", "attend": "meeting", "gathering": "meeting",
    "conversation": "meeting", "dialogue": "meeting", "negotiation": "meeting", "negotiate": "meeting",
    # agreement
    "sign": "agreement", "agree": "agreement", "agreement": "agreement", "memorandum": "agreement",
    "ratify": "agreement", "finalize": "agreement", "finalise": "agreement", "deal": "agreement", "pact": "agreement",
    # statement
    "say": "statement", "announce": "statement", "congratulate": "statement", "state": "statement",
    "emphasize": "statement", "emphasise": "statement", "note": "statement", "remark": "statement",
    "express": "statement", "stress": "statement", "declare": "statement", "tell": "statement",
    "add": "statement", "explain": "statement", "message": "statement", "letter": "statement",
    # release
    "premiere": "release", "release": "release", "screen": "release", "screening": "release", "debut": "release",
    "publish": "release", "launch": "release", "hit": "release", "gross": "release", "open": "release",
    # production
    "film": "production", "shoot": "production", "produce": "production", "co-produce": "production",
    "develop": "production", "production": "production", "filming": "production", "co-production": "production",
    # cultural_event
    "festival": "cultural_event", "exhibition": "cultural_event", "commemorate": "cultural_event",
    "celebrate": "cultural_event", "celebration": "cultural_event", "event": "cultural_event",
    "ceremony": "cultural_event", "concert": "cultural_event", "forum": "cultural_event",
    # appointment
    "appoint": "appointment", "elect": "appointment", "nominate": "appointment", "appointment": "appointment",
}  # fmt: skip

# Nouns that name a thing more often than a happening: "the film" is a work, not a shoot.
NOT_NOUN_TRIGGERS = frozenset({"film", "production", "co-production", "message", "letter"})
# Verbs whose object names the event ("held an event", "hosted talks").
LIGHT_VERBS = frozenset({"hold", "host", "organize", "organise", "stage", "attend", "launch", "begin", "start", "take"})
# Verbs that carry a date and status for an event noun they govern ("slated for debut").
CARRIERS = frozenset({"slate", "schedule", "set", "plan", "expect", "due", "begin", "start"})
_PLANNED_WORDS = frozenset({"will", "shall", "slate", "schedule", "plan", "set", "expect", "intend", "aim", "prepare"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CLAUSE_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "xcomp", "ccomp", "advcl"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
_ANAPHOR = re.compile(
    r"^(?:the|this|that) (?:film|movie|documentary|drama|series|picture|project|feature|production)\b", re.I
)


@dataclass(frozen=True)
class EventCandidate:
    sentence_index: int
    event_type: str
    trigger: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    status: str
    date_text: str | None
    event_date: date | None
    date_precision: str | None
    date_method: str | None
    place: str | None
    clause_start: int
    clause_end: int
    subject_start: int | None
    subject_end: int | None
    antecedent_start: int | None


def lemma(tok: Token, vocabulary: frozenset[str] | dict[str, str] = LEXICON) -> str:
    """The token's lemma, repaired where the small model gets it wrong ("premiered" → "premier",
    "slated" → "slat") by trying the regular inflections of its text against ``vocabulary``."""
    base = tok.lemma_.lower()
    if base in vocabulary:
        return base
    text = tok.lower_
    for form in (text, text[:-1], text[:-2], text[:-3] + "e", text[:-3], text[:-2] + "e"):
        if form in vocabulary:
            return form
    return base


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _is_trigger(tok: Token) -> bool:
    """A lexicon verb, or a lexicon common noun heading a clause element (not part of a name)."""
    if lemma(tok) not in LEXICON:
        return False
    return tok.pos_ == "VERB" or (
        tok.pos_ == "NOUN" and tok.dep_ in _CLAUSE_DEPS and lemma(tok) not in NOT_NOUN_TRIGGERS
    )


def _event_type(trigger: Token) -> str:
    """The trigger's type; a light verb takes the type of the event noun it governs."""
    if lemma(trigger, LIGHT_VERBS) in LIGHT_VERBS:
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass", "nsubj") and lemma(child) in LEXICON and child.pos_ == "NOUN":
                return LEXICON[lemma(child)]
    return LEXICON[lemma(trigger)]


def _status(trigger: Token, sentence: Span) -> str:
    """planned for will/slated/set to/plans/being developed; occurred for past tense; else reported."""
    chain = [trigger, *trigger.ancestors][:4]
    for tok in chain:
        for child in [tok, *tok.children]:
            planning_word = lemma(child, _PLANNED_WORDS) in _PLANNED_WORDS and (
                child.dep_ in ("aux", "ROOT", "xcomp", "auxpass") or child is tok
            )
            # "set" only plans in "is set to"; "set up" or "set a record" does not.
            if planning_word and (
                child.lower_ != "set" or any(c.lower_ == "to" for c in child.children) or child.tag_ == "VBN"
            ):
                return "planned"
        if any(c.dep_ == "auxpass" for c in tok.children) and any(c.lower_ == "being" for c in tok.children):
            return "planned"
        if tok.dep_ in ("relcl", "ROOT", "ccomp", "advcl"):
            break  # the status of an outer clause does not carry into this one
    if trigger.tag_ == "VBD" or (trigger.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in trigger.children)):
        return "occurred"
    if trigger.pos_ != "VERB" and any(t.tag_ == "VBD" for t in trigger.ancestors):
        return "occurred"
    return "reported"


def find_trigger(sentence: Span) -> Token | None:
    """The lexicon token highest in the parse: the main thing the sentence reports."""
    candidates = [(_depth(t), 0 if t.pos_ == "VERB" else 1, t.i, t) for t in sentence if _is_trigger(t)]
    return min(candidates)[3] if candidates else None


def _governed_trigger(verb: Token) -> Token | None:
    """A trigger within two steps below a carrier verb ("slated for debut" → debut)."""
    for child in verb.children:
        if _is_trigger(child):
            return child
        for grandchild in child.children:
            if _is_trigger(grandchild):
                return grandchild
    return None


def attach_dates(sentence: Span, skip_before: int = 0, ents: list[Span] | None = None) -> dict[int, list[Span]]:
    """Token index of a trigger → the DATE spans that its clause governs.

    Dates before ``skip_before`` (the dateline) date the article, not an event. ``ents``
    are the sentence's entities when the caller has them (``Span.ents`` scans the whole
    document's entities on every call, which is quadratic on a long text).
    """
    attached: dict[int, list[Span]] = {}
    for ent in sentence.ents if ents is None else ents:
        if ent.label_ != "DATE" or ent.start_char < skip_before:
            continue
        for ancestor in ent.root.ancestors:
            target = ancestor if _is_trigger(ancestor) else None
            if target is None and ancestor.pos_ in ("VERB", "AUX", "ADJ"):
                target = _governed_trigger(ancestor)
            if target is not None:
                attached.setdefault(target.i, []).append(ent)
                break
    return attached


def _clause_root(trigger: Token) -> Token:
    """The verb whose clause the trigger reports (the carrier for a governed noun)."""
    root = trigger
    if trigger.pos_ != "VERB":
        for ancestor in list(trigger.ancestors)[:3]:
            if ancestor.pos_ in ("VERB", "AUX"):
                root = ancestor
                break
    return root


def _subject(root: Token) -> Span | None:
    """The clause's subject, or the noun a relative clause describes ("'Red Silk', which premiered")."""
    head = root
    while head.dep_ in ("conj", "xcomp") and head.head is not head:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            break
        head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent") and child.lower_ not in _RELATIVE_PRONOUNS:
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    if head.dep_ in ("relcl", "acl") and head.head is not head:
        noun = head.head  # the described noun phrase, up to where the relative clause starts
        return noun.doc[noun.left_edge.i : max(noun.i + 1, head.left_edge.i)]
    return None


def _antecedent(subject: Span | None, mentions: list[Mention]) -> int | None:
    """For "the film …", the start offset of the last work named before it."""
    if subject is None or not _ANAPHOR.match(subject.text):
        return None
    works = [m for m in mentions if m.label == "WORK_OF_ART" and m.char_end <= subject.start_char]
    return works[-1].char_start if works else None


def _place(ents: list[Span], start: int, end: int, body: str) -> str | None:
    """A place the clause says the event happened in or at ("held talks in Beijing").

    Any other place in the clause ("the Soviet Union's war") is not where it happened.
    """
    for ent in ents:
        inside = ent.label_ in _PLACE_LABELS and start <= ent.start_char and ent.end_char <= end
        if inside and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "at", "inside"):
            s, e = clean_span(body, ent.start_char, ent.end_char)
            return body[s:e]
    return None


def event_candidates(
    sentence: Span,
    sentence_index: int,
    published: date | None,
    dateline_place: str | None,
    mentions: list[Mention] | None = None,
    dateline_end: int = 0,
    ents: list[Span] | None = None,
    body: str | None = None,
) -> list[EventCandidate]:
    """Every event the sentence reports: its main trigger, plus triggers with their own date."""
    main = find_trigger(sentence)
    if main is None:
        return []
    ents = list(sentence.ents) if ents is None else ents
    dates = attach_dates(sentence, dateline_end, ents)
    triggers = sorted({main.i, *dates}, key=lambda i: i)
    body = sentence.doc.text if body is None else body  # Doc.text rebuilds the whole text: pass it in
    out = []
    for index in triggers:
        trigger = sentence.doc[index]
        status = _status(trigger, sentence)
        resolved: ResolvedDate | None = None
        for ent in dates.get(index, []):
            candidate = resolve_date(ent.text, published, planned=status == "planned")
            if resolved is None or (resolved.value is None and candidate.value is not None):
                resolved = candidate
        root = _clause_root(trigger)
        clause = sentence.doc[root.left_edge.i : root.right_edge.i + 1]
        subject = _subject(root)
        out.append(
            EventCandidate(
                sentence_index=sentence_index,
                event_type=_event_type(trigger),
                trigger=trigger.text,
                trigger_lemma=lemma(trigger),
                trigger_start=trigger.idx,
                trigger_end=trigger.idx + len(trigger.text),
                status=status,
                date_text=resolved.text if resolved else None,
                event_date=resolved.value if resolved else None,
                date_precision=resolved.precision if resolved else None,
                date_method=resolved.method if resolved else None,
                place=_place(ents, clause.start_char, clause.end_char, body) or dateline_place,
                clause_start=clause.start_char,
                clause_end=clause.end_char,
                subject_start=subject.start_char if subject is not None else None,
                subject_end=subject.end_char if subject is not None else None,
                antecedent_start=_antecedent(subject, mentions or []),
            )
        )
    # An undated candidate of the same type as a dated one in this sentence is the same report.
    dated_types = {c.event_type for c in out if c.date_text}
    return [c for c in out if c.date_text or c.event_type not in dated_types]
