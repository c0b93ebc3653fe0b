"""Event triggers: what a sentence reports as happening, as a spaCy component.

The component (``news_events``) reads the dependency parse with the vocabulary of
``vocab/events.yml`` and stores one :class:`EventTrigger` per reported happening in
``doc._.event_triggers``. It knows only language: publication dates, datelines and the
article's other events are applied afterwards by :func:`event_candidates`.

* A trigger is a lexicon verb, or a lexicon noun heading a clause element, whose *sense*
  fits its arguments: "hit" is a release only with a venue ("hit theaters"), an assault
  with a weapon or target, and nothing with "a record".
* The sentence's highest trigger is a candidate; so is any other trigger that has its own
  date or is coordinated with a different kind of happening ("met … and signed …").
* A light verb with an event noun takes the noun's type ("held talks"); a carrier verb
  hands its date and status to the noun it governs ("is slated for debut").
* Speech verbs are attribution, not happenings, and a date on them dates the report
  ("media reported on Monday that the talks ended on Sunday": Sunday).
* Questions, opinions, habitual or generic present, negated and hypothetical clauses
  keep a ``modality`` other than ``asserted`` and never become events.

flows/annotate/happenings.py then resolves the triggers against their article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from flows.annotate.event_vocabulary import EventVocabulary, load_vocabulary
from flows.annotate.mentions import clean_span

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

if not Doc.has_extension("event_triggers"):
    Doc.set_extension("event_triggers", default=None)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "EVENT"})
# where an event noun heads a clause element ("the talks ended", "held talks"); a noun in a
# prepositional phrase only counts when a carrier governs it or it is specific (_specific_or_carried)
_NOUN_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "prt", "compound", "amod", "oprd", "poss",
                       "npadvmod", "acomp", "nmod"})  # fmt: skip
_TARGET_PREPS = frozenset({"with", "to", "against", "on", "at"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
_SUMMARY_WORDS = 14
_STOP_POS = frozenset({"DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "PUNCT", "PART", "SPACE", "SYM", "X", "NUM"})
_CLAUSE_HEADS = frozenset({"ROOT", "conj", "advcl", "relcl", "ccomp", "pcomp"})
_SPEAKER_LABEL = re.compile(r"^\s*(?:[A-Z][\w.'-]*\s+){0,2}[A-Z][\w.'-]*\s*:\s+")
ANAPHOR_WORK = re.compile(
    r"^(?:the|this|that) (?:film|movie|documentary|drama|series|picture|project|feature|production|book|album)\b", re.I
)


@dataclass(frozen=True)
class EventTrigger:
    """A happening a sentence reports, as language gives it (no publication context yet)."""

    sentence_index: int
    event_type: str
    trigger: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    status_cue: str  # planned | occurred | reported, from tense and planning words
    modality: str  # asserted | question | negated | hypothetical | opinion | habitual | generic
    dates: tuple[tuple[int, int, str, str], ...]  # (start, end, text, "start"|"end") DATE spans of its own clause
    place: str | None
    clause_start: int
    clause_end: int
    actor_start: int | None
    actor_end: int | None
    target_start: int | None
    target_end: int | None
    anaphoric: bool  # "the event", "the talks": continues a happening already reported
    summary: str
    keywords: tuple[str, ...]


# --- the parse, read with the vocabulary -------------------------------------------------


def lemma(tok: Token, vocabulary: frozenset[str] | dict[str, object]) -> str:
    """The token's lemma, repaired where the small model gets it wrong ("premiered" → "premier",
    "slated" → "slat") by trying the regular inflections of its text against ``vocabulary``."""
    base = tok.lemma_.lower()
    if base in vocabulary:
        return base
    text = tok.lower_
    forms = (
        (text, text[:-1])
        if tok.pos_ in ("NOUN", "PROPN")
        else (  # "visitors" is no "visit"
            text,
            text[:-1],
            text[:-2],
            text[:-3] + "e",
            text[:-3],
            text[:-2] + "e",
            text[:-3] + "y",
        )
    )
    for form in forms:
        if form in vocabulary:
            return form
    return base


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:  # spaCy makes a new Token object per access: compare indices
        token, depth = token.head, depth + 1
    return depth


def _arguments(tok: Token) -> list[Token]:
    """The tokens a sense restriction looks at: subject, objects, prepositional objects, modifiers."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in _ARG_DEPS:
            out.append(child)
            out.extend(c for c in child.children if c.dep_ in ("conj", "compound", "amod", "nmod"))
            if child.dep_ == "dobj":  # "paid 1.2 billion euros for the company"
                out.extend(g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
        elif child.dep_ in ("prep", "agent"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if tok.dep_ in ("relcl", "acl") and tok.head.i != tok.i:
        out.append(tok.head)  # "'Red Silk', which premiered …": the described noun
    if tok.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        out.extend(c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass"))  # "is set to hit …"
    if tok.pos_ == "NOUN" and tok.head.i != tok.i and tok.dep_ in ("dobj", "nsubjpass", "pobj"):
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        out.extend(c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i != tok.i)
    return out


def _argument_words(tok: Token) -> set[str]:
    words: set[str] = set()
    for arg in _arguments(tok):
        words.add(arg.lemma_.lower())
        words.add(arg.lower_)
        if arg.ent_type_:
            words.add(arg.ent_type_)
    return words


def trigger_type(tok: Token, vocab: EventVocabulary) -> str | None:
    """The event type of the token's fitting sense, or None when it is no trigger here."""
    if tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in vocab.nouns:
        senses = vocab.nouns[tok.lower_]  # "Filming of the series began": a gerund naming the happening
    elif tok.pos_ == "VERB":
        senses = vocab.verbs.get(lemma(tok, vocab.verbs))
    elif tok.pos_ == "NOUN" and tok.dep_ in _NOUN_DEPS and tok.ent_type_ in ("", "DATE", "EVENT"):
        senses = vocab.nouns.get(lemma(tok, vocab.nouns))
        if senses and tok.dep_ == "pobj" and not _specific_or_carried(tok, vocab):
            senses = None
    else:
        senses = None
    if not senses or (tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in vocab.topic_prepositions):
        return None  # "questions about the takeover", "talks about screening the film": a topic
    words = _argument_words(tok)
    for sense in senses:
        if sense.args is not None and not (words & sense.args):
            continue
        if words & sense.not_args:
            continue
        return sense.event_type
    return None


def _specific_or_carried(noun: Token, vocab: EventVocabulary) -> bool:
    """An event noun in a prepositional phrase reports a happening when a carrier governs it
    ("slated for debut", "arrived for talks") or it is specific: it names who, where or when
    ("after Volkov's talks in Beijing", "after the attack on March 11"). "During the visit"
    only refers back."""
    verb = noun.head.head
    if noun.head.i != noun.i and lemma(verb, vocab.carriers) in vocab.carriers:
        return True
    # a plural with no determiner is several happenings: places alone do not single one out
    # ("shown at festivals in Toronto and Busan"); a date or a named participant does
    unspecific = ("ORDINAL", "CARDINAL", "QUANTITY", "PERCENT")
    if noun.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in noun.children):
        unspecific += ("GPE", "LOC", "FAC")
    return any(t.ent_type_ and t.ent_type_ not in unspecific and t.i != noun.i for t in noun.subtree)


def _light_verb_type(tok: Token, vocab: EventVocabulary) -> str | None:
    """A light verb's type is that of the event noun it governs ("held talks", "signed a deal")."""
    if lemma(tok, vocab.light_verbs) not in vocab.light_verbs:
        return None
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr") and child.pos_ == "NOUN":
            found = trigger_type(child, vocab)
            if found:
                return found
    return None


def _clause_root(trigger: Token) -> Token:
    """The verb whose clause the trigger reports (the carrier or light verb for a noun)."""
    if trigger.pos_ != "VERB":
        for ancestor in list(trigger.ancestors)[:3]:
            if ancestor.pos_ in ("VERB", "AUX"):
                return ancestor
    return trigger


def _status_cue(trigger: Token, vocab: EventVocabulary) -> str:
    """planned for will/slated/set to/plans/being developed; occurred for past tense; else reported."""
    chain = [trigger, *trigger.ancestors][:4]
    for tok in chain:
        for child in [tok, *tok.children]:
            planning_word = lemma(child, vocab.planned_words) in vocab.planned_words and (
                child.dep_ in ("aux", "ROOT", "xcomp", "auxpass", "amod") or child.i == tok.i
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
    root = _clause_root(trigger)
    if trigger.pos_ != "VERB" and (root.tag_ == "VBD" or any(t.tag_ == "VBD" for t in trigger.ancestors)):
        return "occurred"
    if any(c.lemma_ == "have" and c.dep_ == "aux" for c in root.children) and root.tag_ == "VBN":
        return "occurred"
    return "reported"


def _under_reporting(tok: Token, vocab: EventVocabulary) -> bool:
    return any(lemma(a, vocab.reporting_verbs) in vocab.reporting_verbs for a in list(tok.ancestors)[:4])


def modality(trigger: Token, sentence: Span, vocab: EventVocabulary, dated: bool, cue: str) -> str:
    """Whether the clause asserts a happening, and if not, why not."""
    text = sentence.text.strip()
    lowered = text.lower()
    if trigger.head.lower_ == "since" and trigger.dep_ in ("pcomp", "pobj") and not dated:
        return "background"  # "since taking office": a time reference, not news ("since opening
        # last week" is dated, and an old date is background by its age, see happenings.py)
    if text.endswith("?") or lowered.startswith(vocab.question_prefixes):
        return "question"
    root = _clause_root(trigger)
    scope = [trigger, root] if root.i != trigger.i else [trigger]
    for tok in scope:
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated"
            if child.dep_ == "aux" and child.lower_ in vocab.hypothetical_modals:
                if child.lower_ == "would" and _under_reporting(tok, vocab):
                    continue  # "said the film would premiere in May": a reported plan
                return "hypothetical"
    for tok in [root, *list(root.ancestors)[:4]]:
        if tok.dep_ in ("advcl", "ROOT", "ccomp", "conj") and any(
            c.dep_ == "mark" and c.lower_ in vocab.hypothetical_marks for c in tok.children
        ):
            return "hypothetical"
    if _forecast(trigger, vocab):
        return "opinion"
    for ancestor in list(root.ancestors)[:4]:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in ancestor.children)
        if lemma(ancestor, vocab.opinion_verbs) in vocab.opinion_verbs and not passive:
            return "opinion"
    if (
        trigger.pos_ == "NOUN"
        and trigger.dep_ == "nsubj"
        and trigger.head.lemma_ == "be"
        and any(c.dep_ in ("acomp", "attr") for c in trigger.head.children)
    ):
        return "opinion"  # "the talks were frank": a judgement of a happening, not a report of one
    clause = lowered if root.dep_ == "ROOT" else root.doc[root.left_edge.i : root.right_edge.i + 1].text.lower()
    words = set(re.findall(r"[a-z]+", clause))
    if (
        words & vocab.habitual_words
        or any(p in clause for p in vocab.habitual_phrases)
        or any(p.search(clause) for p in vocab.habitual_patterns)
    ):
        return "habitual"
    if words & vocab.background_words and not dated:
        return "background"  # "have previously collaborated on film": history, no happening
    if _bare_plural(trigger, vocab) and not dated:
        return "generic"  # "would prioritise agreements on lithium": no particular happening
    present = root.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
    if present and not dated and cue == "reported":
        return "generic"
    return "asserted"


def _forecast(trigger: Token, vocab: EventVocabulary) -> bool:
    """A warning of what could happen is a forecast, not a threat: "tariffs could follow,
    analysts warned", "he warned that talks might collapse". "Warned it would retaliate"
    stays a threat: the speaker is the one who would act."""
    if lemma(trigger, vocab.forecast_verbs) not in vocab.forecast_verbs:
        return False
    speaker = _subject(trigger)
    for clause in (c for c in trigger.children if c.dep_ in ("ccomp", "advcl", "parataxis")):
        modal = any(
            c.dep_ == "aux" and c.lower_ in vocab.hypothetical_modals and c.lower_ != "will" for c in clause.children
        )
        marked = any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in vocab.hypothetical_marks for m in c.children)
            for c in clause.children
        )
        if not (modal or marked):
            continue
        actor = _subject(clause)
        same = (
            speaker is not None
            and actor is not None
            and (
                (actor.pos_ == "PRON" and actor.lower_ not in ("this", "that", "there") and actor.dep_ != "expl")
                or actor.lower_ == speaker.lower_
                or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in actor.children)
            )
        )  # "warned it would retaliate", "warned his fighters would attack": the speaker's own act
        if not same:
            return True
    return False


def _bare_plural(noun: Token, vocab: EventVocabulary) -> bool:
    """A plural event noun with no determiner, owner or name, and no light verb or carrier over it."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in noun.children):
        return False
    if any(t.ent_type_ and t.i != noun.i for t in noun.subtree):
        return False
    governing = {*vocab.light_verbs, *vocab.carriers}
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    return lemma(verb, governing) not in governing


def _governed_trigger(verb: Token, triggers: dict[int, str]) -> Token | None:
    """The nearest trigger below a verb that is none itself, within three steps: a carrier's
    noun ("slated for debut"), or the happening an announcement wraps ("announced on
    Thursday that it has signed an agreement to acquire X")."""
    level = list(verb.children)
    for _ in range(3):
        found = [t for t in level if t.i in triggers]
        if found:
            return min(found, key=lambda t: abs(t.i - verb.i))
        level = [c for t in level for c in t.children]
    return None


_UNTIL = frozenset({"until", "till", "through", "thru"})


def attach_dates(sentence: Span, ents: list[Span], triggers: dict[int, str], vocab: EventVocabulary) -> dict[int, list[tuple[Span, str]]]:  # fmt: skip
    """Token index of a trigger → the DATE spans its own clause governs, each a "start" or an "end".

    A date governed by a speech verb dates the report, not the happening, and is dropped.
    "until June 9" and a date on an ending verb ("the visit ended on Wednesday") end it.
    """
    attached: dict[int, list[tuple[Span, str]]] = {}
    for ent in ents:
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        role = "end" if (head.dep_ == "prep" and head.lower_ in _UNTIL) or (
            ent.text.lower().split()[:1] in (["until"], ["till"], ["through"])) else "start"  # fmt: skip
        for ancestor in ent.root.ancestors:
            if ancestor.i in triggers:
                if lemma(ancestor, vocab.ending_verbs) in vocab.ending_verbs:
                    role = "end"
                attached.setdefault(ancestor.i, []).append((ent, role))
                break
            if lemma(ancestor, vocab.reporting_verbs) in vocab.reporting_verbs:
                break
            if ancestor.pos_ in ("VERB", "AUX", "ADJ"):
                target = _governed_trigger(ancestor, triggers)
                if target is not None:
                    if lemma(ancestor, vocab.ending_verbs) in vocab.ending_verbs:
                        role = "end"
                    attached.setdefault(target.i, []).append((ent, role))
                    break
    return attached


def _subject(root: Token) -> Token | None:
    """The clause's subject token, or the noun a relative clause describes ("'Red Silk', which premiered")."""
    head = root
    while head.dep_ in ("conj", "xcomp") and head.head.i != head.i:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            break
        head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj") and child.lower_ not in _RELATIVE_PRONOUNS:
            return child
    if head.dep_ == "acl" and head.tag_ == "VB" and head.head.head.i != head.head.i:
        return _subject(head.head.head)  # "the company signed an agreement to acquire X": the company
    if head.dep_ in ("relcl", "acl") and head.head.i != head.i:
        return head.head
    return None


def _span_of(tok: Token, stop: Token | None = None) -> tuple[int, int]:
    """The characters of a token's subtree, cut before a relative clause that starts after it."""
    doc = tok.doc
    end = tok.right_edge.i
    for child in tok.children:
        if child.dep_ in ("relcl", "acl") and child.i > tok.i:
            end = min(end, child.left_edge.i - 1)
    if stop is not None and tok.left_edge.i <= stop.i <= end:
        end = max(tok.i, stop.i - 1)
    end = max(end, tok.i)
    return doc[tok.left_edge.i].idx, doc[end].idx + len(doc[end].text)


def _roles(trigger: Token, root: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(actor span, target span): who did it, and to or with whom.

    Active subject or passive agent acts; direct object, passive subject or the object of
    "with/to/against" is the target. For a noun trigger ("held talks with X") the light
    verb's subject acts and the noun's own "with" phrase names the target.
    """
    actor = target = None
    subject = _subject(root)
    passive = any(c.dep_ == "auxpass" for c in root.children) or (subject is not None and subject.dep_ == "nsubjpass")
    if subject is not None:
        span = _span_of(subject, stop=root if subject.i < root.i else None)
        if passive:
            target = span
        else:
            actor = span
    for tok in {trigger, root}:
        for child in tok.children:
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    actor = _span_of(pobj)
            elif child.dep_ in ("dobj", "dative") and target is None and child is not trigger:
                target = _span_of(child)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS and target is None:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC"):
                    target = _span_of(pobj)
    return actor, target


def _place(trigger: Token, root: Token, ents: list[Span], sentence: Span) -> str | None:
    """A place the clause says the happening was in or at ("held talks in Beijing").

    Only a place hanging from the trigger's own clause by "in/at": "the Soviet Union's war"
    names a place without saying where anything happened.
    """
    heads = {trigger.i, root.i} | {t.i for t in trigger.children}
    for ent in ents:
        if ent.label_ not in _PLACE_LABELS or ent.root.dep_ != "pobj":
            continue
        prep = ent.root.head
        # the parser may hang "in Harbin" on "from June 3": climb through prepositions and dates
        head, steps = prep.head, 0
        while head.i not in heads and steps < 4 and (head.pos_ == "ADP" or head.ent_type_ in ("DATE", "TIME")):
            head, steps = head.head, steps + 1
        if prep.lower_ in ("in", "at", "inside", "near") and head.i in heads:
            text, offset = sentence.text, sentence.start_char  # Doc.text would rebuild the whole document
            s, e = clean_span(text, ent.start_char - offset, ent.end_char - offset)
            return text[s:e]
    return None


def _phrase_tokens(tok: Token) -> list[Token]:
    """The noun phrase of ``tok`` without its prepositional, relative and appositive tails."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("prep", "relcl", "acl", "advcl", "punct", "cc", "appos"))
    return sorted(out, key=lambda t: t.i)


def _compact(tok: Token | None, limit: int = 6, floor: int = 0) -> str:
    """A short name for an argument: its named entities, else its phrase cut to ``limit`` words.

    Words before ``floor`` (the dateline) are no part of any argument.
    """
    if tok is None:
        return ""
    words = [t for t in _phrase_tokens(tok) if t.idx >= floor]
    if not words:
        return ""
    named = sorted(
        [*words, *(t for c in tok.children if c.dep_ == "appos" for t in _phrase_tokens(c) if t.idx >= floor)],
        key=lambda t: t.i,
    )
    names: list[str] = []
    for t in named:
        if t.ent_type_ in NAMED_LABELS and t.ent_type_ != "NORP" and (t.ent_iob_ == "B" or t.i == named[0].i):
            name = " ".join(w.text for w in named if w.ent_type_ == t.ent_type_ and w.i >= t.i and w.i < t.i + 8
                            and all(x.ent_type_ == t.ent_type_ and (x.i == t.i or x.ent_iob_ == "I")
                                    for x in named if t.i <= x.i <= w.i))  # fmt: skip
            if name and name not in names:
                names.append(name)
    if names:
        return " and ".join(names[:3])
    while words and words[0].pos_ in ("DET", "PRON") and words[0].lower_ not in ("the", "a", "an"):
        words = words[1:]
    words = [w for w in words if w.pos_ != "PUNCT"]
    if len(words) > limit:
        words = words[-limit:]
    # keep the text's own spacing ("$2 billion"), a space where words were left out
    return "".join(t.text_with_ws if i + 1 < len(words) and words[i + 1].i == t.i + 1 else t.text + " "
                   for i, t in enumerate(words)).strip()  # fmt: skip


def summary_phrase(trigger: Token, root: Token, place: str | None, floor: int = 0) -> str:
    """ "Who did what (where)" from the parse: "Red Silk premiered in Russia"."""
    subject = _subject(root)
    verb = root if trigger.pos_ != "VERB" else trigger
    if subject is None and verb.dep_ in ("advcl", "xcomp", "acl") and verb.head.i != verb.i:
        subject = _subject(verb.head)  # "held an event … to commemorate": who held it
    parts: list[str] = []
    if subject is not None and subject.lower_ not in _RELATIVE_PRONOUNS:
        parts.append(_compact(subject, floor=floor))
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" and verb.head.i < verb.i and infinitive:  # "is set to hit", "plans to open"
        head = verb.head
        parts.extend(c.text for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < head.i)
        parts.extend([head.text, "to"])
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i and c.lower_ != "to"]
    parts.extend(a.text for a in aux if a.lower_ in ("will", "was", "were", "is", "are", "has", "have", "had", "be"))
    parts.append(verb.text)
    parts.extend(c.text for c in verb.children if c.dep_ == "prt")
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")), None)
    if obj is not None:
        parts.append(
            _compact(obj, floor=floor)
            if obj.i != trigger.i
            else " ".join(
                t.text for t in _phrase_tokens(trigger) if t.pos_ in ("NOUN", "ADJ", "PROPN") or t.i == trigger.i
            )
        )
    for child in [*verb.children, *(trigger.children if trigger.i != verb.i else [])]:
        if child.dep_ == "prep" and child.lower_ in ("with", "between", "for", "to", "against") and len(parts) < 6:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                parts.extend([child.text, _compact(pobj, 4, floor)])
                break
    if place and place.lower() not in " ".join(parts).lower():
        parts.extend(["in", place])
    words = " ".join(p for p in parts if p).split()
    return " ".join(words[:_SUMMARY_WORDS])


def _keywords(sentence: Span, start: int, end: int) -> tuple[str, ...]:
    """Content lemmas of the clause, for wording overlap across reports."""
    seen: dict[str, None] = {}
    for tok in sentence:
        if start <= tok.idx < end and tok.pos_ not in _STOP_POS and not tok.is_stop and len(tok.text) > 2:
            if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
                continue
            seen.setdefault(tok.lemma_.lower(), None)
    return tuple(list(seen)[:24])


def _is_anaphoric(tok: Token | None, vocab: EventVocabulary) -> bool:
    if tok is None or lemma(tok, vocab.anaphoric_heads) not in vocab.anaphoric_heads:
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in vocab.anaphoric_determiners for c in tok.children)


def sentence_triggers(sentence: Span, sentence_index: int, ents: list[Span], vocab: EventVocabulary, floor: int = 0) -> list[EventTrigger]:  # fmt: skip
    """Every happening the sentence reports: its highest trigger, plus triggers with their own
    date and coordinated triggers of another type.

    Text before ``floor`` (a dateline: "MOSCOW, March 4 (Eastwire) --") is neither a trigger,
    a date, an actor nor a place of any event.
    """
    label = _SPEAKER_LABEL.match(sentence.text)
    if label:  # "Answer:", "Bordachev:" open an interview turn; they are no actor
        floor = max(floor, sentence.start_char + label.end())
    ents = [e for e in ents if e.start_char >= floor]
    typed: dict[int, str] = {}
    for tok in sentence:
        if tok.idx < floor:
            continue
        if tok.pos_ == "VERB" and _light_verb_type(tok, vocab):
            continue  # "held talks", "announced the deal": the noun it governs is the trigger
        found = trigger_type(tok, vocab)
        if found:
            typed[tok.i] = found
    if not typed:
        return []
    doc = sentence.doc
    _drop_wrappers(doc, typed, vocab)
    if not typed:
        return []
    main = min(typed, key=lambda i: (_depth(doc[i]), 0 if doc[i].pos_ == "VERB" else 1, i))
    dates = attach_dates(sentence, ents, typed, vocab)
    chosen = {main, *dates}
    for i in list(chosen):
        for conj in doc[i].conjuncts:
            if conj.i in typed and typed[conj.i] != typed[i]:
                chosen.add(conj.i)
    # a verb heading its own clause reports its own happening when it is of another kind
    # ("The government, which accused the brigade, flew 600 soldiers to the province")
    for i in sorted(typed, key=lambda i: _depth(doc[i])):
        tok = doc[i]
        other_kind = typed[i] not in {typed[c] for c in chosen}
        if i not in chosen and tok.pos_ == "VERB" and tok.dep_ in _CLAUSE_HEADS and other_kind:
            chosen.add(i)
    out = []
    for index in sorted(chosen):
        trigger = doc[index]
        root = _clause_root(trigger)
        clause = doc[root.left_edge.i : root.right_edge.i + 1]
        place = _place(trigger, root, ents, sentence)
        actor, target = (_clip(span, floor, sentence) for span in _roles(trigger, root))
        spans = tuple((e.start_char, e.end_char, e.text, role) for e, role in dates.get(index, []))
        subject = _subject(root)
        obj = next((c for c in root.children if c.dep_ in ("dobj", "nsubjpass")), None)
        cue = _status_cue(trigger, vocab)
        out.append(
            EventTrigger(
                sentence_index=sentence_index,
                event_type=typed[index],
                trigger=trigger.text,
                trigger_lemma=lemma(trigger, vocab.trigger_lemmas),
                trigger_start=trigger.idx,
                trigger_end=trigger.idx + len(trigger.text),
                status_cue=cue,
                modality=modality(trigger, sentence, vocab, dated=bool(spans), cue=cue),
                dates=spans,
                place=place,
                clause_start=max(clause.start_char, floor),
                clause_end=clause.end_char,
                actor_start=actor[0] if actor else None,
                actor_end=actor[1] if actor else None,
                target_start=target[0] if target else None,
                target_end=target[1] if target else None,
                anaphoric=_is_anaphoric(trigger, vocab) or _is_anaphoric(subject, vocab) or _is_anaphoric(obj, vocab),
                summary=summary_phrase(trigger, root, place, floor),
                keywords=_keywords(sentence, max(clause.start_char, floor), clause.end_char),
            )
        )
    # an undated trigger of the same type as a dated one in this sentence is the same report
    dated_types = {t.event_type for t in out if t.dates}
    return [t for t in out if t.dates or t.event_type not in dated_types]


def _clip(span: tuple[int, int] | None, floor: int, sentence: Span) -> tuple[int, int] | None:
    """The span without the dateline (and the spaces and dashes after it)."""
    if span is None or span[1] <= floor:
        return None
    start = max(span[0], floor)
    text, offset = sentence.text, sentence.start_char
    while start < span[1] and (text[start - offset : start - offset + 1] in ("", " ", "-", "—", "–", "\n", ":")):
        start += 1
    return (start, span[1]) if start < span[1] else None


def _drop_wrappers(doc: Doc, typed: dict[int, str], vocab: EventVocabulary) -> None:
    """An announcement of a happening, or an agreement to do one, is that happening.

    "announced that it had acquired X", "agreed to buy X": the inner trigger is the news;
    the outer one only wraps it, and a date on the wrapper moves to it (see attach_dates).
    """
    for index in list(typed):
        tok = doc[index]
        if index not in typed:
            continue
        inner = [
            c
            for c in tok.children
            if c.i in typed
            and (
                c.dep_ in ("ccomp", "xcomp", "acl")
                or (c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
            )
        ]  # "threatened ... to attack"
        if typed[index] == "statement" and _vehicle_of_another(tok, typed):
            del typed[index]  # "In a statement issued on Wednesday, the ministry accused …": the accusation
            continue
        if typed[index] == "statement" and any(
            t.i in typed for c in tok.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree
        ):
            del typed[index]  # "announced that it has signed an agreement to acquire X": the acquisition
            continue
        if not inner:
            continue
        if typed[index] in ("threaten", "request", "reject"):
            for child in inner:  # "threatened to strike the port": the threat is the happening
                typed.pop(child.i, None)
        elif typed[index] == "statement" or (
            typed[index] == "agree" and any(c.dep_ in ("xcomp", "acl") for c in inner)
        ):
            del typed[index]  # "signed an agreement to acquire X" is the acquisition


def _vehicle_of_another(tok: Token, typed: dict[int, str]) -> bool:
    """The statement is how another happening was made known: "in a statement, X accused Y"."""
    for ancestor in list(tok.ancestors)[:4]:
        if ancestor.dep_ == "prep" and ancestor.lower_ in ("in", "through", "via"):
            return ancestor.head.i in typed and ancestor.head.i != tok.i
    return False


def find_triggers(doc: Doc, vocab: EventVocabulary, floor: int = 0) -> list[EventTrigger]:
    """All event triggers of a document, sentence by sentence (``floor``: end of the dateline)."""
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]
    by_sentence: list[list[Span]] = [[] for _ in sentences]  # Span.ents rescans the whole document
    for ent in doc.ents:
        by_sentence[bisect_right(starts, ent.start) - 1].append(ent)
    out: list[EventTrigger] = []
    for index, sentence in enumerate(sentences):
        if sentence.end_char <= floor:
            continue
        out.extend(sentence_triggers(sentence, index, by_sentence[index], vocab, floor))
    return out


class EventFinder:
    """The ``news_events`` pipeline component: ``doc._.event_triggers``."""

    def __init__(self, vocabulary: EventVocabulary) -> None:
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_triggers = find_triggers(doc, self.vocabulary)
        return doc


@Language.factory("news_events", default_config={"vocabulary_path": None})
def make_event_finder(nlp: Language, name: str, vocabulary_path: str | None) -> EventFinder:
    return EventFinder(load_vocabulary(vocabulary_path))
