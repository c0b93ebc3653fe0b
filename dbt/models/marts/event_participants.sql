-- Who and what took part in each event: subject (the clause's subject, or the work
-- "the film" refers to), participant (named elsewhere in the clause) or place.
with candidates as (
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
        case
            when bool_or(participants.participant_role = 'place') then 'place'
            when bool_or(participants.participant_role = 'subject') then 'subject'
            else 'participant'
        end as participant_role,
        sum(participants.num_mentions) as num_mentions,
        count(distinct candidates.doc_id) as num_articles
    from candidates
    inner join events on candidates.component_id = events.component_id
    inner join participants on candidates.candidate_id = participants.candidate_id
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
