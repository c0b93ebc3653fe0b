-- Every document with the files it came from and whether it is current, superseded by
-- a newer version of its file, or removed because all its files were deleted.
with files as (
    select * from {{ ref('stg_news__files') }}
),

file_documents as (
    select * from {{ ref('stg_news__file_documents') }}
),

documents as (
    select * from {{ ref('stg_news__documents') }}
),

latest_file_versions as (
    select *
    from files
    qualify row_number() over (partition by file_path order by file_seq desc) = 1
),

document_files as (
    select
        file_documents.doc_id,
        files.file_path,
        files.loaded_at,
        latest_file_versions.file_status as path_status,
        latest_file_versions.file_seq = files.file_seq as is_latest_version
    from file_documents
    inner join files on file_documents.file_seq = files.file_seq
    inner join latest_file_versions on files.file_path = latest_file_versions.file_path
),

document_status as (
    select
        doc_id,
        list(distinct file_path order by file_path) as file_paths,
        min(loaded_at) as first_loaded_at,
        bool_or(is_latest_version and path_status in ('loaded', 'duplicate')) as is_current,
        bool_and(path_status = 'deleted') as is_removed
    from document_files
    group by doc_id
),

final as (
    select
        documents.*,
        document_status.file_paths,
        len(document_status.file_paths) as num_files,
        document_status.first_loaded_at,
        case
            when document_status.is_current then 'current'
            when document_status.is_removed then 'removed'
            else 'superseded'
        end as article_status
    from documents
    inner join document_status on documents.doc_id = document_status.doc_id
)

select * from final
