-- One row per clustered event: its consensus date, end date, status, summary and a stable id.
-- Conflicting dates are settled by: the date most articles give; then the finer
-- precision; then reports from articles with a publication date (their relative
-- dates are anchored); then the earlier date. Each report keeps its own date in
-- event_mentions. The summary is the central report's ("who did what (where)").
with reports as (
    select * from {{ ref('int_event_reports_grouped') }}
),

clusters as (
    select * from {{ ref('int_events_clustered') }}
),

participants as (
    select * from {{ ref('int_event_participants_found') }}
),

clustered as (
    select
        reports.*,
        clusters.cluster_id,
        clusters.centre_score
    from reports
    inner join clusters on reports.report_id = clusters.report_id
),

date_votes as (
    select
        cluster_id,
        event_date,
        date_precision,
        count(distinct doc_id) as num_articles,
        bool_or(published_at is not null) as has_anchor
    from clustered
    where event_date is not null
    group by cluster_id, event_date, date_precision
),

consensus_dates as (
    select
        cluster_id,
        event_date,
        date_precision
    from date_votes
    qualify row_number() over (
        partition by cluster_id
        order by
            num_articles desc,
            list_position(['day', 'month', 'year'], date_precision) asc,
            has_anchor desc,
            event_date asc
    ) = 1
),

end_votes as (
    -- a range's end, as most reports that give one say
    select
        cluster_id,
        end_date
    from clustered
    where end_date is not null
    group by cluster_id, end_date
    qualify row_number() over (partition by cluster_id order by count(*) desc, end_date desc) = 1
),

key_names as (
    select
        clustered.cluster_id,
        participants.entity_key,
        sum(participants.num_mentions) as num_mentions
    from clustered
    inner join participants on clustered.report_id = participants.report_id
    where participants.entity_type in ('person', 'organization', 'work', 'event_name')
    group by clustered.cluster_id, participants.entity_key
),

main_participants as (
    select
        cluster_id,
        list(entity_key order by entity_key) as main_keys
    from (
        select
            cluster_id,
            entity_key
        from key_names
        qualify row_number() over (partition by cluster_id order by num_mentions desc, entity_key asc) <= 3
    ) as top_three
    group by cluster_id
),

clusters_summed as (
    select
        cluster_id,
        arg_max(event_type, (report_id = cluster_id, centre_score)) as event_type,  -- the central report's
        case
            when bool_or(event_status = 'occurred') then 'occurred'
            when bool_or(event_status = 'planned') then 'planned'
            else 'reported'
        end as event_status,
        arg_max(summary, (report_id = cluster_id, centre_score, -sentence_index)) as summary
    from clustered
    group by cluster_id
),

hashed as (
    select
        clusters_summed.cluster_id,
        clusters_summed.event_type,
        clusters_summed.event_status,
        clusters_summed.summary,
        consensus_dates.event_date,
        consensus_dates.date_precision,
        case
            when consensus_dates.date_precision = 'day' and end_votes.end_date > consensus_dates.event_date
                then end_votes.end_date
        end as end_date,
        md5(
            concat_ws(
                '|',
                clusters_summed.event_type,
                coalesce(consensus_dates.event_date::varchar, 'undated'),
                coalesce(consensus_dates.date_precision, ''),
                array_to_string(coalesce(main_participants.main_keys, []), ',')
            )
        ) as base_id
    from clusters_summed
    left join consensus_dates on clusters_summed.cluster_id = consensus_dates.cluster_id
    left join end_votes on clusters_summed.cluster_id = end_votes.cluster_id
    left join main_participants on clusters_summed.cluster_id = main_participants.cluster_id
),

final as (
    select
        -- two events with the same type, date and main participants get a numbered suffix
        case
            when row_number() over (partition by base_id order by cluster_id) = 1 then base_id
            else md5(base_id || '#' || row_number() over (partition by base_id order by cluster_id))
        end as event_id,
        cluster_id,
        event_type,
        event_status,
        event_date,
        end_date,
        date_precision,
        summary
    from hashed
)

select * from final
