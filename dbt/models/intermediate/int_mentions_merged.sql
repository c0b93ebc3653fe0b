-- Mentions with their final entity key: the resolved key, or the key it was merged
-- into by int_entity_merges.
with mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

entity_merges as (
    select * from {{ ref('int_entity_merges') }}
),

final as (
    select
        mentions.*,
        coalesce(entity_merges.into_key, mentions.resolved_key) as entity_key,
        entity_merges.into_key is not null as was_merged
    from mentions
    left join entity_merges on mentions.resolved_key = entity_merges.from_key
)

select * from final
