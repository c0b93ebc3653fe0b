with entities as (
    select * from {{ ref('int_entities_resolved') }}
),

mentions as (
    select * from {{ ref('int_mentions_current') }}
),

entity_stats as (
    select
        entities.entity_id,
        list(distinct mentions.surface order by mentions.surface) as aliases,
        count(*) as num_mentions,
        count(distinct mentions.doc_id) as num_articles,
        min(mentions.published_at) as first_seen,
        max(mentions.published_at) as last_seen
    from entities
    inner join mentions on entities.name_key = mentions.name_key
    group by entities.entity_id
),

final as (
    select
        entities.entity_id,
        entities.canonical_name,
        entities.entity_type,
        entity_stats.aliases,
        entity_stats.num_mentions::integer as num_mentions,
        entity_stats.num_articles::integer as num_articles,
        entity_stats.first_seen,
        entity_stats.last_seen
    from entities
    inner join entity_stats on entities.entity_id = entity_stats.entity_id
)

select * from final
