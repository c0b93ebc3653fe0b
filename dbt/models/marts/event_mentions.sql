-- One row per (event, article): the sentence where the article first reports the event,
-- with the date and status that article gives.
with reports as (
    select * from {{ ref('int_event_reports_grouped') }}
),

clusters as (
    select * from {{ ref('int_events_clustered') }}
),

events as (
    select * from {{ ref('int_events_identified') }}
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

final as (
    select
        events.event_id,
        reports.doc_id,
        reports.sentence_index,
        reports.sentence_text as sentence,
        reports.trigger,
        reports.event_status as reported_status,
        reports.date_text,
        reports.event_date as reported_date,
        reports.date_precision,
        reports.date_method,
        -- how surely this report belongs to the event: its link to the event's central
        -- report, lowered when it gives no date of its own
        (case
            when reports.event_date is null then clusters.centre_score * 0.8
            else clusters.centre_score
        end)::double as confidence,
        reports.end_date as reported_end_date,
        reports.summary as reported_summary,
        sentences.sentence_tone
    from reports
    inner join clusters on reports.report_id = clusters.report_id
    inner join events on clusters.cluster_id = events.cluster_id
    left join sentences
        on reports.doc_id = sentences.doc_id and reports.sentence_index = sentences.sentence_index
    qualify row_number() over (
        partition by events.event_id, reports.doc_id order by clusters.centre_score desc, reports.sentence_index asc
    ) = 1
)

select * from final
