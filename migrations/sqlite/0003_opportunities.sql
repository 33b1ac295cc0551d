-- Opportunities: schools, clerkships, joint-degree semesters, faculty exchanges offered by a host
-- university within an alliance. Texts in one or more of en/ru/zh (`original_lang` is the one
-- the author wrote); `search_text` is the lower-cased concatenation of every text, for search.
-- Dates of the programme are ISO dates; the application window is UTC instants (Unix seconds),
-- entered in the host's time zone (`time_zone`, IANA name).
CREATE TABLE opportunities (
    id                   INTEGER PRIMARY KEY,
    alliance_id          INTEGER NOT NULL REFERENCES alliances (id),
    host_university_id   INTEGER NOT NULL REFERENCES universities (id),
    kind                 TEXT    NOT NULL,
    field_code           TEXT    NOT NULL,
    languages            TEXT    NOT NULL,   -- "en:B2,ru:B1"
    levels               TEXT    NOT NULL,   -- "bachelor,master"
    starts_on            TEXT    NOT NULL,
    ends_on              TEXT    NOT NULL,
    opens_at             INTEGER NOT NULL,
    closes_at            INTEGER NOT NULL,
    time_zone            TEXT    NOT NULL,
    capacity             INTEGER NOT NULL CHECK (capacity >= 1),
    quota_per_university INTEGER,
    documents            TEXT    NOT NULL DEFAULT '',
    fees_note            TEXT    NOT NULL DEFAULT '',
    contact_name         TEXT    NOT NULL DEFAULT '',
    contact_email        TEXT    NOT NULL DEFAULT '',
    status               TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'closed', 'cancelled')),
    original_lang        TEXT    NOT NULL,
    title_en             TEXT,
    title_ru             TEXT,
    title_zh             TEXT,
    summary_en           TEXT,
    summary_ru           TEXT,
    summary_zh           TEXT,
    description_en       TEXT,
    description_ru       TEXT,
    description_zh       TEXT,
    search_text          TEXT    NOT NULL,
    seed_key             TEXT    UNIQUE,     -- demo and synthetic rows: makes seeding idempotent
    created_by           INTEGER REFERENCES users (id),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX opportunities_closes ON opportunities (status, closes_at, id);
CREATE INDEX opportunities_starts ON opportunities (status, starts_on, id);
CREATE INDEX opportunities_host ON opportunities (host_university_id);
CREATE INDEX opportunities_alliance ON opportunities (alliance_id);
