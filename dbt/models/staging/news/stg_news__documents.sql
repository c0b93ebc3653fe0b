with source as (
    select * from {{ source('news', 'documents') }}
),

renamed as (
    select
        doc_id,
        nullif(trim(title), '') as title,
        body,
        published_at,
        published_source,
        nullif(trim(source), '') as source,
        nullif(trim(agency), '') as agency,
        dateline_place,
        coalesce(dateline_end, 0) as dateline_end,
        author,
        language,
        language_score,
        url,
        description,
        coalesce(keywords, []) as keywords,
        coalesce(captions, []) as captions,
        coalesce(dropped, []) as dropped_lines,
        word_count,
        extraction_method,
        encoding,
        minhash,
        lsh_bands,
        spacy_model,
        annotator,
        tone_method,
        run_id,
        loaded_at
    from source
)

select * from renamed
