-- Mentions of current documents only, with the sentence they sit in: superseded and
-- removed versions must not count towards entities and events.
with mentions as (
    select * from {{ ref('stg_news__entity_mentions') }}
),

documents as (
    select
        doc_id,
        published_at
    from {{ ref('int_documents_versioned') }}
    where article_status = 'current'
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

final as (
    select
        mentions.*,
        documents.published_at,
        sentences.sentence_text,
        sentences.sentence_tone
    from mentions
    inner join documents on mentions.doc_id = documents.doc_id
    left join sentences
        on mentions.doc_id = sentences.doc_id and mentions.sentence_index = sentences.sentence_index
)

select * from final
