-- Cross-document entity resolution: mentions whose names share a matching key are one
-- entity. Its type is the majority of its mentions' types (so one mislabelled mention
-- neither splits nor retypes it) and its canonical name is its most frequent spelling.
{% set type_order = ['person', 'organization', 'place', 'work', 'event_name', 'group', 'other'] %}

with mentions as (
    select * from {{ ref('int_mentions_current') }}
),

type_votes as (
    select
        name_key,
        model_entity_type,
        count(*) as num_votes
    from mentions
    group by name_key, model_entity_type
),

voted_types as (
    select
        name_key,
        model_entity_type as entity_type
    from type_votes
    qualify row_number() over (
        partition by name_key
        order by num_votes desc, list_position({{ type_order }}, model_entity_type) asc
    ) = 1
),

spellings as (
    select
        name_key,
        surface,
        count(*) as num_uses
    from mentions
    group by name_key, surface
),

canonical_names as (
    select
        name_key,
        surface as canonical_name
    from spellings
    qualify row_number() over (
        partition by name_key order by num_uses desc, length(surface) desc, surface
    ) = 1
),

final as (
    select
        md5(voted_types.entity_type || '|' || canonical_names.canonical_name) as entity_id,
        canonical_names.name_key,
        canonical_names.canonical_name,
        voted_types.entity_type
    from canonical_names
    inner join voted_types on canonical_names.name_key = voted_types.name_key
)

select * from final
