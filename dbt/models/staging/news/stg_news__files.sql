with source as (
    select * from {{ source('news', 'files') }}
),

renamed as (
    select
        file_seq,
        path as file_path,
        sha256 as file_sha256,
        bytes as file_bytes,
        modified_at as file_modified_at,
        format as file_format,
        encoding as file_encoding,
        change as file_change,
        status as file_status,
        error as file_error,
        note as file_note,
        run_id,
        loaded_at
    from source
)

select * from renamed
