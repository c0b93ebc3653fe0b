-- One row per clustered event: its consensus date and status, and a stable id.
-- Conflicting dates are settled by: the date most articles give; then the finer
-- precision; then reports from articles with a publication date (their relative
-- dates are anchored); then the earlier date. Each report keeps its own date in
-- event_mentions.
with candidates as (
    select * from {{ ref('int_events_clustered') }}
),

participants as (
    select * from {{ ref('int_event_participants_found') }}
),

entities as (
    select * from {{ ref('int_entities_resolved') }}
),

date_votes as (
    select
        component_id,
        event_date,
        date_precision,
        count(distinct doc_id) as num_articles,
        bool_or(published_at is not null) as has_anchor
    from candidates
    where event_date is not null
    group by component_id, event_date, date_precision
),

consensus_dates as (
    select
        component_id,
        event_date,
        date_precision
    from date_votes
    qualify row_number() over (
        partition by component_id
        order by
            num_articles desc,
            list_position(['day', 'month', 'year'], date_precision) asc,
            has_anchor desc,
            event_date asc
    ) = 1
),

key_names as (
    select
        candidates.component_id,
        entities.entity_key,
        sum(participants.num_mentions) as num_mentions
    from candidates
    inner join participants on candidates.candidate_id = participants.candidate_id
    inner join entities on participants.entity_id = entities.entity_id
    where participants.entity_type in ('person', 'organization', 'work', 'event_name')
    group by candidates.component_id, entities.entity_key
),

main_participants as (
    select
        component_id,
        list(entity_key order by entity_key) as main_keys
    from (
        select
            component_id,
            entity_key
        from key_names
        qualify row_number() over (partition by component_id order by num_mentions desc, entity_key asc) <= 3
    ) as top_three
    group by component_id
),

components as (
    select
        component_id,
        any_value(event_type) as event_type,
        case
            when bool_or(event_status = 'occurred') then 'occurred'
            when bool_or(event_status = 'planned') then 'planned'
            else 'reported'
        end as event_status
    from candidates
    group by component_id
),

hashed as (
    select
        components.component_id,
        components.event_type,
        components.event_status,
        consensus_dates.event_date,
        consensus_dates.date_precision,
        md5(
            concat_ws(
                '|',
                components.event_type,
                coalesce(consensus_dates.event_date::varchar, 'undated'),
                coalesce(consensus_dates.date_precision, ''),
                array_to_string(coalesce(main_participants.main_keys, []), ',')
            )
        ) as base_id
    from components
    left join consensus_dates on components.component_id = consensus_dates.component_id
    left join main_participants on components.component_id = main_participants.component_id
),

final as (
    select
        -- two events with the same type, date and main participants get a numbered suffix
        case
            when row_number() over (partition by base_id order by component_id) = 1 then base_id
            else md5(base_id || '#' || row_number() over (partition by base_id order by component_id))
        end as event_id,
        component_id,
        event_type,
        event_status,
        event_date,
        date_precision
    from hashed
)

select * from final
