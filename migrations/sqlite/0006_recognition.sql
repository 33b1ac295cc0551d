-- Learning agreements and credit recognition (issue 6).

-- A university's conversion rules, versioned: every save adds a version, a recognition
-- records the version it used. The body is domain::recognition::Rules as JSON.
CREATE TABLE conversion_rules (
    id             INTEGER PRIMARY KEY,
    university_id  INTEGER NOT NULL REFERENCES universities (id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    body           TEXT    NOT NULL,
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    UNIQUE (university_id, version)
);

-- A learning agreement is its versions: a version is open until the third approval.
CREATE TABLE agreement_versions (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    approved_at    INTEGER,
    UNIQUE (application_id, version)
);

CREATE TABLE agreement_components (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES agreement_versions (id),
    side           TEXT    NOT NULL CHECK (side IN ('host', 'home')),
    grp            INTEGER NOT NULL CHECK (grp BETWEEN 1 AND 99),
    code           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    term           TEXT    NOT NULL DEFAULT '',
    scheme         TEXT    NOT NULL CHECK (scheme IN ('ects', 'zet', 'cn')),
    credits_centi  INTEGER NOT NULL CHECK (credits_centi > 0),
    hours          INTEGER NOT NULL CHECK (hours >= 0),
    provisional    INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
    UNIQUE (version_id, side, code)
);

-- Why a component was added or removed in a version after the first.
CREATE TABLE agreement_changes (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES agreement_versions (id),
    side           TEXT    NOT NULL CHECK (side IN ('host', 'home')),
    code           TEXT    NOT NULL,
    added          INTEGER NOT NULL CHECK (added IN (0, 1)),
    reason         TEXT    NOT NULL
);
CREATE INDEX agreement_changes_version ON agreement_changes (version_id);

CREATE TABLE agreement_approvals (
    version_id     INTEGER NOT NULL REFERENCES agreement_versions (id),
    party          TEXT    NOT NULL CHECK (party IN ('applicant', 'home', 'host')),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    name           TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    approved_at    INTEGER NOT NULL,
    PRIMARY KEY (version_id, party)
);

-- The host's transcript of records: one row per host component of the approved version.
CREATE TABLE transcript_rows (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    component_id   INTEGER NOT NULL REFERENCES agreement_components (id),
    grade          TEXT    NOT NULL,
    credits_centi  INTEGER NOT NULL CHECK (credits_centi >= 0),
    hours          INTEGER NOT NULL CHECK (hours >= 0),
    percentile     INTEGER CHECK (percentile BETWEEN 1 AND 100),
    entered_by     INTEGER NOT NULL REFERENCES users (id),
    entered_at     INTEGER NOT NULL,
    UNIQUE (application_id, component_id)
);

-- The home coordinator's decision per home component, beside what the platform proposed and
-- the rule version it proposed from.
CREATE TABLE recognitions (
    id                      INTEGER PRIMARY KEY,
    application_id          INTEGER NOT NULL REFERENCES applications (id),
    component_id            INTEGER NOT NULL REFERENCES agreement_components (id),
    recognised              INTEGER NOT NULL CHECK (recognised IN (0, 1)),
    grade                   TEXT    NOT NULL,
    credits_centi           INTEGER NOT NULL CHECK (credits_centi >= 0),
    scheme                  TEXT    NOT NULL CHECK (scheme IN ('ects', 'zet', 'cn')),
    proposed_grade          TEXT    NOT NULL,
    proposed_credits_centi  INTEGER NOT NULL,
    note                    TEXT    NOT NULL DEFAULT '',
    rule_university_id      INTEGER NOT NULL REFERENCES universities (id),
    rule_version            INTEGER NOT NULL,
    decided_by              INTEGER NOT NULL REFERENCES users (id),
    decided_at              INTEGER NOT NULL,
    UNIQUE (application_id, component_id)
);

-- The printable record's verification code, issued when the application completes.
CREATE TABLE recognition_records (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    code           TEXT    NOT NULL UNIQUE,
    issued_at      INTEGER NOT NULL
);

-- Audit of agreements and recognition. Append-only.
CREATE TABLE recognition_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at             INTEGER NOT NULL,
    actor_id       INTEGER REFERENCES users (id),
    kind           TEXT    NOT NULL,
    detail         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX recognition_events_application ON recognition_events (application_id, id);
CREATE TRIGGER recognition_events_no_update BEFORE UPDATE ON recognition_events BEGIN
    SELECT RAISE (ABORT, 'recognition_events is append-only');
END;
CREATE TRIGGER recognition_events_no_delete BEFORE DELETE ON recognition_events BEGIN
    SELECT RAISE (ABORT, 'recognition_events is append-only');
END;
