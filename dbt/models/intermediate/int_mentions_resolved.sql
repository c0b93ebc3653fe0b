-- Each current mention with the entity key it resolves to, in order of evidence:
-- 1. the curated reference (seed entity_reference) matched on the in-article name;
-- 2. an acronym used bare here but defined in another article ("CMG" → China Media Group),
--    unless the reference knows the acronym or this article defined it itself;
-- 3. the in-article canonical name (acronym, surname and initials resolved in Python).
with mentions as (
    select * from {{ ref('int_mentions_current') }}
),

reference as (
    select * from {{ ref('stg_reference__entity_aliases') }}
),

acronym_definitions as (
    select
        name_key as acronym_key,
        hint_key as expansion_key,
        count(*) as num_uses
    from mentions
    where resolution = 'acronym'
    group by name_key, hint_key
),

acronym_expansions as (
    select
        acronym_key,
        expansion_key
    from acronym_definitions
    qualify row_number() over (partition by acronym_key order by num_uses desc, expansion_key asc) = 1
),

expanded as (
    select
        mentions.*,
        coalesce(
            case
                when mentions.resolution = 'self' and direct_reference.alias_key is null
                    then acronym_expansions.expansion_key
            end,
            mentions.hint_key
        ) as expanded_key,
        mentions.resolution = 'self'
        and direct_reference.alias_key is null
        and acronym_expansions.expansion_key is not null as used_acronym_elsewhere
    from mentions
    left join reference as direct_reference on mentions.hint_key = direct_reference.alias_key
    left join acronym_expansions on mentions.hint_key = acronym_expansions.acronym_key
),

final as (
    select
        expanded.*,
        coalesce(reference.canonical_key, expanded.expanded_key) as resolved_key,
        reference.canonical_name as reference_name,
        reference.entity_type as reference_type,
        reference.wikidata_id,
        reference.geonames_id,
        case
            when reference.alias_key is not null then 'reference'
            when expanded.used_acronym_elsewhere then 'acronym_elsewhere'
            else expanded.resolution
        end as resolution_method
    from expanded
    left join reference on expanded.expanded_key = reference.alias_key
)

select * from final
