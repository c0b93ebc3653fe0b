with source as (
    select * from {{ source('news', 'entity_mentions') }}
),

renamed as (
    select
        md5(doc_id || ':' || char_start || ':' || char_end) as mention_id,
        doc_id,
        char_start,
        char_end,
        surface,
        raw_start,
        raw_end,
        raw_surface,
        label as model_label,
        entity_type as model_entity_type,
        sentence_index,
        coalesce(canonical, surface) as canonical_hint,
        coalesce(resolution, 'self') as resolution,
        nullif(latin_key, '') as latin_key,
        nullif(content_key, '') as content_key,
        nullif(lead_key, '') as lead_key,
        nullif(sound_key, '') as sound_key,
        {{ name_key('surface') }} as name_key,
        {{ name_key('coalesce(canonical, surface)') }} as hint_key
    from source
)

select * from renamed
