-- Mobility statistics (issue 7): rollups kept in the transaction of every move.
--
-- Each table counts the applications submitted at least once, keyed by what the dashboard
-- filters and groups on. The academic year runs from September to August and is the one in
-- which the opportunity starts (2025 = 2025/26). The counters are the same in every table:
-- `applications` (submitted at least once), `nominated` and `accepted` (at least once), and one
-- column per present state. app::server::store::statistics keeps them: one upsert per table
-- with the difference a move makes, and a rebuild from the applications (after bulk loads; a
-- test proves both equal a recount). Rows whose counters fall to zero stay.

-- When the host first accepted (the time from submission to acceptance is a statistic).
ALTER TABLE applications ADD COLUMN accepted_at INTEGER;
UPDATE applications SET accepted_at = (
    SELECT MIN(e.at) FROM application_events e
    WHERE e.application_id = applications.id AND e.to_state = 'accepted'
);

-- Country to country, for the alliance's flow chart and its totals (small: no universities).
CREATE TABLE stat_flows (
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, kind, level, home_country, host_country)
) STRICT, WITHOUT ROWID;

-- Each university's side of a mobility: 'out' where it is the home, 'in' where it is the host;
-- `partner_country` is the other side's country. Keyed university first: the per-university
-- sums over several years read the rows in key order (no sort).
CREATE TABLE stat_units (
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    university_id      INTEGER NOT NULL,
    side               TEXT    NOT NULL CHECK (side IN ('out', 'in')),
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    partner_country    TEXT    NOT NULL,
    country            TEXT    NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, university_id, side, academic_year, kind, level, partner_country)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_units_university ON stat_units (university_id, academic_year);

-- The same without kind, level and the partner's country: what the unfiltered views read (a
-- handful of rows per university and year instead of hundreds).
CREATE TABLE stat_university_years (
    alliance_id        INTEGER NOT NULL,
    university_id      INTEGER NOT NULL,
    side               TEXT    NOT NULL CHECK (side IN ('out', 'in')),
    academic_year      INTEGER NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, university_id, side, academic_year)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_university_years_university ON stat_university_years (university_id, academic_year);

-- University to university: the drill-down of a country pair, and a coordinator's partners.
CREATE TABLE stat_pairs (
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    home_university_id INTEGER NOT NULL,
    host_university_id INTEGER NOT NULL,
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, home_university_id, host_university_id, kind, level)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_pairs_countries ON stat_pairs (alliance_id, home_country, host_country, academic_year);
CREATE INDEX stat_pairs_home ON stat_pairs (home_university_id, academic_year);
CREATE INDEX stat_pairs_host ON stat_pairs (host_university_id, academic_year);

-- University to university without kind and level: the unfiltered drill-down and partners.
CREATE TABLE stat_pair_years (
    alliance_id        INTEGER NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    home_university_id INTEGER NOT NULL,
    host_university_id INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, home_country, host_country, home_university_id, host_university_id, academic_year)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_pair_years_home ON stat_pair_years (home_university_id, academic_year);
CREATE INDEX stat_pair_years_host ON stat_pair_years (host_university_id, academic_year);

-- Per opportunity (acceptance rate), by the applicants' level and home country; keyed so that a
-- kind filter reads a range.
CREATE TABLE stat_opportunities (
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    kind               TEXT    NOT NULL,
    opportunity_id     INTEGER NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_university_id INTEGER NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, kind, opportunity_id, level, home_country)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_opportunities_host ON stat_opportunities (host_university_id, academic_year);

-- Per opportunity, whoever applied: the unfiltered ranking of opportunities.
CREATE TABLE stat_opportunity_totals (
    opportunity_id     INTEGER NOT NULL PRIMARY KEY,
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    host_university_id INTEGER NOT NULL,
    applications       INTEGER NOT NULL DEFAULT 0,
    nominated          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    s_submitted        INTEGER NOT NULL DEFAULT 0,
    s_nominated        INTEGER NOT NULL DEFAULT 0,
    s_waitlisted       INTEGER NOT NULL DEFAULT 0,
    s_accepted         INTEGER NOT NULL DEFAULT 0,
    s_confirmed        INTEGER NOT NULL DEFAULT 0,
    s_in_mobility      INTEGER NOT NULL DEFAULT 0,
    s_completed        INTEGER NOT NULL DEFAULT 0,
    s_rejected         INTEGER NOT NULL DEFAULT 0,
    s_declined         INTEGER NOT NULL DEFAULT 0,
    s_withdrawn        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX stat_opportunity_totals_alliance ON stat_opportunity_totals (alliance_id, academic_year);
CREATE INDEX stat_opportunity_totals_host ON stat_opportunity_totals (host_university_id, academic_year);

-- How long universities take to answer: per university, year and measure, how many answers
-- came after 0, 1, …, 59 days, and after 60 days or more (`d60`) — 'nominate' = submission to
-- first nomination, at the home university; 'accept' = submission to first acceptance, at the
-- host university. One row per university and year keeps a median over several years a sum of
-- a few rows.
CREATE TABLE stat_durations (
    alliance_id        INTEGER NOT NULL,
    academic_year      INTEGER NOT NULL,
    university_id      INTEGER NOT NULL,
    measure            TEXT    NOT NULL CHECK (measure IN ('nominate', 'accept')),
    d0                 INTEGER NOT NULL DEFAULT 0,
    d1                 INTEGER NOT NULL DEFAULT 0,
    d2                 INTEGER NOT NULL DEFAULT 0,
    d3                 INTEGER NOT NULL DEFAULT 0,
    d4                 INTEGER NOT NULL DEFAULT 0,
    d5                 INTEGER NOT NULL DEFAULT 0,
    d6                 INTEGER NOT NULL DEFAULT 0,
    d7                 INTEGER NOT NULL DEFAULT 0,
    d8                 INTEGER NOT NULL DEFAULT 0,
    d9                 INTEGER NOT NULL DEFAULT 0,
    d10                INTEGER NOT NULL DEFAULT 0,
    d11                INTEGER NOT NULL DEFAULT 0,
    d12                INTEGER NOT NULL DEFAULT 0,
    d13                INTEGER NOT NULL DEFAULT 0,
    d14                INTEGER NOT NULL DEFAULT 0,
    d15                INTEGER NOT NULL DEFAULT 0,
    d16                INTEGER NOT NULL DEFAULT 0,
    d17                INTEGER NOT NULL DEFAULT 0,
    d18                INTEGER NOT NULL DEFAULT 0,
    d19                INTEGER NOT NULL DEFAULT 0,
    d20                INTEGER NOT NULL DEFAULT 0,
    d21                INTEGER NOT NULL DEFAULT 0,
    d22                INTEGER NOT NULL DEFAULT 0,
    d23                INTEGER NOT NULL DEFAULT 0,
    d24                INTEGER NOT NULL DEFAULT 0,
    d25                INTEGER NOT NULL DEFAULT 0,
    d26                INTEGER NOT NULL DEFAULT 0,
    d27                INTEGER NOT NULL DEFAULT 0,
    d28                INTEGER NOT NULL DEFAULT 0,
    d29                INTEGER NOT NULL DEFAULT 0,
    d30                INTEGER NOT NULL DEFAULT 0,
    d31                INTEGER NOT NULL DEFAULT 0,
    d32                INTEGER NOT NULL DEFAULT 0,
    d33                INTEGER NOT NULL DEFAULT 0,
    d34                INTEGER NOT NULL DEFAULT 0,
    d35                INTEGER NOT NULL DEFAULT 0,
    d36                INTEGER NOT NULL DEFAULT 0,
    d37                INTEGER NOT NULL DEFAULT 0,
    d38                INTEGER NOT NULL DEFAULT 0,
    d39                INTEGER NOT NULL DEFAULT 0,
    d40                INTEGER NOT NULL DEFAULT 0,
    d41                INTEGER NOT NULL DEFAULT 0,
    d42                INTEGER NOT NULL DEFAULT 0,
    d43                INTEGER NOT NULL DEFAULT 0,
    d44                INTEGER NOT NULL DEFAULT 0,
    d45                INTEGER NOT NULL DEFAULT 0,
    d46                INTEGER NOT NULL DEFAULT 0,
    d47                INTEGER NOT NULL DEFAULT 0,
    d48                INTEGER NOT NULL DEFAULT 0,
    d49                INTEGER NOT NULL DEFAULT 0,
    d50                INTEGER NOT NULL DEFAULT 0,
    d51                INTEGER NOT NULL DEFAULT 0,
    d52                INTEGER NOT NULL DEFAULT 0,
    d53                INTEGER NOT NULL DEFAULT 0,
    d54                INTEGER NOT NULL DEFAULT 0,
    d55                INTEGER NOT NULL DEFAULT 0,
    d56                INTEGER NOT NULL DEFAULT 0,
    d57                INTEGER NOT NULL DEFAULT 0,
    d58                INTEGER NOT NULL DEFAULT 0,
    d59                INTEGER NOT NULL DEFAULT 0,
    d60                INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, university_id, measure)
) STRICT, WITHOUT ROWID;
CREATE INDEX stat_durations_university ON stat_durations (university_id, academic_year);

-- One row once the rollups have been built from the applications (the first start after this
-- migration builds them), with the trigger that keeps them (re-installed only when it changes).
CREATE TABLE stat_meta (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    built_at           INTEGER NOT NULL,
    trigger_sql        TEXT    NOT NULL DEFAULT ''   -- the trigger installed, as generated
) STRICT;
