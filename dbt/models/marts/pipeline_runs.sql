-- The status of the last runs from the warehouse itself, so it works without the
-- Prefect server: when, how long, files by status, and what failed.
{{ config(materialized='view') }}

with runs as (
    select * from {{ ref('stg_news__runs') }}
),

files as (
    select * from {{ ref('stg_news__files') }}
),

failed_files as (
    select
        run_id,
        list(file_path || ': ' || coalesce(file_error, 'failed') order by file_path) as failed_files
    from files
    where file_status = 'failed'
    group by run_id
),

final as (
    select
        runs.run_id,
        runs.started_at,
        runs.finished_at,
        runs.run_status,
        date_diff('millisecond', runs.started_at, runs.finished_at) / 1000.0 as duration_seconds,
        runs.files_seen,
        runs.files_new,
        runs.files_changed,
        runs.files_unchanged,
        runs.files_failed,
        runs.files_deleted,
        runs.documents_loaded,
        coalesce(failed_files.failed_files, []) as failed_files,
        runs.run_error,
        runs.seconds_by_stage,
        runs.rows_by_mart
    from runs
    left join failed_files on runs.run_id = failed_files.run_id
)

select * from final
