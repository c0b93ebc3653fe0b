-- One row per entity across all current articles. Name and type come from the curated
-- reference when it knows the entity; otherwise the type is the majority of the
-- mentions' types (so one mislabelled mention neither splits nor retypes it) and the
-- name is the most used in-article canonical name in Latin script if there is one (an
-- entity merged across languages is named as English text names it). Ties go to the more specific type:
-- a small model's commonest error is calling a name a place ("AI", a surname, a film).
{% set type_order = ['person', 'organization', 'work', 'event_name', 'place', 'group', 'other'] %}

with mentions as (
    select * from {{ ref('int_mentions_merged') }}
),

type_votes as (
    select
        entity_key,
        model_entity_type,
        count(*) as num_votes
    from mentions
    group by entity_key, model_entity_type
),

voted_types as (
    select
        entity_key,
        model_entity_type as voted_type
    from type_votes
    qualify row_number() over (
        partition by entity_key
        order by num_votes desc, list_position({{ type_order }}, model_entity_type) asc
    ) = 1
),

spellings as (
    select
        entity_key,
        canonical_hint,
        count(*) as num_uses
    from mentions
    group by entity_key, canonical_hint
),

most_used_names as (
    select
        entity_key,
        canonical_hint as most_used_name
    from spellings
    qualify row_number() over (
        partition by entity_key
        order by
            regexp_matches(canonical_hint, '[A-Za-z]') desc,
            num_uses desc,
            length(canonical_hint) desc,
            canonical_hint asc
    ) = 1
),

curated as (
    select
        entity_key,
        any_value(reference_name) as reference_name,
        any_value(reference_type) as reference_type,
        any_value(wikidata_id) as wikidata_id,
        any_value(geonames_id) as geonames_id
    from mentions
    where reference_name is not null
    group by entity_key
),

named as (
    select
        most_used_names.entity_key,
        coalesce(curated.reference_name, most_used_names.most_used_name) as canonical_name,
        coalesce(curated.reference_type, voted_types.voted_type) as entity_type,
        curated.wikidata_id,
        curated.geonames_id,
        curated.reference_name is not null as is_curated
    from most_used_names
    inner join voted_types on most_used_names.entity_key = voted_types.entity_key
    left join curated on most_used_names.entity_key = curated.entity_key
),

final as (
    select
        md5(entity_type || '|' || canonical_name) as entity_id,
        *
    from named
)

select * from final
