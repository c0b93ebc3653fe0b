"""Event triggers resolved against their article: dates, status, and its happenings.

The ``news_events`` component (flows/annotate/events.py) knows only language. Here each
trigger meets what the article adds: its publication date (to resolve "on Wednesday" and
judge planned against occurred), its dateline (whose date is nobody's event), the work
"the film" refers back to, and the other triggers of the article, which join into one
happening when they report the same thing (``happening_index``). Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING

from flows.annotate.dates import RANGE_BETWEEN, ResolvedDate, join_range, resolve_date
from flows.annotate.events import ANAPHOR_WORK, NAMED_LABELS, EventTrigger

if TYPE_CHECKING:
    from flows.annotate.mentions import Mention


@dataclass(frozen=True)
class EventCandidate:
    """A trigger resolved against its article: dates, status, the happening it belongs to."""

    sentence_index: int
    event_type: str
    trigger: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    status: str
    modality: str  # as the trigger's, or "background" for history dated long before publication
    date_text: str | None
    event_date: date | None
    end_date: date | None
    date_precision: str | None
    date_method: str | None
    place: str | None
    clause_start: int
    clause_end: int
    actor_start: int | None
    actor_end: int | None
    target_start: int | None
    target_end: int | None
    antecedent_start: int | None
    anaphoric: bool
    summary: str
    keywords: list[str]
    happening_index: int | None = None  # the article's happening this candidate reports (asserted only)


# What a candidate takes from its trigger as it is; the rest is the article's doing (the
# resolved date and status, background, the work "the film" names, keywords as a list).
_FROM_TRIGGER = tuple(
    f.name
    for f in fields(EventCandidate)
    if f.name in {g.name for g in fields(EventTrigger)} and f.name not in ("modality", "summary", "keywords")
)


def _antecedent(body: str, actor: tuple[int | None, int | None], mentions: list[Mention]) -> int | None:
    """For "the film …" (acting, or the subject of a passive), the start offset of the last work named before it."""
    start, end = actor
    if start is None or end is None or not ANAPHOR_WORK.match(body[start:end]):
        return None
    works = [m for m in mentions if m.entity_type == "work" and m.char_end <= start]
    return works[-1].char_start if works else None


def _named_summary(trigger: EventTrigger, body: str, antecedent: int | None, mentions: list[Mention]) -> str:
    """The summary with "the film" replaced by the work it refers to ("Red Silk premiered in Russia")."""
    if antecedent is None:
        return trigger.summary
    name = next((m.canonical or m.surface for m in mentions if m.char_start == antecedent), None)
    for start, end in ((trigger.actor_start, trigger.actor_end), (trigger.target_start, trigger.target_end)):
        if name and start is not None and end is not None:
            phrase = body[start:end]
            match = ANAPHOR_WORK.match(phrase)
            whole = (
                match is not None and match.group(0).lower() == phrase.strip(" ,;:").lower()
            )  # not "the film Red Silk"
            if match and whole and trigger.summary.lower().startswith(match.group(0).lower()):
                return name + trigger.summary[len(match.group(0)) :]
    return trigger.summary


def _resolve(trigger: EventTrigger, body: str, published: date | None, dateline_end: int) -> ResolvedDate | None:
    """The trigger's date: the first resolvable one of its clause, two joined by "to" as a range."""
    planned = trigger.status_cue == "planned"
    nearest = trigger.status_cue == "reported"
    resolved: list[tuple[tuple[int, int, str, str], ResolvedDate]] = []
    for span in trigger.dates:
        if span[0] >= dateline_end:
            # "is running until Tuesday": an end given without past tense lies ahead
            ahead = planned or (span[3] == "end" and trigger.status_cue == "reported")
            resolved.append((span, resolve_date(span[2], published, planned=ahead, nearest=nearest and not ahead)))
    starts = [(s, r) for s, r in resolved if r.value is not None and s[3] == "start"]
    ends = [(s, r) for s, r in resolved if r.value is not None and s[3] == "end"]
    if len(starts) >= 2 and RANGE_BETWEEN.match(body[starts[0][0][1] : starts[1][0][0]]):
        return join_range(starts[0][1], starts[1][1])
    # the finest date; a range over a single day ("arrived on Monday for a visit from March 9 to 11")
    start = min(starts, key=lambda sr: (["day", "month", "year"].index(sr[1].precision or "year"), sr[1].end is None))[1] if starts else None  # fmt: skip
    end = ends[0][1] if ends else None
    if end is not None and end.precision == "day":
        if start is None:  # only its end is given ("the visit ended on Wednesday")
            return ResolvedDate(None, "day", f"end_{end.method}", end.text, end=end.value)
        if start.precision == "day" and start.end is None and start.value <= end.value:
            return ResolvedDate(start.value, "day", start.method, f"{start.text} until {end.text}", end=end.value)
    if start is not None:
        return start
    return resolved[0][1] if resolved else None


def _status(cue: str, resolved: ResolvedDate | None, published: date | None) -> str:
    """Planned or occurred, judged against the publication date when the clause has no tense to go by."""
    if cue != "reported" or resolved is None or published is None:
        return cue
    first = resolved.value or resolved.end
    last = resolved.end or resolved.value
    if first is None or last is None:
        return cue
    if resolved.precision == "day":
        # begun by the publication date ("is paying a visit from May 7 to 10" on May 7): under way
        return "planned" if first > published else "occurred"
    if resolved.precision == "month":
        month_start = published.replace(day=1)
        return "occurred" if last < month_start else ("planned" if first > published else cue)
    return cue


def _background(resolved: ResolvedDate | None, published: date | None, years: int) -> bool:
    """History the article recalls, not news: a bare past year, or a date years before publication."""
    if resolved is None or (resolved.value or resolved.end) is None or published is None:
        return False
    if resolved.precision == "year" and resolved.method == "explicit_year" and resolved.value and resolved.value.year < published.year:  # fmt: skip
        return True
    last = resolved.end or resolved.value
    return last is not None and last.year < published.year - years


def event_candidates(
    triggers: list[EventTrigger],
    body: str,
    published: date | None,
    mentions: list[Mention] | None = None,
    dateline_end: int = 0,
    background_years: int = 3,
) -> list[EventCandidate]:
    """The article's triggers with dates and statuses resolved, grouped into happenings."""
    out: list[EventCandidate] = []
    for trigger in triggers:
        antecedent = _antecedent(body, (trigger.actor_start, trigger.actor_end), mentions or []) or _antecedent(
            body, (trigger.target_start, trigger.target_end), mentions or []
        )
        resolved = _resolve(trigger, body, published, dateline_end)
        status = _status(trigger.status_cue, resolved, published)
        mode = trigger.modality
        if mode == "asserted" and _background(resolved, published, background_years):
            mode = "background"
        out.append(
            EventCandidate(
                **{name: getattr(trigger, name) for name in _FROM_TRIGGER},
                status=status,
                modality=mode,
                date_text=resolved.text if resolved else None,
                event_date=resolved.value if resolved else None,
                end_date=resolved.end if resolved else None,
                date_precision=resolved.precision if resolved else None,
                date_method=resolved.method if resolved else None,
                antecedent_start=antecedent,
                summary=_named_summary(trigger, body, antecedent, mentions or []),
                keywords=list(trigger.keywords),
            )
        )
    return group_happenings(out, mentions or [])


# --- one happening per article ------------------------------------------------------------


def _names(candidate: EventCandidate, mentions: list[Mention]) -> set[str]:
    """Words of the names of the people, organisations and works in the candidate's clause."""
    spans = [(candidate.clause_start, candidate.clause_end)]
    spans += [(s, e) for s, e in ((candidate.actor_start, candidate.actor_end), (candidate.target_start, candidate.target_end)) if s is not None and e is not None]  # fmt: skip
    names = []
    for m in mentions:
        if m.label in NAMED_LABELS - {"NORP"} and any(s <= m.char_start and m.char_end <= e for s, e in spans):
            names.append(m.canonical or m.surface)
    if candidate.antecedent_start is not None:
        names += [m.canonical or m.surface for m in mentions if m.char_start == candidate.antecedent_start]
    # compared word by word: "Seitkali" and "President Nurlan Seitkali" are one participant
    return {w for name in names for w in re.findall(r"\w+", name.lower()) if len(w) > 2}


def dates_compatible(a: EventCandidate, b: EventCandidate) -> bool:
    """Two dates can describe one happening: equal at the coarser precision, or one inside the other's range."""
    a_start, b_start = a.event_date or a.end_date, b.event_date or b.end_date
    if a_start is None or b_start is None:
        return True
    if a.event_date is None or b.event_date is None:  # one gives only its end: the other must start by then
        if a.date_precision != "day" or b.date_precision != "day":
            return True
        if a.event_date is None and b.event_date is None:
            return True
        ended, other = (a, b) if a.event_date is None else (b, a)
        return other.event_date is not None and ended.end_date is not None and other.event_date <= ended.end_date
    precision = max(["day", "month", "year"].index(a.date_precision or "year"), ["day", "month", "year"].index(b.date_precision or "year"))  # fmt: skip
    if precision == 0:
        a_end, b_end = a.end_date or a.event_date, b.end_date or b.event_date
        return a.event_date <= b_end and b.event_date <= a_end
    if precision == 1:
        return (a.event_date.year, a.event_date.month) == (b.event_date.year, b.event_date.month)
    return a.event_date.year == b.event_date.year


def group_happenings(candidates: list[EventCandidate], mentions: list[Mention]) -> list[EventCandidate]:
    """Give each asserted candidate the index of the article's happening it reports.

    A candidate continues an earlier happening of the same type when nothing contradicts
    it (dates compatible at their precision, not a plan against what happened) and
    something ties them: an anaphor ("the event", "the talks"), a shared named participant,
    the same sentence, the same day, or, for an undated clause, simply being the next
    thing said of that kind. Otherwise it starts a new one.
    """
    happenings: list[list[EventCandidate]] = []
    names: dict[int, set[str]] = {}
    out: list[EventCandidate] = []
    for candidate in candidates:
        if candidate.modality != "asserted":
            out.append(candidate)
            continue
        own = _names(candidate, mentions)
        chosen = None
        for index in range(len(happenings) - 1, -1, -1):
            members = happenings[index]
            if members[0].event_type != candidate.event_type:
                continue
            if not all(dates_compatible(candidate, m) for m in members):
                continue
            statuses = {m.status for m in members} | {candidate.status}
            if {"planned", "occurred"} <= statuses and not candidate.anaphoric:
                continue
            same_day = candidate.date_precision == "day" and any(
                m.date_precision == "day" and m.event_date == candidate.event_date for m in members
            )
            same_sentence = any(m.sentence_index == candidate.sentence_index for m in members)
            # an undated clause of the same kind goes on with the latest such happening
            # ("A missile hit the depot on Wednesday. Two guards were killed.") unless it
            # names participants of its own that the happening does not have
            undated = candidate.event_date is None and candidate.end_date is None
            all_undated = all(m.event_date is None and m.end_date is None for m in members)
            undated_follow_up = (undated or all_undated) and (not own or bool(own & names[index]))
            if candidate.anaphoric or own & names[index] or same_day or same_sentence or undated_follow_up:
                chosen = index
                break
        if chosen is None:
            happenings.append([candidate])
            names[len(happenings) - 1] = set(own)
            chosen = len(happenings) - 1
        else:
            happenings[chosen].append(candidate)
            names[chosen] |= own
        out.append(replace(candidate, happening_index=chosen))
    return out
