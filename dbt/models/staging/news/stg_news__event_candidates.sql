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
        date_text,
        event_date,
        date_precision,
        date_method,
        place,
        clause_start,
        clause_end,
        subject_start,
        subject_end,
        antecedent_start,
        list_position(
            [
                'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'
            ],
            regexp_extract(
                lower(date_text),
                '\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b',
                1
            )
        ) as month_named
    from source
)

select * from renamed
