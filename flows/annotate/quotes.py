"""Who said what: direct quotes, interview answers and reported speech, with their speaker.

Three forms cover how news attributes words:

* direct quotes next to a speech verb: '"…," said X', '"…," X noted', 'X remarked, "…"';
  a pronoun speaker ("she added") is the last person named before the quote;
* the interview format: a paragraph opening with a speaker label ("Bordachev: …",
  "GT: …"), resolved through the article's own names and acronyms;
* reported speech: "X said that …" (the clause after "that").

The speaker is kept as character offsets of a mention (so dbt can give it an entity id)
and as the name the article uses for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows.annotate.events import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from flows.annotate.mentions import Mention

SPEECH_VERBS = frozenset(
    ["say", "note", "add", "emphasize", "emphasise", "remark", "state", "tell", "explain", "stress", "declare",
     "announce", "insist", "argue", "claim", "comment", "observe", "write", "warn", "recall", "agree", "express"]
)  # fmt: skip
_PRONOUNS = frozenset({"he", "she", "they"})
# Nouns naming a post: "the NMG CEO said", "the minister added" stand for the person the
# article names in that post (role coreference), never for the organisation in the phrase.
ROLE_NOUNS = frozenset(
    ["ceo", "chief", "head", "chairman", "chairwoman", "chair", "president", "director", "minister", "premier",
     "ambassador", "spokesman", "spokeswoman", "spokesperson", "governor", "mayor", "secretary", "envoy", "founder",
     "producer", "executive", "manager", "editor", "commander", "leader", "official", "general", "rector", "dean"]
)  # fmt: skip
_DIRECT = re.compile(r'"(?P<text>[^"\n]{12,})"')
_AFTER = re.compile(
    r"^[,.]?\s*(?:(?P<verb1>\w+)\s+(?P<who1>.{1,120}?)|(?P<who2>.{1,80}?)\s+(?P<verb2>\w+))\s*[.,]", re.S
)
_LABEL = re.compile(r"^(?P<label>[A-Z][\w.'\- ]{0,40}?):\s+\S")
_MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class Quote:
    sentence_index: int
    quote_start: int
    quote_end: int
    quote_text: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_name: str | None
    method: str  # direct, interview, reported
    tone: float | None = None  # VADER compound of the quoted words, -1..+1 (flows/annotate/tone.py)


def _speech(word: str | None) -> bool:
    if not word:
        return False
    w = word.lower()
    return any(w in (v, v + "s", v + "d", v + "ed", v[:-1] + "ed", "said" if v == "say" else v) for v in SPEECH_VERBS)


def _mention_in(mentions: list[Mention], start: int, end: int) -> Mention | None:
    people = [m for m in mentions if start <= m.char_start and m.char_end <= end and m.label in ("PERSON", "ORG")]
    return people[0] if people else None


def _last_person_before(mentions: list[Mention], offset: int) -> Mention | None:
    people = [m for m in mentions if m.char_end <= offset and m.label == "PERSON"]
    return people[-1] if people else None


def _sentence_index(doc: Doc, offset: int) -> int:
    for i, sent in enumerate(doc.sents):
        if sent.start_char <= offset < sent.end_char:
            return i
    return 0


def _attribution_window(body: str, after: int) -> str:
    """Text after a closing quote up to the end of its sentence ("Mr. X." and "S. X." do not end it)."""
    window = body[after : after + 240].split("\n", 1)[0]
    for m in re.finditer(r"\.(?=\s|$)", window):
        if not re.search(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St)$", window[: m.start()]):
            return window[: m.start()]
    return window


def _role_in(body: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The post a phrase names instead of a person and its qualifier ("the NMG CEO" →
    ("ceo", None), "the prime minister" → ("minister", "prime")), if it names one."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", body[start:end])]
    at = next((i for i, w in enumerate(words) if w in ROLE_NOUNS), None)
    if at is None:
        return None, None
    qualifier = words[at - 1] if at and words[at - 1] in POST_QUALIFIERS else None
    return words[at], qualifier


# Words that make a different post of a role noun: a prime minister is not "the minister".
POST_QUALIFIERS = frozenset({"prime", "vice", "deputy", "assistant", "under", "lieutenant", "former", "ex"})


def _post_matches(text: str, role: str, qualifier: str | None) -> list[re.Match[str]]:
    """Where ``text`` names the post: the role word, qualified the same way ("prime minister"
    matches only a post qualified "prime")."""
    out = []
    for match in re.finditer(rf"\b{re.escape(role)}\b", text, re.IGNORECASE):
        before = re.search(r"(\w+)[\s-]+$", text[: match.start()])
        word = before.group(1).lower() if before else None
        if (word if word in POST_QUALIFIERS else None) == qualifier:
            out.append(match)
    return out


def _holds_post(body: str, person: Mention, role: str, before: int, qualifier: str | None = None) -> bool:
    """Whether the text names ``person`` in the post: as a title before the name ("Fisheries
    Minister Joan Okafor", "the chief executive of Harbour Line, Priya Raman") or in an
    apposition after it ("Svetlana Balanova, CEO of NMG"). Only function words, capitalised
    words and a comma may stand between post and name: "the minister ... on Monday, after
    President X" names X no minister."""
    after = re.match(r"\s*,\s*([^,.;:!?\n]{1,90})", body[person.char_end : before])
    if after and _post_matches(after.group(1), role, qualifier):
        return True
    ahead = body[max(0, person.char_start - 90) : person.char_start]
    matches = _post_matches(ahead, role, qualifier)
    last = matches[-1] if matches else None  # the one nearest the name
    between = ahead[last.end() :] if last else ""
    return bool(last) and re.fullmatch(r"(?:\s+(?:of|the|and|for|[A-Z][\w.&'’-]*))*\s*,?\s*", between) is not None


def person_in_role(mentions: list[Mention], body: str, role: str, before: int,
                   qualifier: str | None = None) -> Mention | None:  # fmt: skip
    """The one person the article names, before ``before``, in the post ("Svetlana
    Balanova, CEO of NMG", "NMG CEO Svetlana Balanova"); None when that is not exactly one
    person (two ministers: no guess)."""
    fits: dict[str, Mention] = {}
    for m in mentions:
        if (
            m.label == "PERSON"
            and m.resolution != "role"
            and m.char_end <= before
            and _holds_post(body, m, role, before, qualifier)
        ):
            fits[m.canonical or m.surface] = m
    return next(iter(fits.values())) if len(fits) == 1 else None


def _named_in(mentions: list[Mention], body: str, start: int, end: int) -> Mention | None:
    """The first person or organisation named in body[start:end], also as "A. Surname";
    a post ("the NMG CEO") stands for the person the article names in it."""
    role, qualifier = _role_in(body, start, end)
    named = [m for m in mentions if start <= m.char_start and m.char_end <= end and m.label == "PERSON"]
    if role and all(m.resolution == "role" for m in named):  # the post, already resolved to its holder or not
        return named[0] if named else person_in_role(mentions, body, role, start, qualifier)
    found = _mention_in(mentions, start, end)
    if found:
        return found
    people = [m for m in mentions if m.label == "PERSON" and len(m.canonical.split()) >= 2]
    for word in re.finditer(r"[A-Z][\w'-]+", body[start:end]):
        same = [p for p in people if p.canonical.split()[-1] == word.group()]
        if same:
            return same[-1]
    return None


def role_mentions(doc: Doc, body: str, mentions: list[Mention]) -> list[Mention]:
    """Posts that stand for a person the article names: "the minister", "the NMG CEO".

    A singular post after "the" ("the minister signed", "the festival's director said")
    becomes a mention of the one person the article names in that post before it
    (``person_in_role``), with ``resolution = "role"``, so quotes and event participants
    reach the person. Only the post's own word is the mention ("CEO" in "the NMG CEO", whose
    "NMG" stays the organisation's). No guess when two people could hold the post, when a
    name stands beside the post ("the minister, Anna Petrova"), or for a plural.
    """
    from flows.annotate.mentions import Mention

    people = [m for m in mentions if m.label == "PERSON"]
    starts = [s.start for s in doc.sents]
    out = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.lower_ not in ROLE_NOUNS or root.tag_ in ("NNS", "NNPS") or chunk[0].lower_ != "the":
            continue
        if any(chunk.start_char <= m.char_end and m.char_start <= chunk.end_char + 3 for m in people):
            continue  # a name inside or right beside the post is the mention already
        previous = doc[root.i - 1].lower_ if root.i > chunk.start else None
        qualifier = previous if previous in POST_QUALIFIERS else None
        person = person_in_role(mentions, body, root.lower_, chunk.start_char, qualifier)
        if person is None:
            continue
        start, end = root.idx, root.idx + len(root.text)
        out.append(Mention(start, end, root.text, start, end, root.text, "PERSON", "person",
                           bisect_right(starts, root.i) - 1, canonical=person.canonical or person.surface,
                           resolution="role"))  # fmt: skip
    return out


def _quoted_spans(body: str) -> list[re.Match[str]]:
    """Quoted passages, pairing quote marks in order within each paragraph.

    Pairing in order matters: a short quoted title ('the "Red Silk" project') must not
    shift the pairing of the quotes around it.
    """
    spans = []
    start = 0
    for paragraph in body.split("\n"):
        marks = [start + i for i, ch in enumerate(paragraph) if ch == '"']
        for open_at, close_at in zip(marks[0::2], marks[1::2], strict=False):
            match = _DIRECT.match(body, open_at, close_at + 1)
            if match:
                spans.append(match)
        start += len(paragraph) + 1
    return spans


def _direct_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    body = doc.text
    out = []
    last_speaker: Mention | None = None
    for m in _quoted_spans(body):
        text = m.group("text").strip(" ,")
        if len(text.split()) < _MIN_QUOTE_WORDS:
            continue
        speaker: Mention | None = None
        window = _attribution_window(body, m.end())
        words = re.findall(r"[\w'-]+", window)
        if any(_speech(w) for w in words[:14]):
            if words and words[0].lower() in _PRONOUNS:
                speaker = last_speaker or _last_person_before(mentions, m.start())
            else:
                speaker = _named_in(mentions, body, m.end(), m.end() + len(window))
        if speaker is None:
            # 'X remarked, "…"': a speaker and a speech verb just before the opening quote
            before_start = body.rfind("\n", 0, m.start()) + 1
            before = body[before_start : m.start()]
            verb_match = list(re.finditer(r"\b(\w+)\s*[,:]?\s*$", before))
            according = re.search(r"\baccording to\b", before, re.IGNORECASE)
            if according:
                speaker = _named_in(mentions, body, before_start + according.end(), m.start())
            elif verb_match and _speech(verb_match[-1].group(1)):
                named = [x for x in mentions if before_start <= x.char_start and x.char_end <= m.start()]
                named = [x for x in named if x.label in ("PERSON", "ORG")]
                speaker = named[-1] if named else None
        if speaker is None:
            continue
        last_speaker = speaker
        start = m.start("text") + m.group("text").index(text)
        name = speaker.canonical or speaker.surface
        out.append(Quote(_sentence_index(doc, m.start()), start, start + len(text), text, speaker.char_start,
                         speaker.char_end, name, "direct"))  # fmt: skip
    return out


def _interview_answers(doc: Doc, mentions: list[Mention], acronyms: dict[str, str]) -> list[Quote]:
    body = doc.text
    out = []
    offset = 0
    for paragraph in body.split("\n\n"):
        m = _LABEL.match(paragraph)
        if m and len(m.group("label").split()) <= 4:
            label = m.group("label")
            text_start = offset + paragraph.index(":") + 1
            text_start += len(body[text_start:]) - len(body[text_start:].lstrip())
            text_end = offset + len(paragraph)
            speaker = _mention_in(mentions, offset, offset + len(label))
            full_names = [x.canonical for x in mentions if x.label == "PERSON" and label in x.canonical.split()]
            name = (
                (speaker.canonical if speaker else None)
                or acronyms.get(label)
                or (full_names[0] if full_names else label)
            )
            if len(body[text_start:text_end].split()) >= _MIN_QUOTE_WORDS:
                out.append(
                    Quote(
                        _sentence_index(doc, text_start),
                        text_start,
                        text_end,
                        body[text_start:text_end],
                        speaker.char_start if speaker else offset,
                        speaker.char_end if speaker else offset + len(label),
                        name,
                        "interview",
                    )
                )
        offset += len(paragraph) + 2
    return out


def _reported_speech(doc: Doc, mentions: list[Mention], taken: list[tuple[int, int]]) -> list[Quote]:
    out = []
    body = doc.text  # Doc.text joins every token: once, not per quote
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.pos_ != "VERB" or lemma(tok, SPEECH_VERBS) not in SPEECH_VERBS:
                continue
            clause = next((c for c in tok.children if c.dep_ == "ccomp" and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)  # fmt: skip
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if clause is None or subject is None:
                continue
            start = next(g for g in clause.children if g.lower_ == "that").idx + len("that ")
            end = clause.right_edge.idx + len(clause.right_edge.text)
            if any(s < end and start < e for s, e in taken) or len(body[start:end].split()) < _MIN_QUOTE_WORDS:
                continue
            s_start, s_end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
            speaker = _named_in(mentions, body, s_start, s_end)
            if speaker is None and subject.lower_ in _PRONOUNS:
                speaker = _last_person_before(mentions, s_start)
            if speaker is None:
                continue
            out.append(Quote(i, start, end, body[start:end], speaker.char_start, speaker.char_end,
                             speaker.canonical or speaker.surface, "reported"))  # fmt: skip
    return out


def find_quotes(doc: Doc, mentions: list[Mention], acronyms: dict[str, str] | None = None) -> list[Quote]:
    """Every attributed quote in one annotated document, without overlaps."""
    quotes = _direct_quotes(doc, mentions) + _interview_answers(doc, mentions, acronyms or {})
    quotes += _reported_speech(doc, mentions, [(q.quote_start, q.quote_end) for q in quotes])
    seen: set[int] = set()
    unique = []
    for q in sorted(quotes, key=lambda q: (q.quote_start, q.method != "direct")):
        if q.quote_start not in seen:
            seen.add(q.quote_start)
            unique.append(q)
    return unique
