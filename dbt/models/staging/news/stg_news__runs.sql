with source as (
    select * from {{ source('news', 'runs') }}
),

renamed as (
    select
        run_id,
        started_at,
        finished_at,
        status as run_status,
        spacy_model,
        files_seen,
        files_new,
        files_changed,
        files_unchanged,
        files_failed,
        files_deleted,
        documents_loaded,
        seconds_by_stage,
        rows_by_mart,
        error as run_error
    from source
)

select * from renamed
