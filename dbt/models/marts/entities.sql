with entities as (
    select * from {{ ref('int_entities_resolved') }}
),

mentions as (
    select * from {{ ref('int_mentions_merged') }}
),

entity_stats as (
    select
        entity_key,
        list(distinct surface order by surface) as aliases,
        count(*) as num_mentions,
        count(distinct doc_id) as num_articles,
        min(published_at) as first_seen,
        max(published_at) as last_seen
    from mentions
    group by entity_key
),

final as (
    select
        entities.entity_id,
        entities.canonical_name,
        entities.entity_type,
        entity_stats.aliases,
        entities.wikidata_id,
        entities.is_curated,
        entity_stats.num_mentions::integer as num_mentions,
        entity_stats.num_articles::integer as num_articles,
        entity_stats.first_seen,
        entity_stats.last_seen
    from entities
    inner join entity_stats on entities.entity_key = entity_stats.entity_key
)

select * from final
