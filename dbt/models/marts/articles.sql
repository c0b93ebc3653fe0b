with documents as (
    select * from {{ ref('int_documents_versioned') }}
),

clusters as (
    select * from {{ ref('int_documents_clustered') }}
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

tones as (
    -- an article's tone is the mean of its sentences' tones, each sentence weighing the same
    -- (GDELT's AvgTone is one number per article on one scale too)
    select
        doc_id,
        avg(sentence_tone) as tone,
        count(sentence_tone) as num_toned_sentences
    from sentences
    group by doc_id
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
        documents.first_loaded_at,
        (case when documents.tone_method not like 'none%' then round(tones.tone, 4) end)::double as tone,
        coalesce(documents.tone_method, 'none: loaded before tone was scored; rebuild the warehouse to score it')
            as tone_method
    from documents
    left join clusters on documents.doc_id = clusters.doc_id
    left join tones on documents.doc_id = tones.doc_id
)

select * from final
