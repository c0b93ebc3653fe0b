-- Reports of the same happening, across articles, clustered so that chains cannot form.
-- A link is a compatible pair scoring at least {{ var('event_link_score') }} with some common
-- ground beyond the calendar (participant score at least {{ var('event_min_participant_score') }},
-- or near-duplicate articles): two signings on the same day by different parties are
-- not one event (int_event_pairs_scored). Each round:
--   1. centres: reports whose summed link score is the highest among their linked reports;
--   2. every other report proposes to join its best-linked centre (so each member links
--      directly to its centre: no A-B-C-D chains);
--   3. the whole cluster is checked, best-linked members first: a member stays only if its
--      average score over the centre and every member ranked above it is at least
--      {{ var('event_cluster_avg_score') }}, and it conflicts with none of them (incompatible date
--      or status, or the same article: the article already said they are different happenings);
--   4. what is left over (and centres whose proposals all failed) tries again next round.
-- After {{ var('event_cluster_rounds') }} rounds every remaining report is an event of its own.
{% set rounds = var('event_cluster_rounds') %}

with reports as (
    select
        report_id,
        doc_id
    from {{ ref('int_event_reports_grouped') }}
),

pairs as (
    select * from {{ ref('int_event_pairs_scored') }}
),

edges as (
    -- a link needs some evidence beyond the calendar: a shared participant, or the same story
    select
        report_a as report_id,
        report_b as other_id,
        compatible,
        score,
        participant_score >= {{ var('event_min_participant_score') }} or same_story as has_common_ground
    from pairs
    union all
    select
        report_b as report_id,
        report_a as other_id,
        compatible,
        score,
        participant_score >= {{ var('event_min_participant_score') }} or same_story as has_common_ground
    from pairs
),

assigned_0 as (
    select
        null::varchar as report_id,
        null::varchar as cluster_id,
        null::double as centre_score,
        null::integer as cluster_round
    where false
),

-- the linter cannot map indentation across the iterations of a Jinja loop
-- noqa: disable=LT02
{% for r in range(1, rounds + 1) %}
remaining_{{ r }} as (
    select reports.*
    from reports
    where not exists (
        select 1 from assigned_{{ r - 1 }} as done
        where done.report_id = reports.report_id
    )
),

links_{{ r }} as (
    select edges.*
    from edges
    where
        edges.compatible
        and edges.has_common_ground
        and edges.score >= {{ var('event_link_score') }}
        and exists (
            select 1 from remaining_{{ r }} as a
            where a.report_id = edges.report_id
        )
        and exists (
            select 1 from remaining_{{ r }} as b
            where b.report_id = edges.other_id
        )
),

strength_{{ r }} as (
    select
        report_id,
        round(sum(score), 6) as strength
    from links_{{ r }}
    group by report_id
),

centres_{{ r }} as (
    select strength.report_id
    from strength_{{ r }} as strength
    where not exists (
        select 1
        from links_{{ r }} as links
        inner join strength_{{ r }} as other on links.other_id = other.report_id
        where
            links.report_id = strength.report_id
            and (
                other.strength > strength.strength
                or (other.strength = strength.strength and other.report_id < strength.report_id)
            )
    )
),

proposed_{{ r }} as (
    select
        links.report_id,
        links.other_id as cluster_id,
        links.score as centre_score
    from links_{{ r }} as links
    inner join centres_{{ r }} as centres on links.other_id = centres.report_id
    where not exists (
        select 1 from centres_{{ r }} as own
        where own.report_id = links.report_id
    )
    qualify row_number() over (partition by links.report_id order by links.score desc, links.other_id asc) = 1
),

members_{{ r }} as (
    select
        proposed.report_id,
        proposed.cluster_id,
        proposed.centre_score,
        reports.doc_id
    from proposed_{{ r }} as proposed
    inner join reports on proposed.report_id = reports.report_id
    union all
    select
        centres.report_id,
        centres.report_id as cluster_id,
        1.0 as centre_score,
        reports.doc_id
    from centres_{{ r }} as centres
    inner join reports on centres.report_id = reports.report_id
),

checked_{{ r }} as (
    -- each member against the centre and every member ranked above it (closer to the centre)
    select
        member.report_id,
        member.cluster_id,
        member.centre_score,
        avg(coalesce(edges.score, 0.0)) as average_score,
        bool_or(not coalesce(edges.compatible, true) or other.doc_id = member.doc_id) as conflicting
    from members_{{ r }} as member
    inner join members_{{ r }} as other
        on
            member.cluster_id = other.cluster_id
            and (
                member.centre_score < other.centre_score
                or (member.centre_score = other.centre_score and member.report_id > other.report_id)
            )
    left join edges on member.report_id = edges.report_id and other.report_id = edges.other_id
    where member.report_id != member.cluster_id
    group by member.report_id, member.cluster_id, member.centre_score
),

accepted_{{ r }} as (
    select
        report_id,
        cluster_id,
        centre_score
    from checked_{{ r }}
    where not conflicting and average_score >= {{ var('event_cluster_avg_score') }}
),

assigned_{{ r }} as (
    select * from assigned_{{ r - 1 }}
    union all
    select
        report_id,
        cluster_id,
        centre_score,
        {{ r }} as cluster_round
    from accepted_{{ r }}
    union all
    select distinct
        cluster_id as report_id,
        cluster_id,
        1.0 as centre_score,
        {{ r }} as cluster_round
    from accepted_{{ r }}
),

{% endfor %}
-- noqa: enable=LT02
final as (
    select
        reports.report_id,
        coalesce(assigned.cluster_id, reports.report_id) as cluster_id,
        coalesce(assigned.centre_score, 1.0)::double as centre_score,
        assigned.cluster_round
    from reports
    left join assigned_{{ rounds }} as assigned on reports.report_id = assigned.report_id
)

select * from final
