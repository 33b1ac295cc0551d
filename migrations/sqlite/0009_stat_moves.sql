-- The statistics' move log: each move of a submitted application logs the application as it
-- was (sign -1) and as it is (+1), written by a trigger inside the move's transaction (installed
-- at start-up, store/statistics.rs); a fold adds the rows to the rollups and deletes them.
CREATE TABLE stat_moves (
    id                 INTEGER PRIMARY KEY,
    alliance_id        INTEGER NOT NULL,
    opportunity_id     INTEGER NOT NULL,
    home_university_id INTEGER NOT NULL,
    host_university_id INTEGER NOT NULL,
    level              TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    submitted_at       INTEGER,
    nominated_at       INTEGER,
    accepted_at        INTEGER,
    sign               INTEGER NOT NULL,
    folding            INTEGER NOT NULL DEFAULT 0
) STRICT;
