-- Every mention's offsets must slice its article's body back to exactly its surface.
select
    mentions.mention_id,
    mentions.surface,
    substr(articles.body, mentions.char_start + 1, mentions.char_end - mentions.char_start) as sliced
from {{ ref('mentions') }} as mentions
inner join {{ ref('articles') }} as articles on mentions.doc_id = articles.doc_id
where substr(articles.body, mentions.char_start + 1, mentions.char_end - mentions.char_start) != mentions.surface
