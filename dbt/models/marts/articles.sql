with documents as (
    select * from {{ ref('int_documents_versioned') }}
),

clusters as (
    select * from {{ ref('int_documents_clustered') }}
),

final as (
    select
        documents.doc_id,
        documents.title,
        documents.source,
        documents.agency,
        documents.published_at,
        documents.published_source,
        documents.dateline_place,
        documents.author,
        documents.language,
        documents.url,
        documents.description,
        documents.keywords,
        documents.captions,
        documents.body,
        documents.word_count::integer as word_count,
        documents.file_paths,
        documents.num_files::integer as num_files,
        documents.article_status,
        coalesce(clusters.cluster_id, documents.doc_id) as cluster_id,
        clusters.cluster_similarity,
        documents.extraction_method,
        documents.encoding,
        documents.spacy_model,
        documents.annotator,
        documents.first_loaded_at
    from documents
    left join clusters on documents.doc_id = clusters.doc_id
)

select * from final
