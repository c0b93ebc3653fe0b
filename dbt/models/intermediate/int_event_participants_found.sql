-- The entities taking part in each asserted event candidate, with their role:
--   actor  - inside the span of who acted (active subject, passive agent);
--   target - inside the span of whom or what it was done to or with (object, "with X");
--   work   - a named work (or the work "the film" refers back to);
--   place  - any place;
--   participant - named elsewhere in the clause.
with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
    where modality = 'asserted'
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
        candidates.report_id,
        entities.entity_id,
        entities.entity_key,
        entities.entity_type,
        case
            when entities.entity_type = 'place' then 'place'
            when entities.entity_type = 'work' then 'work'
            when mentions.char_start >= candidates.actor_start and mentions.char_end <= candidates.actor_end
                then 'actor'
            when mentions.char_start >= candidates.target_start and mentions.char_end <= candidates.target_end
                then 'target'
            else 'participant'
        end as participant_role
    from candidates
    inner join mentions
        on
            candidates.doc_id = mentions.doc_id
            and (
                (candidates.clause_start <= mentions.char_start and candidates.clause_end >= mentions.char_end)
                or (candidates.actor_start <= mentions.char_start and candidates.actor_end >= mentions.char_end)
                or (candidates.target_start <= mentions.char_start and candidates.target_end >= mentions.char_end)
                or candidates.antecedent_start = mentions.char_start
            )
    inner join entities on mentions.entity_key = entities.entity_key
),

final as (
    select
        candidate_id,
        any_value(report_id) as report_id,
        entity_id,
        any_value(entity_key) as entity_key,
        any_value(entity_type) as entity_type,
        -- one role per entity: the most specific the clause gives it
        case
            when bool_or(participant_role = 'place') then 'place'
            when bool_or(participant_role = 'work') then 'work'
            when bool_or(participant_role = 'actor') then 'actor'
            when bool_or(participant_role = 'target') then 'target'
            else 'participant'
        end as participant_role,
        count(*) as num_mentions
    from found
    group by candidate_id, entity_id
)

select * from final
