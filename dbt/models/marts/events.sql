with candidates as (
    select * from {{ ref('int_events_clustered') }}
),

mentions as (
    select * from {{ ref('mentions') }}
),

entities as (
    select * from {{ ref('entities') }}
),

participant_mentions as (
    select
        candidates.event_id,
        entities.canonical_name,
        entities.entity_type,
        count(*) as num_mentions
    from candidates
    inner join mentions
        on candidates.doc_id = mentions.doc_id and candidates.sentence_index = mentions.sentence_index
    inner join entities on mentions.entity_id = entities.entity_id
    group by candidates.event_id, entities.canonical_name, entities.entity_type
),

participants as (
    select
        event_id,
        list(canonical_name order by num_mentions desc, canonical_name asc) as participants
    from participant_mentions
    where entity_type in ('person', 'organization', 'work', 'group')
    group by event_id
),

places as (
    select
        event_id,
        mode(place) as place
    from candidates
    where place is not null
    group by event_id
),

event_stats as (
    select
        event_id,
        any_value(event_type) as event_type,
        min(event_date) as event_date,
        any_value(date_precision) as date_precision,
        case
            when bool_or(event_status = 'occurred') then 'occurred'
            when bool_or(event_status = 'planned') then 'planned'
            else 'reported'
        end as event_status,
        arg_min(
            sentence_text, (coalesce(published_at, date '9999-12-31'), sentence_index)
        ) as first_sentence,
        count(distinct doc_id) as num_articles,
        count(distinct coalesce(source, 'unknown source of ' || doc_id)) as num_sources,
        count(*) as num_mentions,
        min(published_at) as first_reported
    from candidates
    group by event_id
),

final as (
    select
        event_stats.event_id,
        event_stats.event_type,
        event_stats.event_date,
        event_stats.date_precision,
        event_stats.event_status,
        places.place,
        coalesce(participants.participants, []) as participants,
        left(event_stats.first_sentence, 240) as summary,
        event_stats.num_articles::integer as num_articles,
        event_stats.num_sources::integer as num_sources,
        event_stats.num_mentions::integer as num_mentions,
        event_stats.first_reported
    from event_stats
    left join places on event_stats.event_id = places.event_id
    left join participants on event_stats.event_id = participants.event_id
)

select * from final
