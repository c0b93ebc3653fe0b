-- Spellings of one entity merged only with evidence, each merge a row with its reason:
-- * spelling: same majority type, Jaro-Winkler similarity of the names >= var
--   merge_min_similarity, lengths within 3 characters, the same digits (so "Part 1" never
--   becomes "Part 2"), and at least one other entity mentioned in articles of both;
-- * transliteration: two persons, or two organisations, whose names share the folded
--   Latin key computed in flows/annotate/translit.py ("Светлана Баланова", "Svetlana
--   Balanova"; "Kalyuzhny", "Kalyuzhnyy"; "Волга Фотоникс", "Volga Photonics"), the key
--   long enough not to be a common short name (vars merge_min_latin_key_length[_org]);
-- * paraphrase: two organisations whose names have the same content words once the
--   country is named one way (flows/annotate/paraphrase.py: "Russian Culture Ministry",
--   "Ministry of Culture of the Russian Federation"), at least
--   merge_min_paraphrase_words of them.
-- Never two curated entities. The less mentioned spelling merges into the more mentioned.
{% set min_similarity = var('merge_min_similarity') %}
{% set min_latin_key_length = var('merge_min_latin_key_length') %}
{% set min_latin_key_length_org = var('merge_min_latin_key_length_org') %}
{% set min_paraphrase_words = var('merge_min_paraphrase_words') %}

with mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

key_stats as (
    select
        resolved_key,
        mode(model_entity_type) as entity_type,
        list(distinct model_entity_type) as entity_types,
        count(*) as num_mentions,
        bool_or(reference_name is not null) as is_curated
    from mentions
    group by resolved_key
),

key_articles as (
    select distinct
        resolved_key,
        doc_id
    from mentions
),

context_keys as (
    select distinct
        key_articles.resolved_key,
        other_keys.resolved_key as context_key
    from key_articles
    inner join key_articles as other_keys
        on key_articles.doc_id = other_keys.doc_id and key_articles.resolved_key != other_keys.resolved_key
),

similar_pairs as (
    select
        stats_a.resolved_key as key_a,
        stats_b.resolved_key as key_b,
        stats_a.entity_type,
        stats_a.num_mentions as mentions_a,
        stats_b.num_mentions as mentions_b,
        jaro_winkler_similarity(stats_a.resolved_key, stats_b.resolved_key) as similarity
    from key_stats as stats_a
    inner join key_stats as stats_b
        on
            stats_a.entity_type = stats_b.entity_type
            and stats_a.resolved_key < stats_b.resolved_key
            and not (stats_a.is_curated and stats_b.is_curated)
            and abs(length(stats_a.resolved_key) - length(stats_b.resolved_key)) <= 3
            and regexp_replace(stats_a.resolved_key, '[^0-9]', '', 'g')
            = regexp_replace(stats_b.resolved_key, '[^0-9]', '', 'g')
    where jaro_winkler_similarity(stats_a.resolved_key, stats_b.resolved_key) >= {{ min_similarity }}
),

pairs_with_context as (
    select
        similar_pairs.*,
        count(distinct context_a.context_key) as num_shared_context
    from similar_pairs
    inner join context_keys as context_a on similar_pairs.key_a = context_a.resolved_key
    inner join context_keys as context_b
        on similar_pairs.key_b = context_b.resolved_key and context_a.context_key = context_b.context_key
    where context_a.context_key not in (similar_pairs.key_a, similar_pairs.key_b)
    group by all
),

spelling_merges as (
    select
        key_a,
        key_b,
        entity_type,
        mentions_a,
        mentions_b,
        similarity,
        num_shared_context,
        'spelling' as merge_reason
    from pairs_with_context
),

name_latin_keys as (
    select
        resolved_key,
        mode(latin_key) as latin_key
    from mentions
    where latin_key is not null
    group by resolved_key
),

transliteration_merges as (
    select
        stats_a.resolved_key as key_a,
        stats_b.resolved_key as key_b,
        stats_a.entity_type,
        stats_a.num_mentions as mentions_a,
        stats_b.num_mentions as mentions_b,
        1.0 as similarity,
        0 as num_shared_context,
        'transliteration' as merge_reason
    from key_stats as stats_a
    inner join name_latin_keys as latin_a on stats_a.resolved_key = latin_a.resolved_key
    inner join name_latin_keys as latin_b on latin_a.latin_key = latin_b.latin_key
    inner join key_stats as stats_b on latin_b.resolved_key = stats_b.resolved_key
    where
        stats_a.resolved_key < stats_b.resolved_key
        and not (stats_a.is_curated and stats_b.is_curated)
        and (
            (
                list_contains(stats_a.entity_types, 'person') and list_contains(stats_b.entity_types, 'person')
                and length(latin_a.latin_key) >= {{ min_latin_key_length }}
            )
            or (
                list_contains(stats_a.entity_types, 'organization')
                and list_contains(stats_b.entity_types, 'organization')
                and length(latin_a.latin_key) >= {{ min_latin_key_length_org }}
            )
        )
),

name_content_keys as (
    select
        resolved_key,
        mode(content_key) as content_key
    from mentions
    where content_key is not null
    group by resolved_key
),

paraphrase_merges as (
    select
        stats_a.resolved_key as key_a,
        stats_b.resolved_key as key_b,
        stats_a.entity_type,
        stats_a.num_mentions as mentions_a,
        stats_b.num_mentions as mentions_b,
        0.99 as similarity,
        0 as num_shared_context,
        'paraphrase' as merge_reason
    from key_stats as stats_a
    inner join name_content_keys as content_a on stats_a.resolved_key = content_a.resolved_key
    inner join name_content_keys as content_b on content_a.content_key = content_b.content_key
    inner join key_stats as stats_b on content_b.resolved_key = stats_b.resolved_key
    where
        stats_a.resolved_key < stats_b.resolved_key
        and not (stats_a.is_curated and stats_b.is_curated)
        and list_contains(stats_a.entity_types, 'organization')
        and list_contains(stats_b.entity_types, 'organization')
        and len(string_split(content_a.content_key, ' ')) >= {{ min_paraphrase_words }}
),

candidate_merges as (
    select * from transliteration_merges
    union all
    select * from paraphrase_merges
    union all
    select * from spelling_merges
),

final as (
    select
        case
            when mentions_a < mentions_b or (mentions_a = mentions_b and key_a > key_b) then key_a else key_b
        end as from_key,
        case
            when mentions_a < mentions_b or (mentions_a = mentions_b and key_a > key_b) then key_b else key_a
        end as into_key,
        entity_type,
        similarity,
        num_shared_context,
        merge_reason
    from candidate_merges
    qualify row_number() over (partition by from_key order by similarity desc, into_key asc) = 1
)

select * from final
