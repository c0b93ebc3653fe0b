with entities as (
    select * from {{ ref('int_entities_resolved') }}
),

mentions as (
    select * from {{ ref('int_mentions_merged') }}
),

places as (
    select * from {{ ref('int_places_geocoded') }}
),

entity_stats as (
    select
        entity_key,
        -- a post standing for a person ("the minister") is a mention, not a name of theirs
        list(distinct surface order by surface) filter (where resolution != 'role') as aliases,
        count(*) as num_mentions,
        count(distinct doc_id) as num_articles,
        min(published_at) as first_seen,
        max(published_at) as last_seen
    from mentions
    group by entity_key
),

ranked as (
    select
        entities.*,
        entity_stats.aliases,
        entity_stats.num_mentions,
        entity_stats.num_articles,
        entity_stats.first_seen,
        entity_stats.last_seen,
        -- nationality and other group words ("Chinese", "Russian") are kept, flagged, and
        -- left out of the ranking: they top any count and name no actor
        entities.entity_type != 'group' as is_ranked
    from entities
    inner join entity_stats on entities.entity_key = entity_stats.entity_key
),

final as (
    select
        ranked.entity_id,
        ranked.canonical_name,
        ranked.entity_type,
        ranked.aliases,
        ranked.wikidata_id,
        ranked.is_curated,
        ranked.num_mentions::integer as num_mentions,
        ranked.num_articles::integer as num_articles,
        ranked.first_seen,
        ranked.last_seen,
        ranked.is_ranked,
        case
            when ranked.is_ranked
                then (row_number() over (
                    partition by ranked.is_ranked
                    order by ranked.num_articles desc, ranked.num_mentions desc, ranked.canonical_name asc
                ))::integer
        end as entity_rank,
        places.geonames_id::bigint as geonames_id,
        places.country_code,
        places.feature_class,
        places.latitude::double as latitude,
        places.longitude::double as longitude,
        places.geo_method
    from ranked
    left join places on ranked.entity_key = places.entity_key
)

select * from final
