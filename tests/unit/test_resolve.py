"""Entity spans and in-document resolution, on the seed sentences that show each problem."""

from flows.annotate.mentions import join_broken_spans, make_mention
from flows.annotate.resolve import resolve_in_document

S001 = (
    "China Media Group (CMG) and the All-Russia State Television and Radio Broadcasting Company (VGTRK) "
    "held a cultural exchange event on Wednesday."
)


def spans(body: str, *parts: tuple[str, str]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for text, label in parts:
        start = body.index(text, pos)
        out.append((start, start + len(text), label))
        pos = start + len(text)
    return out


def mentions(body: str, *parts: tuple[str, str]):
    joined = join_broken_spans(body, spans(body, *parts))
    return resolve_in_document(body, [make_mention(body, s, e, label, 0) for s, e, label in joined])


def test_organisation_split_at_and_is_joined_but_two_organisations_are_not():
    found = mentions(
        S001,
        ("China Media Group", "ORG"), ("CMG", "ORG"), ("the All-Russia State Television", "ORG"),
        ("Radio Broadcasting Company", "ORG"), ("VGTRK", "PERSON"),
    )  # fmt: skip
    surfaces = [m.surface for m in found]
    assert "All-Russia State Television and Radio Broadcasting Company" in surfaces
    assert "China Media Group" in surfaces  # "Group and the All-Russia ..." stays two names


def test_a_one_word_organisation_before_and_is_a_name_of_its_own():
    body = "Gazprom and China National Petroleum Corp. signed a supply deal."
    found = mentions(body, ("Gazprom", "ORG"), ("China National Petroleum Corp.", "ORG"))
    assert [m.surface for m in found] == ["Gazprom", "China National Petroleum Corp."]


def test_acronym_defined_in_brackets_resolves_even_when_mislabelled_as_person():
    found = mentions(
        S001,
        ("China Media Group", "ORG"), ("CMG", "ORG"), ("the All-Russia State Television", "ORG"),
        ("Radio Broadcasting Company", "ORG"), ("VGTRK", "PERSON"),
    )  # fmt: skip
    by_surface = {m.surface: m for m in found}
    assert (by_surface["CMG"].canonical, by_surface["CMG"].resolution) == ("China Media Group", "acronym")
    assert by_surface["VGTRK"].canonical == "All-Russia State Television and Radio Broadcasting Company"


def test_a_dateline_agency_is_no_acronym_of_the_city_before_it():
    body = "LOS ANGELES (AP) — The port of Los Angeles said on Monday that the United Arab Emirates (UAE) would invest."
    found = mentions(
        body, ("LOS ANGELES", "GPE"), ("AP", "ORG"), ("Los Angeles", "GPE"), ("United Arab Emirates", "GPE"),
        ("UAE", "GPE"),
    )  # fmt: skip
    by_surface = {m.surface: m for m in found}
    assert (by_surface["AP"].canonical, by_surface["AP"].resolution) == ("AP", "self")
    assert (by_surface["UAE"].canonical, by_surface["UAE"].resolution) == ("United Arab Emirates", "acronym")


def test_unclosed_bracket_is_trimmed_from_the_span():
    body = "Svetlana Balanova, CEO of the Russian media holding National Media Group (NMG), which co-produced"
    found = mentions(body, ("Svetlana Balanova", "PERSON"), ("National Media Group (NMG", "ORG"))
    assert found[1].surface == "National Media Group"
    assert body[found[1].char_start : found[1].char_end] == "National Media Group"


def test_surname_and_initials_point_to_the_full_name_in_the_same_article():
    body = "Shen Haixiong met Svetlana Balanova. Shen said so, noted S. Balanova."
    found = mentions(
        body,
        ("Shen Haixiong", "PERSON"),
        ("Svetlana Balanova", "PERSON"),
        ("Shen", "PERSON"),
        ("S. Balanova", "PERSON"),
    )
    assert [(m.surface, m.canonical, m.resolution) for m in found[2:]] == [
        ("Shen", "Shen Haixiong", "surname"),
        ("S. Balanova", "Svetlana Balanova", "initials"),
    ]


def test_surname_mislabelled_as_organisation_still_resolves():
    body = "Russian Culture Minister Olga Lyubimova spoke. A discussion between Lyubimova and Shen followed."
    found = mentions(body, ("Olga Lyubimova", "PERSON"), ("Lyubimova", "ORG"))
    assert found[1].canonical == "Olga Lyubimova"


def test_two_people_sharing_a_surname_are_not_guessed_between():
    body = "Anna Yarina and Boris Yarina spoke. Yarina said no."
    found = mentions(body, ("Anna Yarina", "PERSON"), ("Boris Yarina", "PERSON"), ("Yarina", "PERSON"))
    assert (found[2].canonical, found[2].resolution) == ("Yarina", "self")


def test_title_is_stripped_from_a_person():
    body = "In light of agreements made between President Xi and President Putin in 2023"
    found = mentions(body, ("President Xi", "PERSON"))
    assert found[0].surface == "Xi"


def test_quoted_title_after_a_work_noun_is_a_work_even_when_the_model_misses_it():
    from flows.annotate.mentions import quoted_work_spans

    body = 'featuring discussions led by the creative minds behind the co-produced movie "Red Silk," which premiered'
    (found,) = quoted_work_spans(body, 0, len(body), [])
    assert body[found[0] : found[1]] == "Red Silk" and found[2] == "WORK_OF_ART"
    assert quoted_work_spans('He said "Thank You" to them', 0, 27, []) == []  # no work noun before it


def test_work_title_keeps_its_the():
    body = 'films including "The Sinking of the Lisbon Maru."'
    start = body.index("The Sinking")
    mention = make_mention(body, start, len(body) - 2, "WORK_OF_ART", 0)
    assert mention.surface == "The Sinking of the Lisbon Maru"


def test_bare_surname_labelled_as_a_place_resolves_to_the_person():
    body = "the Soviet cameraman Roman Lazarevich Karmen was sent to China. Karmen's work highlighted"
    found = mentions(body, ("Roman Lazarevich Karmen", "PERSON"), ("China", "GPE"), ("Karmen", "GPE"))
    assert [(m.surface, m.canonical) for m in found] == [
        ("Roman Lazarevich Karmen", "Roman Lazarevich Karmen"), ("China", "China"), ("Karmen", "Roman Lazarevich Karmen"),
    ]  # fmt: skip


def test_resolution_keeps_the_type_the_mention_was_given():
    body = "Ties between the Global South and South-South trade grew, Anna Lind said."
    found = mentions(body, ("South-South", "GPE"), ("Anna Lind", "PERSON"))
    assert [(m.surface, m.entity_type) for m in found] == [("South-South", "group"), ("Anna Lind", "person")]


def test_a_surname_the_model_took_for_a_place_is_the_person_named_in_full():
    body = "Envoy Gordon Marsh testified on Tuesday. Marsh said the aid was held back, and Marsh left."
    found = mentions(body, ("Gordon Marsh", "PERSON"), ("Marsh", "GPE"), ("Marsh", "ORG"))
    assert [(m.canonical, m.label, m.entity_type) for m in found[1:]] == [
        ("Gordon Marsh", "PERSON", "person"),
        ("Gordon Marsh", "PERSON", "person"),
    ]
