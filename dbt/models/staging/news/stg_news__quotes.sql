with source as (
    select * from {{ source('news', 'quotes') }}
),

renamed as (
    select
        md5(doc_id || ':q:' || quote_start) as quote_id,
        doc_id,
        sentence_index,
        quote_start as char_start,
        quote_end as char_end,
        quote_text,
        speaker_start,
        speaker_end,
        speaker_name,
        {{ name_key('speaker_name') }} as speaker_key,
        method as quote_method,
        tone
    from source
)

select * from renamed
