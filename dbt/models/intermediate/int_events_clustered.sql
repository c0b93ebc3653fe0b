-- Cross-article event de-duplication (first version): candidates of the same type
-- dated to the same day or month are one event; undated or year-only candidates stay
-- events of their own, because type alone is too weak a link.
with candidates as (
    select * from {{ ref('stg_news__event_candidates') }}
),

documents as (
    select
        doc_id,
        published_at,
        coalesce(source, agency) as source
    from {{ ref('int_documents_versioned') }}
    where article_status = 'current'
),

sentences as (
    select * from {{ ref('stg_news__sentences') }}
),

current_candidates as (
    select
        candidates.*,
        documents.published_at,
        documents.source,
        sentences.sentence_text
    from candidates
    inner join documents on candidates.doc_id = documents.doc_id
    left join sentences
        on candidates.doc_id = sentences.doc_id and candidates.sentence_index = sentences.sentence_index
),

final as (
    select
        case
            when event_date is not null and date_precision in ('day', 'month')
                then md5(event_type || '|' || event_date || '|' || date_precision)
            else md5(event_type || '|' || candidate_id)
        end as event_id,
        *
    from current_candidates
)

select * from final
