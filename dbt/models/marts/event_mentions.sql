-- One row per (event, article): the first sentence of the article that reports the event.
with candidates as (
    select * from {{ ref('int_events_clustered') }}
),

final as (
    select
        event_id,
        doc_id,
        sentence_index,
        sentence_text as sentence,
        trigger,
        event_status as reported_status,
        date_text,
        event_date as reported_date,
        date_precision,
        date_method,
        (case
            when event_date is not null and date_precision = 'day' then 0.9
            when event_date is not null then 0.7
            else 0.5
        end)::double as confidence
    from candidates
    qualify row_number() over (partition by event_id, doc_id order by sentence_index) = 1
)

select * from final
