with events as (
    select * from {{ ref('int_events_identified') }}
),

clusters as (
    select * from {{ ref('int_events_clustered') }}
),

reports as (
    select * from {{ ref('int_event_reports_grouped') }}
),

candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
),

event_mentions as (
    select * from {{ ref('event_mentions') }}
),

articles as (
    select * from {{ ref('articles') }}
),

participants as (
    select * from {{ ref('event_participants') }}
),

entities as (
    select * from {{ ref('entities') }}
),

participant_names as (
    select
        participants.event_id,
        list(entities.canonical_name order by participants.num_mentions desc, entities.canonical_name asc)
            as participant_names
    from participants
    inner join entities on participants.entity_id = entities.entity_id
    where participants.participant_role != 'place' and entities.entity_type != 'group'
    group by participants.event_id
),

resolved_places as (
    -- a place name counts only when it resolves to an entity of type place
    select
        entity_key,
        canonical_name
    from {{ ref('int_entities_resolved') }}
    where entity_type = 'place'
    union
    select
        aliases.alias_key as entity_key,
        aliases.canonical_name
    from {{ ref('stg_reference__entity_aliases') }} as aliases
    where aliases.entity_type = 'place'
),

places as (
    select
        events.event_id,
        mode(resolved_places.canonical_name) as place
    from events
    inner join clusters on events.cluster_id = clusters.cluster_id
    inner join reports on clusters.report_id = reports.report_id
    inner join resolved_places on {{ name_key('reports.place') }} = resolved_places.entity_key
    group by events.event_id
),

report_stats as (
    select
        event_mentions.event_id,
        count(distinct event_mentions.doc_id) as num_articles,
        count(distinct coalesce(articles.source, articles.agency, 'unknown source of ' || articles.doc_id))
            as num_sources,
        min(articles.published_at) as first_reported,
        -- mean over the reporting articles, each by the sentence where it reports the event
        avg(event_mentions.sentence_tone) as avg_tone
    from event_mentions
    inner join articles on event_mentions.doc_id = articles.doc_id
    group by event_mentions.event_id
),

mention_counts as (
    select
        events.event_id,
        count(*) as num_mentions
    from events
    inner join clusters on events.cluster_id = clusters.cluster_id
    inner join candidates on clusters.report_id = candidates.report_id
    group by events.event_id
),

final as (
    select
        events.event_id,
        events.event_type,
        events.event_date,
        events.date_precision,
        events.event_status,
        places.place,
        coalesce(participant_names.participant_names, []) as participants,
        events.summary,
        report_stats.num_articles::integer as num_articles,
        report_stats.num_sources::integer as num_sources,
        mention_counts.num_mentions::integer as num_mentions,
        report_stats.first_reported,
        events.end_date,
        round(report_stats.avg_tone, 4)::double as avg_tone
    from events
    inner join report_stats on events.event_id = report_stats.event_id
    inner join mention_counts on events.event_id = mention_counts.event_id
    left join places on events.event_id = places.event_id
    left join participant_names on events.event_id = participant_names.event_id
)

select * from final
