-- Mentions with their final entity key: the resolved key, or the key it ends at when
-- int_entity_merges is followed to the end. Merges chain: "德米特里 科尔尼洛夫" merges by
-- sound into "dmitry kornilov", which merges by transliteration into the more mentioned
-- "дмитрий корнилов"; all three must land on one entity. A merge always goes from the
-- less to the more mentioned key (ties by key order), so chains cannot loop; the cap
-- on chain length only bounds the work.
with recursive entity_merges as (
    select * from {{ ref('int_entity_merges') }}
),

mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

merge_chains as (
    select
        from_key,
        into_key,
        1 as chain_length
    from entity_merges
    union all
    select
        merge_chains.from_key,
        entity_merges.into_key,
        merge_chains.chain_length + 1 as chain_length
    from merge_chains
    inner join entity_merges on merge_chains.into_key = entity_merges.from_key
    where merge_chains.chain_length < 20
),

chain_ends as (
    select
        from_key,
        arg_max(into_key, chain_length) as into_key
    from merge_chains
    group by from_key
),

final as (
    select
        mentions.*,
        coalesce(chain_ends.into_key, mentions.resolved_key) as entity_key,
        chain_ends.into_key is not null as was_merged
    from mentions
    left join chain_ends on mentions.resolved_key = chain_ends.from_key
)

select * from final
