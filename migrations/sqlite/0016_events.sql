-- Events of an alliance (meetings, congresses, seminars, symposia, schools), written by its
-- secretariat: dates (ISO, inclusive), an optional host university, texts (title, place,
-- description) in one or more of en/ru/zh with the original marked, and a way to register (an
-- address, or one of our opportunities). A draft is seen only by those who may write it.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    alliance_id        INTEGER NOT NULL REFERENCES alliances (id),
    host_university_id INTEGER REFERENCES universities (id),
    kind               TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    starts_on          TEXT    NOT NULL,
    ends_on            TEXT    NOT NULL,
    original_lang      TEXT    NOT NULL CHECK (original_lang IN ('en', 'ru', 'zh')),
    title_en           TEXT,
    title_ru           TEXT,
    title_zh           TEXT,
    place_en           TEXT,
    place_ru           TEXT,
    place_zh           TEXT,
    description_en     TEXT,
    description_ru     TEXT,
    description_zh     TEXT,
    register_url       TEXT,
    opportunity_id     INTEGER REFERENCES opportunities (id),
    seed_key           TEXT    UNIQUE,
    created_by         INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
-- Upcoming and past lists, and the calendar's month (events overlapping it).
CREATE INDEX events_published ON events (status, ends_on, starts_on);
CREATE INDEX events_alliance ON events (alliance_id, status, ends_on);

-- The calendar shows events beside opportunities and is cached under the catalogue's version
-- (0013): a change to an event bumps it like a change to an opportunity.
CREATE TRIGGER events_added_catalogue AFTER INSERT ON events
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER events_changed_catalogue AFTER UPDATE ON events
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER events_removed_catalogue AFTER DELETE ON events
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
