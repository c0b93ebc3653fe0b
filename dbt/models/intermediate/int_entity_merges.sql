-- Spellings of one entity merged only with evidence, each merge a row with its reason:
-- * spelling: same majority type, not places, Jaro-Winkler similarity of the names >= var
--   merge_min_similarity, lengths within 3 characters, the same digits (so "Part 1" never
--   becomes "Part 2"), neither name the other's beginning ("India", "Indiana"; "Ivan
--   Petrov", "Ivan Petrova"), and at least one other entity mentioned in articles of both.
--   Places have GeoNames' spellings instead: "Europe" and "Europa" (a moon of Jupiter)
--   are near-spellings of two places;
-- * transliteration: two persons, or two organisations, whose names share the folded
--   Latin key computed in flows/annotate/translit.py ("Светлана Баланова", "Svetlana
--   Balanova"; "Kalyuzhny", "Kalyuzhnyy"; "Волга Фотоникс", "Volga Photonics"), the key
--   long enough not to be a common short name (vars merge_min_latin_key_length[_org]);
-- * paraphrase: two organisations whose names have the same content words once the
--   country is named one way (flows/annotate/paraphrase.py: "Russian Culture Ministry",
--   "Ministry of Culture of the Russian Federation"), at least
--   merge_min_paraphrase_words of them;
-- * sound: two persons named in different scripts whose names have the same consonant
--   classes (flows/annotate/translit.py sound_key: "德米特里·科尔尼洛夫", "Dmitry
--   Kornilov"), the key at least merge_min_sound_key_length classes long and the two
--   names co-mentioned with at least merge_min_sound_context same entities: a foreign name
--   in Chinese characters shares no letters with its Latin spelling, only its sounds;
-- * lead_name: an organisation named in Chinese whose pinyin key starts with the Latin key
--   of the first word of an organisation named in Latin letters ("锦澜影业" and "Jinlan
--   Pictures": Chinese companies are named in English by the pinyin of their name and a
--   translated descriptor), that word at least merge_min_lead_key_length letters and the
--   two co-mentioned with at least merge_min_sound_context same entities;
-- * surname: a person named by one word in some articles ("Trump", where no article
--   sentence gives the full name) and the one person of the corpus whose full name ends in
--   that word ("Donald Trump"), co-mentioned with at least merge_min_surname_context same
--   entities; two full names ending in it ("Boris Johnson", "Dwayne Johnson"): no merge.
-- Never two curated entities. The less mentioned spelling merges into the more mentioned.
{% set min_similarity = var('merge_min_similarity') %}
{% set min_latin_key_length = var('merge_min_latin_key_length') %}
{% set min_latin_key_length_org = var('merge_min_latin_key_length_org') %}
{% set min_paraphrase_words = var('merge_min_paraphrase_words') %}
{% set min_sound_key_length = var('merge_min_sound_key_length') %}
{% set min_sound_context = var('merge_min_sound_context') %}
{% set min_lead_key_length = var('merge_min_lead_key_length') %}
{% set min_surname_context = var('merge_min_surname_context') %}

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
    where
        jaro_winkler_similarity(stats_a.resolved_key, stats_b.resolved_key) >= {{ min_similarity }}
        and stats_a.entity_type != 'place'
        and not starts_with(stats_a.resolved_key, stats_b.resolved_key)
        and not starts_with(stats_b.resolved_key, stats_a.resolved_key)
),

shared_name_keys as (
    -- the keys two names may share to merge, per reason, with the entity types each key
    -- is long enough to join: a short Latin key ("lina") is too common for a person, a
    -- one-word content key too vague for an organisation
    select
        resolved_key,
        'transliteration' as merge_reason,
        1.0 as similarity,
        mode(latin_key) as shared_key,
        list_concat(
            case when length(mode(latin_key)) >= {{ min_latin_key_length }} then ['person'] else [] end,
            case when length(mode(latin_key)) >= {{ min_latin_key_length_org }} then ['organization'] else [] end
        ) as merge_types
    from mentions
    where latin_key is not null
    group by resolved_key
    union all
    select
        resolved_key,
        'paraphrase' as merge_reason,
        0.99 as similarity,
        mode(content_key) as shared_key,
        case
            when len(string_split(mode(content_key), ' ')) >= {{ min_paraphrase_words }} then ['organization']
            else []
        end as merge_types
    from mentions
    where content_key is not null
    group by resolved_key
),

shared_key_merges as (
    select
        stats_a.resolved_key as key_a,
        stats_b.resolved_key as key_b,
        stats_a.entity_type,
        stats_a.num_mentions as mentions_a,
        stats_b.num_mentions as mentions_b,
        keys_a.similarity,
        0 as num_shared_context,
        keys_a.merge_reason
    from key_stats as stats_a
    inner join shared_name_keys as keys_a on stats_a.resolved_key = keys_a.resolved_key
    inner join shared_name_keys as keys_b
        on keys_a.merge_reason = keys_b.merge_reason and keys_a.shared_key = keys_b.shared_key
    inner join key_stats as stats_b on keys_b.resolved_key = stats_b.resolved_key
    where
        stats_a.resolved_key < stats_b.resolved_key
        and not (stats_a.is_curated and stats_b.is_curated)
        -- both names are of a type the key may join
        and len(list_filter(
            keys_a.merge_types,
            merge_type -> list_contains(stats_a.entity_types, merge_type)
            and list_contains(stats_b.entity_types, merge_type)
        )) > 0
),

person_sounds as (
    select
        resolved_key,
        mode(sound_key) as sound_key,
        case
            when regexp_matches(resolved_key, '\p{Han}') then 'han'
            when regexp_matches(resolved_key, '\p{Cyrillic}') then 'cyrillic'
            else 'latin'
        end as script
    from mentions
    where sound_key is not null and model_entity_type = 'person'
    group by resolved_key
    having length(mode(sound_key)) >= {{ min_sound_key_length }}
),

sound_pairs as (
    select
        stats_a.resolved_key as key_a,
        stats_b.resolved_key as key_b,
        stats_a.entity_type,
        stats_a.num_mentions as mentions_a,
        stats_b.num_mentions as mentions_b
    from person_sounds as sounds_a
    inner join person_sounds as sounds_b
        on
            sounds_a.sound_key = sounds_b.sound_key
            and sounds_a.resolved_key < sounds_b.resolved_key
            and sounds_a.script != sounds_b.script
    inner join key_stats as stats_a on sounds_a.resolved_key = stats_a.resolved_key
    inner join key_stats as stats_b on sounds_b.resolved_key = stats_b.resolved_key
    where
        stats_a.entity_type = 'person'
        and stats_b.entity_type = 'person'
        and not (stats_a.is_curated and stats_b.is_curated)
),

organisation_names as (
    select
        resolved_key,
        mode(latin_key) as latin_key,
        mode(lead_key) as lead_key,
        regexp_matches(resolved_key, '\p{Han}') as is_chinese
    from mentions
    where model_entity_type = 'organization' and latin_key is not null
    group by resolved_key
),

lead_name_pairs as (
    select
        stats_latin.resolved_key as key_a,
        stats_chinese.resolved_key as key_b,
        stats_latin.entity_type,
        stats_latin.num_mentions as mentions_a,
        stats_chinese.num_mentions as mentions_b
    from organisation_names as latin_names
    inner join organisation_names as chinese_names
        on
            left(latin_names.lead_key, 4) = left(chinese_names.latin_key, 4)
            and starts_with(chinese_names.latin_key, latin_names.lead_key)
    inner join key_stats as stats_latin on latin_names.resolved_key = stats_latin.resolved_key
    inner join key_stats as stats_chinese on chinese_names.resolved_key = stats_chinese.resolved_key
    where
        chinese_names.is_chinese
        and not latin_names.is_chinese
        and length(latin_names.lead_key) >= {{ min_lead_key_length }}
        and stats_latin.entity_type = 'organization'
        and stats_chinese.entity_type = 'organization'
        and not (stats_latin.is_curated and stats_chinese.is_curated)
),

full_names_by_surname as (
    select
        string_split(resolved_key, ' ')[-1] as surname,
        min(resolved_key) as full_key,
        count(*) as num_full_names
    from key_stats
    where entity_type = 'person' and contains(resolved_key, ' ')
    group by string_split(resolved_key, ' ')[-1]
),

surname_pairs as (
    select
        surnames.resolved_key as key_a,
        full_names.resolved_key as key_b,
        surnames.entity_type,
        -- the full name is what the entity is called, however often the surname is used
        0 as mentions_a,
        full_names.num_mentions as mentions_b
    from key_stats as surnames
    inner join full_names_by_surname on surnames.resolved_key = full_names_by_surname.surname
    inner join key_stats as full_names on full_names_by_surname.full_key = full_names.resolved_key
    where
        surnames.entity_type = 'person'
        and not contains(surnames.resolved_key, ' ')
        and full_names_by_surname.num_full_names = 1
        and not (surnames.is_curated and full_names.is_curated)
),

context_pairs as (
    -- pairs that merge only with shared context, each with the context it needs
    select
        *,
        'spelling' as merge_reason,
        1 as min_context
    from similar_pairs
    union all
    select
        *,
        0.98 as similarity,
        'sound' as merge_reason,
        {{ min_sound_context }} as min_context
    from sound_pairs
    union all
    select
        *,
        0.97 as similarity,
        'lead_name' as merge_reason,
        {{ min_sound_context }} as min_context
    from lead_name_pairs
    union all
    select
        *,
        0.96 as similarity,
        'surname' as merge_reason,
        {{ min_surname_context }} as min_context
    from surname_pairs
),

context_merges as (
    select
        context_pairs.key_a,
        context_pairs.key_b,
        context_pairs.entity_type,
        context_pairs.mentions_a,
        context_pairs.mentions_b,
        context_pairs.similarity,
        count(distinct context_a.context_key) as num_shared_context,
        context_pairs.merge_reason
    from context_pairs
    inner join context_keys as context_a on context_pairs.key_a = context_a.resolved_key
    inner join context_keys as context_b
        on context_pairs.key_b = context_b.resolved_key and context_a.context_key = context_b.context_key
    where context_a.context_key not in (context_pairs.key_a, context_pairs.key_b)
    group by all
    -- one min_context per pair: its reason's
    having count(distinct context_a.context_key) >= max(context_pairs.min_context)
),

candidate_merges as (
    select * from shared_key_merges
    union all
    select * from context_merges
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
