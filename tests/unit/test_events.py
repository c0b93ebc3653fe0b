"""Event candidates on sentences written for these tests (the real spaCy model, loaded once).

Each test names a behaviour of the ``news_events`` component or of the per-article
resolution (dates, status, happenings); the sentences come in the styles news arrives
in: wire leads with datelines, interview turns, press-release prose, broadcaster copy.
"""

from datetime import date

import pytest

from flows.annotate.happenings import EventCandidate


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model
    from flows.settings import Settings

    return load_model(Settings().spacy_model)


def events(nlp, body: str, published: date | None = date(2026, 3, 12)) -> list[EventCandidate]:
    """All candidates of one article, as the pipeline makes them (dateline measured the same way)."""
    from flows.annotate.nlp import AnnotationInput, annotate
    from flows.normalise.metadata import dateline_length

    (ann,) = annotate(nlp, [AnnotationInput("doc", body, published, None, dateline_length(body))])
    assert ann.error is None
    return ann.events


def asserted(nlp, body: str, published: date | None = date(2026, 3, 12)) -> list[EventCandidate]:
    return [e for e in events(nlp, body, published) if e.modality == "asserted"]


def kinds(found: list[EventCandidate]) -> set[str]:
    return {e.event_type for e in found}


# --- the component ------------------------------------------------------------------------


def test_the_component_is_in_the_pipeline_and_fills_the_doc_extension(nlp):
    assert "news_events" in nlp.pipe_names
    doc = nlp("The two ministers signed a trade agreement in Astana on Tuesday.")
    # "signed" is a light verb here: the event noun it governs is the trigger
    assert [(t.event_type, t.trigger) for t in doc._.event_triggers] == [("agree", "agreement")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A missile hit a fuel depot outside the port city on Wednesday.", {"assault"}),
        ("The comedy hit cinemas across the country on Friday.", {"release"}),
        ("Shares of the carmaker hit a record high on Monday.", set()),
        ("Police opened fire on demonstrators near the parliament on Sunday.", {"assault"}),
        ("The photography exhibition opens at the city museum on June 3.", {"cultural_event"}),
        ("The carmaker opened a battery plant in Ohio on Tuesday.", {"business"}),
        ("The new rules open the door to foreign investors.", set()),
        ("All bags were screened for explosives at the airport.", set()),
        ("The documentary was screened at a festival in Busan on Saturday.", {"release"}),
        ("Workers at the port went on strike on Monday.", {"protest"}),
        ("The two governments struck a deal on Monday.", {"agree"}),
        ("The two firms struck a deal worth $2 billion on Monday.", {"business"}),
        ("Regulators in Brussels are investigating the chipmaker's pricing.", {"investigate"}),
        ("The watchdog said on Monday it would review the merger.", {"investigate"}),
        ("Scientists examined the samples under a microscope.", set()),
        ("Riots erupted in the northern suburbs overnight.", {"protest"}),
        ("The volcano erupted early on Sunday.", {"disaster"}),
        ("The chairman fielded questions about the Norvik Steel takeover from shareholders.", set()),
        ("Officials held discussions about screening the Korean drama on national television.", set()),
    ],
)
def test_a_trigger_counts_only_in_the_sense_its_arguments_allow(nlp, text, expected):
    assert kinds(asserted(nlp, text)) == expected


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("How will the agreement change trade between the two countries?", "question"),
        ("Question: Why did the ministers meet in Geneva last week?", "question"),
        ("Analysts believe the talks will produce an agreement.", "opinion"),
        ("She visits Shanghai every year.", "habitual"),
        ("Farmers have protested against the tax for the past five years.", "habitual"),
        ("The ministers did not sign the accord on Friday.", "negated"),
        ("If the talks fail, the two sides could sign nothing.", "hypothetical"),
        ("Delegations visit the capital to discuss trade.", "generic"),
        ("Fuel prices could double by winter if the pipeline stays shut, economists warned.", "opinion"),
        ("The union warned that the stoppage might spread to other mines.", "opinion"),
        ("Both companies have previously collaborated on mining projects.", "background"),
    ],
)
def test_clauses_that_report_no_happening_keep_their_reason(nlp, text, modality):
    found = events(nlp, text)
    assert found, "the trigger is still recorded, with the reason it is no event"
    assert {e.modality for e in found} == {modality}
    assert all(e.happening_index is None for e in found)


def test_speech_is_attribution_not_a_happening(nlp):
    assert events(nlp, '"It was a productive day," Volkov said. He told reporters he was pleased.') == []


def test_a_year_long_past_is_background_not_news(nlp):
    found = events(nlp, "The two countries signed a friendship treaty in 1949.", date(2026, 3, 12))
    assert [e.modality for e in found] == ["background"]
    recent = asserted(nlp, "The two companies signed a supply contract last year.", date(2026, 3, 12))
    assert [(e.event_date, e.date_precision) for e in recent] == [(date(2025, 1, 1), "year")]


# --- dates and status ------------------------------------------------------------------------


def test_one_sentence_reporting_a_past_and_a_planned_release_gives_two_events(nlp):
    text = "The movie, which premiered in Russia on February 20, is set to hit Chinese theaters this September."
    found = {(e.trigger, e.status, e.event_date, e.date_precision) for e in asserted(nlp, text, date(2025, 5, 10))}
    assert ("premiered", "occurred", date(2025, 2, 20), "day") in found
    assert ("hit", "planned", date(2025, 9, 1), "month") in found


def test_a_date_on_a_reporting_verb_dates_the_report_not_the_happening(nlp):
    (talks,) = asserted(nlp, "State media reported on Monday that the talks had ended on Sunday.", date(2026, 3, 10))
    assert talks.event_type == "consult"
    assert talks.event_date is None and talks.end_date == date(2026, 3, 8)  # Sunday: their last day


def test_a_range_keeps_both_ends_and_its_place(nlp):
    (festival,) = asserted(nlp, "The festival runs from June 3 to 9 in Harbin.", date(2026, 5, 20))
    assert (festival.event_date, festival.end_date, festival.place) == (date(2026, 6, 3), date(2026, 6, 9), "Harbin")
    assert festival.status == "planned"  # judged against the publication date


def test_a_begun_range_is_under_way_and_so_has_occurred(nlp):
    (visit,) = asserted(nlp, "The president is paying a state visit to Hanoi from March 9 to 11.", date(2026, 3, 10))
    assert (visit.event_date, visit.end_date, visit.status) == (date(2026, 3, 9), date(2026, 3, 11), "occurred")


def test_the_dateline_is_no_part_of_any_event(nlp):
    body = "MOSCOW, March 4 (Eastwire) -- Russia and Mongolia signed a rail transit pact on Wednesday."
    (pact,) = asserted(nlp, body, date(2026, 3, 5))
    assert pact.event_date == date(2026, 3, 4)  # Wednesday, not the dateline's date by accident
    assert pact.actor_start >= body.index("Russia")
    assert "MOSCOW" not in pact.summary and "Eastwire" not in pact.summary


def test_an_announcement_of_a_deal_is_the_deal_and_carries_its_date(nlp):
    body = "Rajmala Industries announced on Thursday that it had acquired the robot maker Kessler Automation."
    (deal,) = asserted(nlp, body, date(2026, 3, 20))
    assert (deal.event_type, deal.event_date) == ("business", date(2026, 3, 19))


def test_an_interview_label_is_not_the_actor(nlp):
    (talks,) = asserted(nlp, "Answer: We held long talks in Beijing on Monday.", date(2026, 3, 12))
    assert talks.event_type == "consult" and not talks.summary.startswith("Answer")


# --- one happening per article ------------------------------------------------------------------


def test_sentences_about_one_happening_become_one_happening(nlp):
    body = (
        "A missile hit a fuel depot in Mocimboa on Wednesday. Two guards were killed. "
        "The attack started a fire that burned for hours."
    )
    found = asserted(nlp, body)
    assert len(found) >= 2
    assert {e.happening_index for e in found} == {0}


def test_the_same_people_on_different_days_are_different_happenings(nlp):
    body = (
        "Foreign Minister Aleksandr Volkov held talks with Zhang Lihua in Beijing on Monday. "
        "On Wednesday, Volkov held talks with Batbayar Enkhtuvshin in Ulaanbaatar."
    )
    found = asserted(nlp, body)
    assert [e.event_type for e in found] == ["consult", "consult"]
    assert len({e.happening_index for e in found}) == 2


def test_an_anaphor_continues_the_happening(nlp):
    body = (
        "The Baltic Lights Film Festival opened in Riga on Wednesday with a gala screening. "
        "The festival runs until June 9."
    )
    found = asserted(nlp, body, date(2026, 6, 4))
    assert {e.happening_index for e in found if e.event_type == "cultural_event"} == {0}


# --- summary, roles, references ---------------------------------------------------------------


def test_summary_says_who_did_what_where(nlp):
    text = "'Red Silk', which premiered in Russia on February 20, drew large audiences."
    (premiere,) = asserted(nlp, text, date(2025, 5, 10))
    assert premiere.summary == "Red Silk premiered in Russia"


def test_actor_and_target_of_an_active_and_a_passive_clause(nlp):
    body = "Australia imposed sanctions on three commanders on Tuesday. Two of them were arrested by police."
    sanction, arrest = asserted(nlp, body)
    assert body[sanction.actor_start : sanction.actor_end] == "Australia"
    assert body[arrest.actor_start : arrest.actor_end] == "police"
    assert body[arrest.target_start : arrest.target_end] == "Two of them"


def test_the_film_points_back_to_the_last_named_work(nlp):
    body = (
        "A notable example is the historical period drama 'Red Silk', which premiered in Russia in February. "
        "The ministry indicated that the film is scheduled for release in China in the near future."
    )
    release = next(e for e in asserted(nlp, body, None) if e.trigger == "release")
    assert release.status == "planned" and release.event_date is None  # no publication date: never guessed
    assert body[release.antecedent_start :].startswith("Red Silk")


def test_light_verb_takes_the_type_of_its_event_noun_and_weekday_resolves_before_publication(nlp):
    text = "China Media Group and VGTRK held a cultural exchange event on Wednesday to commemorate the anniversary."
    main = next(e for e in asserted(nlp, text, date(2025, 5, 10)) if e.date_text)
    assert (main.event_type, main.event_date, main.status) == ("cultural_event", date(2025, 5, 7), "occurred")


def test_a_statement_that_carries_another_happening_is_that_happening(nlp):
    body = "In a statement issued on Wednesday, the defence ministry accused the Ruvuma Brigade of the attack."
    (accusation,) = asserted(nlp, body, date(2026, 3, 12))
    assert (accusation.event_type, accusation.event_date) == ("accuse", date(2026, 3, 11))


def test_since_taking_office_is_a_time_reference(nlp):
    found = events(nlp, "The minister has travelled widely since taking office.")
    assert all(e.modality != "asserted" for e in found if e.event_type == "appointment")


def test_a_warning_of_the_speaker_s_own_act_stays_a_threat(nlp):
    (threat,) = asserted(nlp, "The rebel commander warned on Sunday that his men would storm the town.")
    assert (threat.event_type, threat.event_date) == ("threaten", date(2026, 3, 8))


def test_a_dated_since_clause_is_the_happening_it_names(nlp):
    body = "The fair has drawn big crowds since its opening on Monday."
    (opening,) = [e for e in events(nlp, body) if e.trigger == "opening"]
    assert (opening.modality, opening.event_date) == ("asserted", date(2026, 3, 9))


def test_plural_event_nouns_in_several_places_are_no_one_happening(nlp):
    assert asserted(nlp, "His last album was played at concerts in Berlin and Rome.") == []
    (one,) = asserted(nlp, "His last album was played at a concert in Berlin on Friday.")
    assert one.event_type == "cultural_event"


def test_a_summary_names_the_work_the_film_refers_to(nlp):
    body = (
        "The co-produced movie 'Red Silk' drew crowds. The movie, which premiered in Russia on February 20, is a hit."
    )
    premiere = next(e for e in asserted(nlp, body, date(2025, 5, 10)) if e.trigger == "premiered")
    assert premiere.summary == "Red Silk premiered in Russia"
