-- Alliances, universities and memberships: the member directory.
-- Localised content is stored per language column; English is required, ru/zh optional.
CREATE TABLE alliances (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    founded_on      TEXT    NOT NULL,          -- ISO date
    abbreviation_en TEXT    NOT NULL,
    abbreviation_ru TEXT,
    abbreviation_zh TEXT,
    name_en         TEXT    NOT NULL,
    name_ru         TEXT,
    name_zh         TEXT,
    summary_en      TEXT    NOT NULL,
    summary_ru      TEXT,
    summary_zh      TEXT,
    description_en  TEXT    NOT NULL,
    description_ru  TEXT,
    description_zh  TEXT,
    website         TEXT
) STRICT;

CREATE TABLE universities (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name_en     TEXT NOT NULL,
    name_native TEXT,
    native_lang TEXT,
    country     TEXT NOT NULL CHECK (length(country) = 2),
    city        TEXT NOT NULL,
    city_native TEXT,
    website     TEXT
) STRICT;

CREATE TABLE alliance_members (
    alliance_id   INTEGER NOT NULL REFERENCES alliances (id) ON DELETE CASCADE,
    university_id INTEGER NOT NULL REFERENCES universities (id) ON DELETE CASCADE,
    PRIMARY KEY (alliance_id, university_id)
) STRICT;

CREATE INDEX alliance_members_university ON alliance_members (university_id);
