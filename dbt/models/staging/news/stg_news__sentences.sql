with source as (
    select * from {{ source('news', 'sentences') }}
),

renamed as (
    select
        doc_id,
        sentence_index,
        char_start as sentence_start,
        char_end as sentence_end,
        text as sentence_text,
        tone as sentence_tone
    from source
)

select * from renamed
