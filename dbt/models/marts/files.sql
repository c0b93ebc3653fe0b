-- One row per file path the pipeline has seen: its latest recorded version, so an analyst
-- sees what is in seeds/ now, what failed and why, and what was deleted.
{{ config(materialized='view') }}

with files as (
    select * from {{ ref('stg_news__files') }}
),

file_documents as (
    select * from {{ ref('stg_news__file_documents') }}
),

versions as (
    select
        file_path,
        count(*) as num_versions,
        min(loaded_at) as first_seen_at
    from files
    group by file_path
),

latest as (
    select * from files
    qualify row_number() over (partition by file_path order by file_seq desc) = 1
),

documents as (
    select
        file_seq,
        count(*) as num_documents
    from file_documents
    group by file_seq
),

final as (
    select
        latest.file_path,
        latest.file_status,
        latest.file_error,
        latest.file_note,
        latest.file_format,
        latest.file_encoding,
        latest.file_bytes::bigint as file_bytes,
        latest.file_sha256,
        coalesce(documents.num_documents, 0)::integer as num_documents,
        versions.num_versions::integer as num_versions,
        versions.first_seen_at,
        latest.loaded_at as last_seen_at,
        latest.run_id as last_run_id
    from latest
    inner join versions on latest.file_path = versions.file_path
    left join documents on latest.file_seq = documents.file_seq
)

select * from final
