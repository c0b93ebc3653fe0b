with source as (
    select * from {{ source('news', 'event_candidates') }}
),

renamed as (
    select
        md5(doc_id || ':' || trigger_start) as candidate_id,
        doc_id,
        sentence_index,
        event_type,
        trigger,
        trigger_lemma,
        trigger_start,
        trigger_end,
        status as event_status,
        modality,
        date_text,
        event_date,
        end_date,
        date_precision,
        date_method,
        place,
        clause_start,
        clause_end,
        actor_start,
        actor_end,
        target_start,
        target_end,
        antecedent_start,
        anaphoric,
        summary,
        keywords,
        happening_index,
        case when happening_index is not null then md5(doc_id || '#' || happening_index) end as report_id
    from source
)

select * from renamed
