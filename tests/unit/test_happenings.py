"""Per-article resolution without a parse: date compatibility and happening grouping."""

from dataclasses import replace
from datetime import date

from flows.annotate.happenings import EventCandidate, dates_compatible, group_happenings
from flows.annotate.mentions import Mention


def candidate(sentence: int, kind: str = "assault", day: date | None = None, end: date | None = None,
              status: str = "occurred", anaphoric: bool = False, clause: tuple[int, int] = (0, 10)) -> EventCandidate:  # fmt: skip
    return EventCandidate(
        sentence_index=sentence, event_type=kind, trigger="hit", trigger_lemma="hit", trigger_start=clause[0],
        trigger_end=clause[0] + 3, status=status, modality="asserted", date_text=None, event_date=day,
        end_date=end, date_precision="day" if (day or end) else None, date_method=None, place=None,
        clause_start=clause[0], clause_end=clause[1], actor_start=None, actor_end=None, target_start=None,
        target_end=None, antecedent_start=None, anaphoric=anaphoric, summary="", keywords=[],
    )  # fmt: skip


def person(start: int, name: str, sentence: int) -> Mention:
    return Mention(start, start + len(name), name, start, start + len(name), name, "PERSON", "person", sentence)


def test_dates_are_compatible_at_their_precision_and_through_ranges():
    monday, wednesday = date(2026, 3, 9), date(2026, 3, 11)
    assert dates_compatible(candidate(0, day=monday, end=wednesday), candidate(1, day=date(2026, 3, 10)))
    assert not dates_compatible(candidate(0, day=monday), candidate(1, day=wednesday))
    assert dates_compatible(candidate(0, end=wednesday), candidate(1, day=monday))  # "ended on Wednesday"
    assert not dates_compatible(candidate(0, end=monday), candidate(1, day=wednesday))  # began after it ended
    month = replace(candidate(1, day=date(2026, 3, 1)), date_precision="month")
    assert dates_compatible(candidate(0, day=wednesday), month)
    assert dates_compatible(candidate(0), candidate(1, day=monday))  # an undated clause contradicts nothing


def test_an_undated_follow_up_joins_and_a_second_dated_happening_does_not():
    found = group_happenings(
        [candidate(0, day=date(2026, 3, 11)), candidate(1), candidate(2, day=date(2026, 3, 14))], []
    )
    assert [c.happening_index for c in found] == [0, 0, 1]


def test_different_named_participants_keep_undated_clauses_apart():
    mentions = [person(0, "Volkov", 0), person(40, "Zhang", 1)]
    first = candidate(0, kind="consult", day=date(2026, 3, 4), clause=(0, 30))
    second = candidate(1, kind="consult", clause=(35, 60))
    assert [c.happening_index for c in group_happenings([first, second], mentions)] == [0, 1]


def test_a_plan_never_joins_what_happened_unless_an_anaphor_ties_them():
    done = candidate(0, kind="release", day=date(2026, 3, 4))
    plan = candidate(1, kind="release", status="planned")
    assert [c.happening_index for c in group_happenings([done, plan], [])] == [0, 1]
    tied = replace(plan, anaphoric=True)
    assert [c.happening_index for c in group_happenings([done, tied], [])] == [0, 0]


def test_only_asserted_candidates_get_a_happening():
    negated = replace(candidate(0), modality="negated")
    assert group_happenings([negated], [])[0].happening_index is None
