with mentions as (
    select * from {{ ref('int_mentions_merged') }}
),

entities as (
    select * from {{ ref('int_entities_resolved') }}
),

final as (
    select
        mentions.mention_id,
        mentions.doc_id,
        entities.entity_id,
        mentions.surface,
        mentions.raw_surface,
        mentions.char_start,
        mentions.char_end,
        mentions.raw_start,
        mentions.raw_end,
        mentions.sentence_index,
        mentions.sentence_text,
        mentions.sentence_tone,
        mentions.model_label,
        mentions.canonical_hint as name_in_article,
        mentions.resolution_method
    from mentions
    inner join entities on mentions.entity_key = entities.entity_key
)

select * from final
