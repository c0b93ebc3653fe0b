-- One row per name (canonical name or alias) of a curated entity, keyed for matching.
with reference as (
    select * from {{ ref('entity_reference') }}
),

names as (
    select
        canonical_name,
        entity_type,
        nullif(trim(wikidata_id), '') as wikidata_id,
        unnest(list_distinct(list_append(string_split(coalesce(aliases, ''), '|'), canonical_name))) as alias_name
    from reference
),

final as (
    select distinct
        {{ name_key('alias_name') }} as alias_key,
        {{ name_key('canonical_name') }} as canonical_key,
        canonical_name,
        entity_type,
        wikidata_id
    from names
    where trim(alias_name) != ''
)

select * from final
