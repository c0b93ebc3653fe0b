-- Pairs of entities mentioned together: in how many articles, and in how many
-- sentences. Each unordered pair appears once (entity_id_a < entity_id_b).
with mentions as (
    select * from {{ ref('mentions') }}
),

entities as (
    select * from {{ ref('entities') }}
),

sentence_entities as (
    select distinct
        doc_id,
        sentence_index,
        entity_id
    from mentions
),

article_entities as (
    select distinct
        doc_id,
        entity_id
    from mentions
),

sentence_pairs as (
    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        count(*) as num_sentences
    from sentence_entities as a
    inner join sentence_entities as b
        on a.doc_id = b.doc_id and a.sentence_index = b.sentence_index and a.entity_id < b.entity_id
    group by a.entity_id, b.entity_id
),

article_pairs as (
    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        count(*) as num_articles
    from article_entities as a
    inner join article_entities as b
        on a.doc_id = b.doc_id and a.entity_id < b.entity_id
    group by a.entity_id, b.entity_id
),

final as (
    select
        article_pairs.entity_id_a,
        entities_a.canonical_name as entity_name_a,
        entities_a.entity_type as entity_type_a,
        article_pairs.entity_id_b,
        entities_b.canonical_name as entity_name_b,
        entities_b.entity_type as entity_type_b,
        article_pairs.num_articles::integer as num_articles,
        coalesce(sentence_pairs.num_sentences, 0)::integer as num_sentences,
        (not entities_a.is_ranked or not entities_b.is_ranked) as involves_group
    from article_pairs
    inner join entities as entities_a on article_pairs.entity_id_a = entities_a.entity_id
    inner join entities as entities_b on article_pairs.entity_id_b = entities_b.entity_id
    left join sentence_pairs
        on
            article_pairs.entity_id_a = sentence_pairs.entity_id_a
            and article_pairs.entity_id_b = sentence_pairs.entity_id_b
)

select * from final
