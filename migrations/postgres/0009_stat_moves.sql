-- The statistics' move log: each move of a submitted application logs the application as it
-- was (sign -1) and as it is (+1), written by a trigger inside the move's transaction (installed
-- at start-up, store/statistics.rs); a fold adds the rows to the rollups and deletes them.
CREATE TABLE stat_moves (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alliance_id        BIGINT  NOT NULL,
    opportunity_id     BIGINT  NOT NULL,
    home_university_id BIGINT  NOT NULL,
    host_university_id BIGINT  NOT NULL,
    level              TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    submitted_at       BIGINT,
    nominated_at       BIGINT,
    accepted_at        BIGINT,
    sign               INTEGER NOT NULL,
    folding            INTEGER NOT NULL DEFAULT 0
);
