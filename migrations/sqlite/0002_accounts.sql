-- Accounts, sessions, roles, invitations, the e-mail outbox and the audit trail.
-- Instants are Unix seconds (INTEGER); term dates are ISO dates (TEXT), compared as text.
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    email              TEXT    NOT NULL UNIQUE,          -- lower-cased
    password_hash      TEXT,                             -- NULL once anonymised
    name_latin         TEXT    NOT NULL,
    name_native        TEXT    NOT NULL DEFAULT '',
    home_university_id INTEGER REFERENCES universities (id),
    level              TEXT,                             -- applicants only
    locale             TEXT    NOT NULL DEFAULT 'en',
    email_verified_at  INTEGER,
    totp_secret        TEXT,
    totp_enabled_at    INTEGER,
    totp_last_step     INTEGER,
    is_demo            INTEGER NOT NULL DEFAULT 0,
    disabled_at        INTEGER,
    deleted_at         INTEGER,
    created_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE email_tokens (
    token_hash TEXT    PRIMARY KEY,                      -- SHA-256 of the token, hex
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('verify', 'reset', 'email_change')),
    new_email  TEXT,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('coordinator', 'staff', 'admin')),
    university_id INTEGER REFERENCES universities (id),
    alliance_id   INTEGER REFERENCES alliances (id),
    term_start    TEXT,
    term_end      TEXT,
    granted_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER
) STRICT;
CREATE INDEX role_grants_user ON role_grants (user_id);

CREATE TABLE invitations (
    token_hash    TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('coordinator', 'staff')),
    university_id INTEGER REFERENCES universities (id),
    alliance_id   INTEGER REFERENCES alliances (id),
    term_start    TEXT,
    term_end      TEXT,
    locale        TEXT    NOT NULL,
    invited_by    INTEGER NOT NULL REFERENCES users (id),
    expires_at    INTEGER NOT NULL,
    accepted_at   INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    actor_id        INTEGER,
    action          TEXT    NOT NULL,
    subject_user_id INTEGER,
    address         TEXT,
    detail          TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_events_subject ON audit_events (subject_user_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id);
