-- One row per report: a happening as one current article tells it. The annotate stage
-- already joined the article's candidates that describe one happening (happening_index:
-- anaphora such as "the event", shared participants, same day); here each report takes
-- the finest date its sentences give, the first place, and the summary of its first
-- dated sentence. Reports are what the cross-article clustering compares.
with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
    where report_id is not null
),

documents as (
    select
        doc_id,
        published_at,
        coalesce(source, agency) as source
    from {{ ref('int_documents_versioned') }}
    where article_status = 'current'
),

duplicates as (
    select * from {{ ref('int_documents_clustered') }}
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

current_candidates as (
    select
        candidates.*,
        documents.published_at,
        documents.source
    from candidates
    inner join documents on candidates.doc_id = documents.doc_id
),

report_dates as (
    -- the report's date: resolved first, finest precision, then the earliest sentence that gives it
    select
        report_id,
        event_date,
        end_date,
        date_precision,
        date_text,
        date_method
    from current_candidates
    where date_text is not null
    qualify row_number() over (
        partition by report_id
        order by
            (coalesce(event_date, end_date) is null),  -- a date that resolved, else the words as written
            list_position(['day', 'month', 'year'], date_precision),
            (event_date is null),
            sentence_index,
            trigger_start
    ) = 1
),

report_lead as (
    -- the sentence that reports it first; its summary, preferring a dated one
    select
        report_id,
        sentence_index,
        trigger,
        summary
    from current_candidates
    qualify row_number() over (
        partition by report_id order by (coalesce(event_date, end_date) is null), sentence_index, trigger_start
    ) = 1
),

reports as (
    select
        report_id,
        any_value(doc_id) as doc_id,
        any_value(published_at) as published_at,
        any_value(source) as source,
        mode(event_type) as event_type,
        case
            when bool_or(event_status = 'occurred') then 'occurred'
            when bool_or(event_status = 'planned') then 'planned'
            else 'reported'
        end as event_status,
        arg_min(place, sentence_index) filter (where place is not null) as place,
        list(distinct trigger_lemma order by trigger_lemma) as trigger_lemmas,
        list_sort(list_distinct(flatten(list(keywords)))) as keywords,
        min(sentence_index) as first_sentence_index,
        count(*) as num_candidates
    from current_candidates
    group by report_id
),

final as (
    select
        reports.report_id,
        reports.doc_id,
        reports.published_at,
        reports.source,
        coalesce(duplicates.cluster_id, reports.doc_id) as duplicate_group,
        reports.event_type,
        reports.event_status,
        report_dates.event_date,
        report_dates.end_date,
        report_dates.date_precision,
        report_dates.date_text,
        report_dates.date_method,
        coalesce(report_dates.event_date, report_dates.end_date, reports.published_at) as anchor_date,
        reports.place,
        report_lead.summary,
        report_lead.trigger,
        report_lead.sentence_index,
        sentences.sentence_text,
        reports.trigger_lemmas,
        reports.keywords,
        reports.num_candidates::integer as num_candidates
    from reports
    inner join report_lead on reports.report_id = report_lead.report_id
    left join report_dates on reports.report_id = report_dates.report_id
    left join duplicates on reports.doc_id = duplicates.doc_id
    left join sentences
        on reports.doc_id = sentences.doc_id and report_lead.sentence_index = sentences.sentence_index
)

select * from final
