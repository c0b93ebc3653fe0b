-- Every pair of reports from different articles that could describe one happening: same
-- type (or types the seed event_type_affinities pairs, their score scaled by its affinity),
-- anchored (event date, else publication date) within {{ var('event_window_days') }} days (or,
-- when one has no anchor at all, sharing a named entity).
-- Each pair gets
--   compatible        - hard rules: dates agree at their precision (day dates at most
--                       {{ var('event_max_day_gap') }} days apart, ranges overlapping), and a plan
--                       never meets what happened unless both give the same day;
--   date_score        - 1 for the same day, less per day apart, lower for coarse or missing dates;
--   participant_score - shared named entities of the reports' sentences (and their articles'
--                       leads, after the dateline) weighted by rarity
--                       (weight ln(1 + reports / reports naming it) times its type's weight,
--                       seed participant_type_weights; shared weight over the
--                       smaller report's, times 1 - exp(-shared / {{ var('event_shared_weight_scale') }})):
--                       a film named by three reports outweighs a country named by all of them;
--   place_score       - 1 same place, else 0.5 (unknown, or named at another level);
--   trigger_score, word_score - overlap of trigger lemmas (Jaccard) and of the clauses' content
--                       words (over the shorter report's, at least 4);
-- and a weighted sum of them, `score`. Weights and limits are dbt vars (dbt_project.yml).
with reports as (
    select * from {{ ref('int_event_reports_grouped') }}
),

report_sentences as (
    -- the sentences a report is told in, after the dateline ("MOSCOW, May 7 (Xinhua) --")
    select distinct
        candidates.report_id,
        candidates.doc_id,
        candidates.sentence_index,
        documents.dateline_end as clause_start
    from {{ ref('stg_news__event_candidates') }} as candidates
    inner join {{ ref('stg_news__documents') }} as documents on candidates.doc_id = documents.doc_id
    where candidates.report_id is not null
),

leads as (
    -- each article's lead sentence, after its dateline: what the whole article is about
    select
        reports.report_id,
        documents.doc_id,
        0 as sentence_index,
        documents.dateline_end as clause_start
    from {{ ref('int_event_reports_grouped') }} as reports
    inner join {{ ref('stg_news__documents') }} as documents on reports.doc_id = documents.doc_id
),

scoped_sentences as (
    select
        *,
        true as own
    from report_sentences
    union all
    select
        *,
        false as own
    from leads
),

participants_found as (
    -- the named entities of the report's own sentences (own), and of its article's lead:
    -- what the report is about beyond its clause ("The film premiered on Friday")
    select
        scoped_sentences.report_id,
        mentions.entity_key as entity_id,
        bool_or(scoped_sentences.own) as own
    from scoped_sentences
    inner join {{ ref('int_mentions_merged') }} as mentions
        on
            scoped_sentences.doc_id = mentions.doc_id
            and scoped_sentences.sentence_index = mentions.sentence_index
            and scoped_sentences.clause_start <= mentions.char_start
    group by scoped_sentences.report_id, mentions.entity_key
    union
    -- the work "the film" refers back to
    select
        candidates.report_id,
        mentions.entity_key as entity_id,
        true as own
    from {{ ref('stg_news__event_candidates') }} as candidates
    inner join {{ ref('int_mentions_merged') }} as mentions
        on candidates.doc_id = mentions.doc_id and candidates.antecedent_start = mentions.char_start
    where candidates.report_id is not null
),

affinities as (
    -- a report pairs with another of its own type, or of a type the seed says can be the same happening
    select
        event_type as type_a,
        event_type as type_b,
        1.0 as affinity
    from {{ ref('event_types') }}
    union all
    select
        type_a,
        type_b,
        affinity
    from {{ ref('event_type_affinities') }}
    union all
    select
        type_b as type_a,
        type_a as type_b,
        affinity
    from {{ ref('event_type_affinities') }}
),

participants as (
    select
        report_id,
        entity_id,
        bool_or(own) as own
    from participants_found
    group by report_id, entity_id
),

num_reports as (
    select count(*) as n from reports
),

entity_types as (
    select distinct
        entities.entity_key,
        coalesce(type_weights.weight, 1.0) as type_weight
    from {{ ref('int_entities_resolved') }} as entities
    left join {{ ref('participant_type_weights') }} as type_weights
        on entities.entity_type = type_weights.entity_type
),

weights as (
    -- rarity in this corpus times how telling the entity's type is (seed participant_type_weights)
    select
        participants.entity_id,
        ln(1 + any_value(num_reports.n) / count(distinct participants.report_id))
        * coalesce(any_value(entity_types.type_weight), 1.0) as weight
    from participants
    cross join num_reports
    left join entity_types on participants.entity_id = entity_types.entity_key
    group by participants.entity_id
),

report_weights as (
    select
        participants.report_id,
        sum(weights.weight) as total_weight,
        coalesce(sum(weights.weight) filter (where participants.own), 0) as own_weight
    from participants
    inner join weights on participants.entity_id = weights.entity_id
    group by participants.report_id
),

dated_reports as (
    -- each dated report with its window bucket: two anchors at most a window apart are in
    -- the same or neighbouring buckets, so pairs are found by equality joins on buckets
    -- (a hash join) instead of comparing every report with every other
    select
        report_id,
        doc_id,
        event_type,
        anchor_date,
        floor(date_diff('day', date '1970-01-01', anchor_date) / {{ var('event_window_days') }})::bigint as bucket
    from reports
    where anchor_date is not null
),

dated_neighbours as (
    select
        *,
        unnest([bucket - 1, bucket, bucket + 1]) as near_bucket
    from dated_reports
),

dated_pairs as (
    select
        a.report_id as report_a,
        b.report_id as report_b
    from dated_neighbours as a
    inner join dated_reports as b on a.near_bucket = b.bucket
    -- types that can be one happening, here rather than after the union: most reports of a
    -- fortnight are of other types (4.1 million window pairs, 0.3 million of them
    -- comparable, at 10,000 articles)
    inner join affinities on a.event_type = affinities.type_a and b.event_type = affinities.type_b
    where
        a.report_id < b.report_id
        and a.doc_id != b.doc_id
        and abs(date_diff('day', a.anchor_date, b.anchor_date)) <= {{ var('event_window_days') }}
),

undated_pairs as (
    -- an article with neither an event date nor a publication date can be from any time:
    -- compared only with reports naming one of its entities (else the pairs would grow with
    -- the square of the corpus)
    select distinct
        least(undated.report_id, other.report_id) as report_a,
        greatest(undated.report_id, other.report_id) as report_b
    from participants as undated
    inner join reports as undated_reports
        on undated.report_id = undated_reports.report_id and undated_reports.anchor_date is null
    inner join participants as other
        on undated.entity_id = other.entity_id and undated.report_id != other.report_id
    inner join reports as other_reports on other.report_id = other_reports.report_id
    where undated_reports.doc_id != other_reports.doc_id
),

pair_ids as (
    select * from dated_pairs
    union
    select * from undated_pairs
),

candidate_pairs as (
    select
        a.report_id as report_a,
        b.report_id as report_b,
        a.event_status as status_a,
        b.event_status as status_b,
        coalesce(a.event_date, a.end_date) as date_a,
        coalesce(b.event_date, b.end_date) as date_b,
        a.date_precision as precision_a,
        b.date_precision as precision_b,
        coalesce(a.end_date, a.event_date) as end_a,
        coalesce(b.end_date, b.event_date) as end_b,
        a.event_date is null and a.end_date is not null as end_only_a,
        b.event_date is null and b.end_date is not null as end_only_b,
        a.place as place_a,
        b.place as place_b,
        a.trigger_lemmas as triggers_a,
        b.trigger_lemmas as triggers_b,
        a.keywords as keywords_a,
        b.keywords as keywords_b,
        a.duplicate_group = b.duplicate_group as same_story,
        affinities.affinity
    from pair_ids
    inner join reports as a on pair_ids.report_a = a.report_id
    inner join reports as b on pair_ids.report_b = b.report_id
    inner join affinities on a.event_type = affinities.type_a and b.event_type = affinities.type_b
),

report_entities as (
    -- each report's weighted entities as one list, and the ids of all and of its own ones:
    -- a pair's shared entities are then a filter over two short lists, where joining the
    -- pairs to the entity rows made 1.6 million rows at 10,000 articles (every pair times
    -- the first report's entities) to be joined again and grouped
    select
        participants.report_id,
        list(struct_pack(id := participants.entity_id, weight := weights.weight, own := participants.own))
            as entities,
        list(participants.entity_id) as ids,
        coalesce(list(participants.entity_id) filter (where participants.own), []) as own_ids
    from participants
    inner join weights on participants.entity_id = weights.entity_id
    group by participants.report_id
),

shared as (
    select
        candidate_pairs.report_a,
        candidate_pairs.report_b,
        list_sum(
            list_transform(list_filter(a.entities, e -> list_contains(b.ids, e.id)), e -> e.weight)
        ) as shared_weight,
        coalesce(list_sum(
            list_transform(list_filter(a.entities, e -> e.own and list_contains(b.own_ids, e.id)), e -> e.weight)
        ), 0) as shared_own_weight
    from candidate_pairs
    inner join report_entities as a on candidate_pairs.report_a = a.report_id
    inner join report_entities as b on candidate_pairs.report_b = b.report_id
),

gaps as (
    select
        candidate_pairs.*,
        case
            -- one report gives only the last day ("the festival closed on Tuesday"): the other
            -- must have started by then, within a month
            when
                candidate_pairs.precision_a = 'day' and candidate_pairs.precision_b = 'day'
                and candidate_pairs.end_only_a != candidate_pairs.end_only_b
                then
                    case
                        when
                            least(candidate_pairs.date_a, candidate_pairs.date_b)
                            = (
                                case
                                    when candidate_pairs.end_only_a then candidate_pairs.date_b else
                                        candidate_pairs.date_a
                                end
                            )
                            and date_diff(
                                'day',
                                least(candidate_pairs.date_a, candidate_pairs.date_b),
                                greatest(candidate_pairs.end_a, candidate_pairs.end_b)
                            ) <= 31
                            then 0
                        else 99
                    end
            when candidate_pairs.precision_a = 'day' and candidate_pairs.precision_b = 'day'
                then
                    greatest(
                        0,
                        date_diff(
                            'day',
                            least(candidate_pairs.end_a, candidate_pairs.end_b),
                            greatest(candidate_pairs.date_a, candidate_pairs.date_b)
                        )
                    )
        end as day_gap,
        case
            when candidate_pairs.date_a is null or candidate_pairs.date_b is null then 'undated'
            when candidate_pairs.precision_a = 'day' and candidate_pairs.precision_b = 'day' then 'day'
            when candidate_pairs.precision_a = 'year' or candidate_pairs.precision_b = 'year' then 'year'
            else 'month'
        end as date_level
    from candidate_pairs
),

rules as (
    select
        gaps.*,
        case gaps.date_level
            when 'undated' then true
            when 'day' then gaps.day_gap <= {{ var('event_max_day_gap') }}
            when 'month'
                then
                    date_trunc('month', gaps.date_a) between date_trunc('month', gaps.date_b) and date_trunc(
                        'month', gaps.end_b
                    )
                    or date_trunc('month', gaps.date_b) between date_trunc('month', gaps.date_a) and date_trunc(
                        'month', gaps.end_a
                    )
            else year(gaps.date_a) = year(gaps.date_b)
        end as dates_agree,
        not(
            (
                (gaps.status_a = 'planned' and gaps.status_b = 'occurred')
                or (gaps.status_a = 'occurred' and gaps.status_b = 'planned')
            )
            and coalesce(gaps.day_gap, 99) > 0
        ) as statuses_agree
    from gaps
),

scored as (
    select
        rules.report_a,
        rules.report_b,
        rules.dates_agree and rules.statuses_agree as compatible,
        case rules.date_level
            when 'undated' then {{ var('event_undated_date_score') }}
            when 'day' then greatest(0.0, 1.0 - rules.day_gap / ({{ var('event_max_day_gap') }} + 1.0))
            when 'month' then 0.6
            else 0.3
        end as date_score,
        -- overlap over the smaller side (a short report naming two of a long one's five rare
        -- names is as telling as the long one), of their own sentences or with the leads,
        -- times how much is shared at all: one common name in common is little evidence
        greatest(
            coalesce(shared.shared_own_weight / nullif(least(weights_a.own_weight, weights_b.own_weight), 0), 0)
            * (1 - exp(-coalesce(shared.shared_own_weight, 0) / {{ var('event_shared_weight_scale') }})),
            coalesce(shared.shared_weight / nullif(least(weights_a.total_weight, weights_b.total_weight), 0), 0)
            * (1 - exp(-coalesce(shared.shared_weight, 0) / {{ var('event_shared_weight_scale') }}))
        ) as participant_score,
        -- a different place name is weak evidence (a venue, its city, its country)
        case when lower(rules.place_a) = lower(rules.place_b) then 1.0 else 0.5 end as place_score,
        len(list_intersect(rules.triggers_a, rules.triggers_b))
        / greatest(len(list_distinct(list_concat(rules.triggers_a, rules.triggers_b))), 1) as trigger_score,
        -- shared content words over the shorter report's (at least 4): a one-clause report
        -- and a long one can share all the short one says
        len(list_intersect(rules.keywords_a, rules.keywords_b))
        / greatest(least(len(rules.keywords_a), len(rules.keywords_b)), 4) as word_score,
        coalesce(rules.same_story, false) as same_story,
        rules.affinity
    from rules
    left join shared on rules.report_a = shared.report_a and rules.report_b = shared.report_b
    left join report_weights as weights_a on rules.report_a = weights_a.report_id
    left join report_weights as weights_b on rules.report_b = weights_b.report_id
),

final as (
    select
        report_a,
        report_b,
        compatible,
        round(date_score, 3)::double as date_score,
        round(participant_score, 3)::double as participant_score,
        round(place_score, 3)::double as place_score,
        round(trigger_score, 3)::double as trigger_score,
        round(word_score, 3)::double as word_score,
        same_story,
        -- rounded: sums of floats in another order (another runner, another batch split)
        -- must not change which report is the centre
        round(
            case
                when not compatible then 0.0
                else affinity * least(
                    1.0,
                    {{ var('event_weight_date') }} * date_score
                    + {{ var('event_weight_participants') }} * participant_score
                    + {{ var('event_weight_place') }} * place_score
                    + {{ var('event_weight_trigger') }} * trigger_score
                    + {{ var('event_weight_words') }} * word_score
                    + case when same_story then {{ var('event_same_story_bonus') }} else 0 end
                )
            end,
            6
        )::double as score
    from scored
)

select * from final
