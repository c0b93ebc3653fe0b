-- Cross-article event de-duplication. Two current candidates report the same event when
-- they have the same type, compatible statuses (equal, or occurred and "reported": a
-- plan never merges with what happened), compatible dates and at least one shared key
-- participant (a person, organisation, work or named event; places and nationalities
-- are too common to count):
--   * both dated to the day: at most {{ day_window }} days apart (reports disagree by a day or two);
--   * a day and a month, or two months: the same month;
--   * year-only dates link only to year-only dates (a bare year is too weak a bridge).
-- A candidate whose date could not be resolved (no publication date to anchor "in
-- February") or that has none joins the dated candidate it shares most participants
-- with, if type and status are equal and any month it names agrees; candidates of
-- statements and meetings never join without a date (too many look alike).
-- Events are the connected components of these links (label propagation below).
{% set day_window = 2 %}
{% set propagation_steps = 12 %}

with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
),

documents as (
    select
        doc_id,
        published_at,
        coalesce(source, agency) as source
    from {{ ref('int_documents_versioned') }}
    where article_status = 'current'
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

key_participants as (
    select
        candidate_id,
        entity_id
    from {{ ref('int_event_participants_found') }}
    where entity_type in ('person', 'organization', 'work', 'event_name')
),

current_candidates as (
    select
        candidates.*,
        documents.published_at,
        documents.source,
        sentences.sentence_text
    from candidates
    inner join documents on candidates.doc_id = documents.doc_id
    left join sentences
        on candidates.doc_id = sentences.doc_id and candidates.sentence_index = sentences.sentence_index
),

dated as (
    select * from current_candidates
    where event_date is not null
),

undated as (
    select * from current_candidates
    where event_date is null and event_type in ('release', 'production', 'agreement', 'cultural_event', 'appointment')
),

shared_participants as (
    select
        a.candidate_id as candidate_a,
        b.candidate_id as candidate_b,
        count(distinct a.entity_id) as num_shared
    from key_participants as a
    inner join key_participants as b on a.entity_id = b.entity_id and a.candidate_id != b.candidate_id
    group by a.candidate_id, b.candidate_id
),

dated_links as (
    select
        dated_a.candidate_id as candidate_a,
        dated_b.candidate_id as candidate_b
    from dated as dated_a
    inner join dated as dated_b
        on
            dated_a.event_type = dated_b.event_type
            and dated_a.candidate_id < dated_b.candidate_id
            and (
                dated_a.event_status = dated_b.event_status
                or (
                    dated_a.event_status in ('occurred', 'reported')
                    and dated_b.event_status in ('occurred', 'reported')
                )
            )
    inner join shared_participants
        on
            dated_a.candidate_id = shared_participants.candidate_a
            and dated_b.candidate_id = shared_participants.candidate_b
    where
        case
            when dated_a.date_precision = 'day' and dated_b.date_precision = 'day'
                then abs(date_diff('day', dated_a.event_date, dated_b.event_date)) <= {{ day_window }}
            when dated_a.date_precision = 'year' or dated_b.date_precision = 'year'
                then dated_a.date_precision = dated_b.date_precision and dated_a.event_date = dated_b.event_date
            else date_trunc('month', dated_a.event_date) = date_trunc('month', dated_b.event_date)
        end
),

undated_options as (
    select
        undated.candidate_id as candidate_a,
        dated.candidate_id as candidate_b,
        shared_participants.num_shared
    from undated
    inner join dated
        on
            undated.event_type = dated.event_type
            and undated.event_status = dated.event_status
            and (undated.month_named is null or undated.month_named = month(dated.event_date))
    inner join shared_participants
        on
            undated.candidate_id = shared_participants.candidate_a
            and dated.candidate_id = shared_participants.candidate_b
),

undated_links as (
    select
        candidate_a,
        candidate_b
    from undated_options
    qualify row_number() over (partition by candidate_a order by num_shared desc, candidate_b asc) = 1
),

links as (
    select
        candidate_a,
        candidate_b
    from dated_links
    union all
    select
        candidate_a,
        candidate_b
    from undated_links
),

edges as (
    select
        candidate_a as candidate_id,
        candidate_b as other_id
    from links
    union all
    select
        candidate_b as candidate_id,
        candidate_a as other_id
    from links
),

{#
    Connected components by label propagation: every linked candidate starts with its own id and
    takes the smallest id among its neighbours, {{ propagation_steps }} times. Memory stays
    linear in the links (a reachability closure is quadratic in a component's size);
    chains longer than {{ propagation_steps }} links would stay split, which the report
    dates and shared participants make rare.
#}
labels_0 as (
    -- only linked candidates take part; every other candidate is an event of its own
    select distinct
        candidate_id,
        candidate_id as component_id
    from edges
),

-- the linter cannot map indentation across the iterations of a Jinja loop
-- noqa: disable=LT02
{% for step in range(1, propagation_steps + 1) %}
labels_{{ step }} as (
    select
        labels.candidate_id,
        least(labels.component_id, min(coalesce(neighbours.component_id, labels.component_id))) as component_id
    from labels_{{ step - 1 }} as labels
    left join edges on labels.candidate_id = edges.candidate_id
    left join labels_{{ step - 1 }} as neighbours on edges.other_id = neighbours.candidate_id
    group by labels.candidate_id, labels.component_id
),

{% endfor %}
-- noqa: enable=LT02
components as (
    select
        current_candidates.candidate_id,
        coalesce(labels.component_id, current_candidates.candidate_id) as component_id
    from current_candidates
    left join labels_{{ propagation_steps }} as labels on current_candidates.candidate_id = labels.candidate_id
),

final as (
    select
        components.component_id,
        current_candidates.*
    from current_candidates
    inner join components on current_candidates.candidate_id = components.candidate_id
)

select * from final
