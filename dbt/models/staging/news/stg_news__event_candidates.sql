with source as (
    select * from {{ source('news', 'event_candidates') }}
),

renamed as (
    select
        md5(doc_id || ':' || sentence_index) as candidate_id,
        doc_id,
        sentence_index,
        event_type,
        trigger,
        trigger_lemma,
        trigger_start,
        trigger_end,
        status as event_status,
        date_text,
        event_date,
        date_precision,
        date_method,
        place
    from source
)

select * from renamed
