-- Applications and their two-stage review. An application belongs to one applicant and one
-- opportunity; the home and host universities and the alliance are copied from them when it is
-- created, so each coordinator's queue is one index range. Instants are Unix seconds.
ALTER TABLE opportunities ADD COLUMN offer_days INTEGER NOT NULL DEFAULT 14 CHECK (offer_days BETWEEN 1 AND 90);

CREATE TABLE applications (
    id                 INTEGER PRIMARY KEY,
    opportunity_id     INTEGER NOT NULL REFERENCES opportunities (id),
    applicant_id       INTEGER NOT NULL REFERENCES users (id),
    home_university_id INTEGER NOT NULL REFERENCES universities (id),
    host_university_id INTEGER NOT NULL REFERENCES universities (id),
    alliance_id        INTEGER NOT NULL REFERENCES alliances (id),
    state              TEXT    NOT NULL CHECK (state IN ('draft', 'submitted', 'nominated', 'waitlisted', 'accepted', 'confirmed', 'in_mobility', 'completed', 'rejected', 'declined', 'withdrawn')),
    level              TEXT    NOT NULL DEFAULT '',
    year_of_study      INTEGER,
    motivation         TEXT    NOT NULL DEFAULT '',
    languages          TEXT    NOT NULL DEFAULT '',   -- "en:B2,ru:B1", the applicant's own levels
    rank               INTEGER,                       -- the home coordinator's order of nominees
    reason             TEXT,                          -- the last reason the applicant was given
    submitted_at       INTEGER,                       -- first submission: home coordinators see it from then on
    nominated_at       INTEGER,                       -- first nomination: host coordinators see it from then on
    waitlisted_at      INTEGER,
    offer_expires_at   INTEGER,
    waiting_since      INTEGER NOT NULL,              -- when it entered its present state
    reminded_at        INTEGER,                       -- a reminder was sent about the present state
    search_text        TEXT    NOT NULL DEFAULT '',   -- applicant's names and e-mail, lower-cased
    seed_key           TEXT    UNIQUE,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
-- One active application per person and opportunity.
CREATE UNIQUE INDEX applications_active ON applications (applicant_id, opportunity_id)
    WHERE state NOT IN ('completed', 'rejected', 'declined', 'withdrawn');
-- The queues: a university's outgoing applications once submitted, its incoming ones once
-- nominated — newest first (id), or of one state, and counted per state, from the index alone.
CREATE INDEX applications_outgoing ON applications (home_university_id, id)
    WHERE submitted_at IS NOT NULL;
CREATE INDEX applications_outgoing_state ON applications (home_university_id, state, id)
    WHERE submitted_at IS NOT NULL;
CREATE INDEX applications_incoming ON applications (host_university_id, id)
    WHERE nominated_at IS NOT NULL;
CREATE INDEX applications_incoming_state ON applications (host_university_id, state, id)
    WHERE nominated_at IS NOT NULL;
CREATE INDEX applications_opportunity ON applications (opportunity_id, state, waitlisted_at);
-- "Has this university applied to this opportunity?" (the outgoing queue's opportunity filter).
CREATE INDEX applications_opportunity_home ON applications (opportunity_id, home_university_id)
    WHERE submitted_at IS NOT NULL;
CREATE INDEX applications_alliance ON applications (alliance_id, id);
CREATE INDEX applications_applicant ON applications (applicant_id, id);
CREATE INDEX applications_waiting ON applications (state, waiting_since);

-- What happened to an application: moves (with from/to and the reason), messages between the
-- applicant and coordinators, and coordinators' internal notes. Append-only.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at             INTEGER NOT NULL,
    actor_id       INTEGER REFERENCES users (id),     -- NULL: the platform
    kind           TEXT    NOT NULL CHECK (kind IN ('move', 'message', 'note')),
    action         TEXT,
    from_state     TEXT,
    to_state       TEXT,
    body           TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX application_events_application ON application_events (application_id, id);
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events BEGIN
    SELECT RAISE (ABORT, 'application_events is append-only');
END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events BEGIN
    SELECT RAISE (ABORT, 'application_events is append-only');
END;

-- Documents: metadata here, bytes in document_blobs under a generated key (so listing never
-- reads a file, and every instance sharing the database reads the same bytes).
CREATE TABLE application_documents (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind           TEXT    NOT NULL,
    file_name      TEXT    NOT NULL,                  -- sanitised, for display only
    content_type   TEXT    NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes     INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    storage_key    TEXT    NOT NULL UNIQUE,
    uploaded_by    INTEGER NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX application_documents_application ON application_documents (application_id, kind);
CREATE TABLE document_blobs (
    storage_key TEXT PRIMARY KEY,
    data        BLOB NOT NULL
) STRICT;

-- The in-app inbox.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind           TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    read_at        INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
