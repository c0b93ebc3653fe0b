with source as (
    select * from {{ source('news', 'file_documents') }}
),

renamed as (
    select
        file_seq,
        doc_id,
        position as position_in_file
    from source
)

select * from renamed
