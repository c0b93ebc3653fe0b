-- Who and what took part in each event, with the role the reporting clauses give them:
-- actor (who did it), target (to or with whom), work, place, or participant.
with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
),

clusters as (
    select * from {{ ref('int_events_clustered') }}
),

events as (
    select * from {{ ref('int_events_identified') }}
),

participants as (
    select * from {{ ref('int_event_participants_found') }}
),

per_event as (
    select
        events.event_id,
        participants.entity_id,
        -- the role most reports give it; ties go to the more specific role
        mode(
            participants.participant_role order by
                list_position(['place', 'work', 'actor', 'target', 'participant'], participants.participant_role)
        ) as participant_role,
        sum(participants.num_mentions) as num_mentions,
        count(distinct candidates.doc_id) as num_articles
    from participants
    inner join candidates on participants.candidate_id = candidates.candidate_id
    inner join clusters on participants.report_id = clusters.report_id
    inner join events on clusters.cluster_id = events.cluster_id
    group by events.event_id, participants.entity_id
),

final as (
    select
        event_id,
        entity_id,
        participant_role,
        num_mentions::integer as num_mentions,
        num_articles::integer as num_articles
    from per_event
)

select * from final
