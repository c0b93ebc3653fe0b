-- Attributed quotes in current articles with the speaker's entity: the entity of the
-- mention at the speaker's offsets, else the entity whose key matches the speaker's
-- name in the article (interview labels such as "GT:" resolved through acronyms).
with quotes as (
    select * from {{ ref('stg_news__quotes') }}
),

articles as (
    select doc_id
    from {{ ref('articles') }}
    where article_status = 'current'
),

mentions as (
    select * from {{ ref('mentions') }}
),

entities as (
    select * from {{ ref('int_entities_resolved') }}
),

final as (
    select
        quotes.quote_id,
        quotes.doc_id,
        coalesce(mentions.entity_id, entities.entity_id) as speaker_entity_id,
        quotes.speaker_name,
        quotes.quote_text,
        quotes.char_start,
        quotes.char_end,
        quotes.sentence_index,
        quotes.quote_method,
        quotes.tone
    from quotes
    inner join articles on quotes.doc_id = articles.doc_id
    left join mentions
        on quotes.doc_id = mentions.doc_id and quotes.speaker_start = mentions.char_start
    left join entities on quotes.speaker_key = entities.entity_key
)

select * from final
