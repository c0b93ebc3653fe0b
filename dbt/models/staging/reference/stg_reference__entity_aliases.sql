-- One row per name key of a curated entity, in any language: the hand-written reference
-- (entity_aliases) first, then every country from GeoNames/pycountry (reference_countries),
-- then the Russian and Chinese names of big cities from GeoNames (reference_cities).
-- A key two entities claim goes to the earlier source, then to the canonical spelling.
with hand_written as (
    select
        *,
        1 as source_rank
    from {{ ref('entity_aliases') }}
),

countries as (
    select
        *,
        2 as source_rank
    from {{ ref('reference_countries') }}
),

cities as (
    select
        *,
        3 as source_rank
    from {{ ref('reference_cities') }}
),

aliases as (
    select * from hand_written
    union all
    select * from countries
    union all
    select * from cities
),

entity_ids as (
    select
        canonical_name,
        max(nullif(trim(wikidata_id), '')) as wikidata_id,
        max(nullif(trim(geonames_id), '')) as geonames_id
    from aliases
    group by canonical_name
),

keyed as (
    select
        {{ name_key('aliases.alias') }} as alias_key,
        {{ name_key('aliases.canonical_name') }} as canonical_key,
        aliases.canonical_name,
        aliases.entity_type,
        aliases.alias,
        aliases.language,
        aliases.alias_kind,
        entity_ids.wikidata_id,
        entity_ids.geonames_id,
        aliases.source_rank
    from aliases
    inner join entity_ids on aliases.canonical_name = entity_ids.canonical_name
    where trim(aliases.alias) != ''
),

final as (
    select
        alias_key,
        canonical_key,
        canonical_name,
        entity_type,
        alias,
        language,
        alias_kind,
        wikidata_id,
        geonames_id
    from keyed
    qualify row_number() over (
        partition by alias_key
        order by source_rank asc, (alias_kind = 'canonical') desc, canonical_name asc
    ) = 1
)

select * from final
