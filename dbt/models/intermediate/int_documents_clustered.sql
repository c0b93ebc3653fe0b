-- Near-duplicate clusters of current documents: pairs that share an LSH band are
-- compared on their MinHash signatures; an estimated Jaccard similarity of at least
-- 0.5 links them. The cluster id is the smallest doc_id among a document and the
-- documents it is linked to (one hop).
{% set num_perm = 64 %}
{% set min_similarity = 0.5 %}

with documents as (
    select
        doc_id,
        minhash,
        lsh_bands
    from {{ ref('int_documents_versioned') }}
    where article_status = 'current'
),

bands as (
    select
        doc_id,
        unnest(lsh_bands) as band
    from documents
),

candidate_pairs as (
    select distinct
        bands_a.doc_id as doc_a,
        bands_b.doc_id as doc_b
    from bands as bands_a
    inner join bands as bands_b
        on bands_a.band = bands_b.band and bands_a.doc_id < bands_b.doc_id
),

scored_pairs as (
    select
        candidate_pairs.doc_a,
        candidate_pairs.doc_b,
        list_sum(
            list_transform(
                range(1, {{ num_perm + 1 }}),
                i -> (documents_a.minhash[i] = documents_b.minhash[i])::int
            )
        ) / {{ num_perm }}.0 as similarity
    from candidate_pairs
    inner join documents as documents_a on candidate_pairs.doc_a = documents_a.doc_id
    inner join documents as documents_b on candidate_pairs.doc_b = documents_b.doc_id
),

similar_edges as (
    select
        doc_a as doc_id,
        doc_b as other_doc_id,
        similarity
    from scored_pairs
    where similarity >= {{ min_similarity }}
    union all
    select
        doc_b as doc_id,
        doc_a as other_doc_id,
        similarity
    from scored_pairs
    where similarity >= {{ min_similarity }}
),

final as (
    select
        documents.doc_id,
        least(documents.doc_id, coalesce(min(similar_edges.other_doc_id), documents.doc_id)) as cluster_id,
        max(similar_edges.similarity) as cluster_similarity
    from documents
    left join similar_edges on documents.doc_id = similar_edges.doc_id
    group by documents.doc_id
)

select * from final
