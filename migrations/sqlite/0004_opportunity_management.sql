-- Managing opportunities: the reason a cancellation gives applicants; full-text search over
-- every language (an FTS5 trigram index: substrings of any script, Chinese included, without
-- word boundaries); messages to an alliance's secretariat from its public page.
ALTER TABLE opportunities ADD COLUMN cancel_reason TEXT;

CREATE VIRTUAL TABLE opportunities_fts USING fts5 (
    search_text,
    content = 'opportunities',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO opportunities_fts (opportunities_fts) VALUES ('rebuild');
CREATE TRIGGER opportunities_fts_insert AFTER INSERT ON opportunities BEGIN
    INSERT INTO opportunities_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER opportunities_fts_delete AFTER DELETE ON opportunities BEGIN
    INSERT INTO opportunities_fts (opportunities_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER opportunities_fts_update AFTER UPDATE OF search_text ON opportunities BEGIN
    INSERT INTO opportunities_fts (opportunities_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO opportunities_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE contact_messages (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliances (id),
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX contact_messages_alliance ON contact_messages (alliance_id, created_at);
-- The calendar's month query (runs in the month or closes in it) reads this index alone.
CREATE INDEX opportunities_calendar
    ON opportunities (status, ends_on, starts_on, closes_at, host_university_id, alliance_id);
