-- One row per (event, article): the first sentence of the article that reports the event,
-- with the date that article gives.
with candidates as (
    select * from {{ ref('int_events_clustered') }}
),

events as (
    select * from {{ ref('int_events_identified') }}
),

final as (
    select
        events.event_id,
        candidates.doc_id,
        candidates.sentence_index,
        candidates.sentence_text as sentence,
        candidates.trigger,
        candidates.event_status as reported_status,
        candidates.date_text,
        candidates.event_date as reported_date,
        candidates.date_precision,
        candidates.date_method,
        (case
            when candidates.event_date is not null and candidates.date_precision = 'day' then 0.9
            when candidates.event_date is not null then 0.7
            when candidates.component_id != candidates.candidate_id then 0.6
            else 0.5
        end)::double as confidence
    from candidates
    inner join events on candidates.component_id = events.component_id
    qualify row_number() over (
        partition by events.event_id, candidates.doc_id order by candidates.sentence_index, candidates.trigger_start
    ) = 1
)

select * from final
