-- The entities taking part in each current event candidate: mentions inside its
-- clause, its subject, or the work its subject refers back to ("the film").
with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
),

mentions as (
    select * from {{ ref('int_mentions_merged') }}
),

entities as (
    select * from {{ ref('int_entities_resolved') }}
),

found as (
    select
        candidates.candidate_id,
        entities.entity_id,
        entities.entity_type,
        case
            when entities.entity_type = 'place' then 'place'
            when
                mentions.char_start = candidates.antecedent_start
                or (mentions.char_start >= candidates.subject_start and mentions.char_end <= candidates.subject_end)
                then 'subject'
            else 'participant'
        end as participant_role
    from candidates
    inner join mentions
        on
            candidates.doc_id = mentions.doc_id
            and (
                (candidates.clause_start <= mentions.char_start and candidates.clause_end >= mentions.char_end)
                or (candidates.subject_start <= mentions.char_start and candidates.subject_end >= mentions.char_end)
                or candidates.antecedent_start = mentions.char_start
            )
    inner join entities on mentions.entity_key = entities.entity_key
),

final as (
    select
        candidate_id,
        entity_id,
        any_value(entity_type) as entity_type,
        case
            when bool_or(participant_role = 'place') then 'place'
            when bool_or(participant_role = 'subject') then 'subject'
            else 'participant'
        end as participant_role,
        count(*) as num_mentions
    from found
    group by candidate_id, entity_id
)

select * from final
