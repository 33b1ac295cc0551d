-- News of an alliance, written by its secretariat: title, summary and body in one or more of
-- en/ru/zh (`original_lang` is the one the author wrote, and always has a title and a body),
-- shown under `published_on` (an ISO date the author chooses: items of past years keep their
-- own date). Bodies are plain text: paragraphs and links are made when they are shown, so no
-- author's markup ever reaches a page. A draft is seen only by those who may write it.
CREATE TABLE news_posts (
    id            INTEGER PRIMARY KEY,
    alliance_id   INTEGER NOT NULL REFERENCES alliances (id),
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    published_on  TEXT    NOT NULL,
    original_lang TEXT    NOT NULL CHECK (original_lang IN ('en', 'ru', 'zh')),
    title_en      TEXT,
    title_ru      TEXT,
    title_zh      TEXT,
    summary_en    TEXT,
    summary_ru    TEXT,
    summary_zh    TEXT,
    body_en       TEXT,
    body_ru       TEXT,
    body_zh       TEXT,
    seed_key      TEXT    UNIQUE,
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    published_at  INTEGER
) STRICT;
-- The lists (all alliances, or one) read published items newest first from these alone.
CREATE INDEX news_posts_published ON news_posts (status, published_on, id);
CREATE INDEX news_posts_alliance ON news_posts (alliance_id, status, published_on, id);
