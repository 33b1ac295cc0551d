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
ALTER TABLE applications ADD COLUMN accepted_at BIGINT;
UPDATE applications SET accepted_at = (
    SELECT MIN(e.at) FROM application_events e
    WHERE e.application_id = applications.id AND e.to_state = 'accepted'
);

-- Country to country, for the alliance's flow chart and its totals (small: no universities).
CREATE TABLE stat_flows (
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, kind, level, home_country, host_country)
);

-- Each university's side of a mobility: 'out' where it is the home, 'in' where it is the host;
-- `partner_country` is the other side's country. Keyed university first: the per-university
-- sums over several years read the rows in key order (no sort).
CREATE TABLE stat_units (
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    university_id      BIGINT NOT NULL,
    side               TEXT    NOT NULL CHECK (side IN ('out', 'in')),
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    partner_country    TEXT    NOT NULL,
    country            TEXT    NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, university_id, side, academic_year, kind, level, partner_country)
);
CREATE INDEX stat_units_university ON stat_units (university_id, academic_year);

-- The same without kind, level and the partner's country: what the unfiltered views read (a
-- handful of rows per university and year instead of hundreds).
CREATE TABLE stat_university_years (
    alliance_id        BIGINT NOT NULL,
    university_id      BIGINT NOT NULL,
    side               TEXT    NOT NULL CHECK (side IN ('out', 'in')),
    academic_year      BIGINT NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, university_id, side, academic_year)
);
CREATE INDEX stat_university_years_university ON stat_university_years (university_id, academic_year);

-- University to university: the drill-down of a country pair, and a coordinator's partners.
CREATE TABLE stat_pairs (
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    home_university_id BIGINT NOT NULL,
    host_university_id BIGINT NOT NULL,
    kind               TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, home_university_id, host_university_id, kind, level)
);
CREATE INDEX stat_pairs_countries ON stat_pairs (alliance_id, home_country, host_country, academic_year);
CREATE INDEX stat_pairs_home ON stat_pairs (home_university_id, academic_year);
CREATE INDEX stat_pairs_host ON stat_pairs (host_university_id, academic_year);

-- University to university without kind and level: the unfiltered drill-down and partners.
CREATE TABLE stat_pair_years (
    alliance_id        BIGINT NOT NULL,
    home_country       TEXT    NOT NULL,
    host_country       TEXT    NOT NULL,
    home_university_id BIGINT NOT NULL,
    host_university_id BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, home_country, host_country, home_university_id, host_university_id, academic_year)
);
CREATE INDEX stat_pair_years_home ON stat_pair_years (home_university_id, academic_year);
CREATE INDEX stat_pair_years_host ON stat_pair_years (host_university_id, academic_year);

-- Per opportunity (acceptance rate), by the applicants' level and home country; keyed so that a
-- kind filter reads a range.
CREATE TABLE stat_opportunities (
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    kind               TEXT    NOT NULL,
    opportunity_id     BIGINT NOT NULL,
    level              TEXT    NOT NULL,
    home_country       TEXT    NOT NULL,
    host_university_id BIGINT NOT NULL,
    host_country       TEXT    NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, kind, opportunity_id, level, home_country)
);
CREATE INDEX stat_opportunities_host ON stat_opportunities (host_university_id, academic_year);

-- Per opportunity, whoever applied: the unfiltered ranking of opportunities.
CREATE TABLE stat_opportunity_totals (
    opportunity_id     BIGINT NOT NULL PRIMARY KEY,
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    host_university_id BIGINT NOT NULL,
    applications       BIGINT NOT NULL DEFAULT 0,
    nominated          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    s_submitted        BIGINT NOT NULL DEFAULT 0,
    s_nominated        BIGINT NOT NULL DEFAULT 0,
    s_waitlisted       BIGINT NOT NULL DEFAULT 0,
    s_accepted         BIGINT NOT NULL DEFAULT 0,
    s_confirmed        BIGINT NOT NULL DEFAULT 0,
    s_in_mobility      BIGINT NOT NULL DEFAULT 0,
    s_completed        BIGINT NOT NULL DEFAULT 0,
    s_rejected         BIGINT NOT NULL DEFAULT 0,
    s_declined         BIGINT NOT NULL DEFAULT 0,
    s_withdrawn        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX stat_opportunity_totals_alliance ON stat_opportunity_totals (alliance_id, academic_year);
CREATE INDEX stat_opportunity_totals_host ON stat_opportunity_totals (host_university_id, academic_year);

-- How long universities take to answer: per university, year and measure, how many answers
-- came after 0, 1, …, 59 days, and after 60 days or more (`d60`) — 'nominate' = submission to
-- first nomination, at the home university; 'accept' = submission to first acceptance, at the
-- host university. One row per university and year keeps a median over several years a sum of
-- a few rows.
CREATE TABLE stat_durations (
    alliance_id        BIGINT NOT NULL,
    academic_year      BIGINT NOT NULL,
    university_id      BIGINT NOT NULL,
    measure            TEXT    NOT NULL CHECK (measure IN ('nominate', 'accept')),
    d0                 BIGINT NOT NULL DEFAULT 0,
    d1                 BIGINT NOT NULL DEFAULT 0,
    d2                 BIGINT NOT NULL DEFAULT 0,
    d3                 BIGINT NOT NULL DEFAULT 0,
    d4                 BIGINT NOT NULL DEFAULT 0,
    d5                 BIGINT NOT NULL DEFAULT 0,
    d6                 BIGINT NOT NULL DEFAULT 0,
    d7                 BIGINT NOT NULL DEFAULT 0,
    d8                 BIGINT NOT NULL DEFAULT 0,
    d9                 BIGINT NOT NULL DEFAULT 0,
    d10                BIGINT NOT NULL DEFAULT 0,
    d11                BIGINT NOT NULL DEFAULT 0,
    d12                BIGINT NOT NULL DEFAULT 0,
    d13                BIGINT NOT NULL DEFAULT 0,
    d14                BIGINT NOT NULL DEFAULT 0,
    d15                BIGINT NOT NULL DEFAULT 0,
    d16                BIGINT NOT NULL DEFAULT 0,
    d17                BIGINT NOT NULL DEFAULT 0,
    d18                BIGINT NOT NULL DEFAULT 0,
    d19                BIGINT NOT NULL DEFAULT 0,
    d20                BIGINT NOT NULL DEFAULT 0,
    d21                BIGINT NOT NULL DEFAULT 0,
    d22                BIGINT NOT NULL DEFAULT 0,
    d23                BIGINT NOT NULL DEFAULT 0,
    d24                BIGINT NOT NULL DEFAULT 0,
    d25                BIGINT NOT NULL DEFAULT 0,
    d26                BIGINT NOT NULL DEFAULT 0,
    d27                BIGINT NOT NULL DEFAULT 0,
    d28                BIGINT NOT NULL DEFAULT 0,
    d29                BIGINT NOT NULL DEFAULT 0,
    d30                BIGINT NOT NULL DEFAULT 0,
    d31                BIGINT NOT NULL DEFAULT 0,
    d32                BIGINT NOT NULL DEFAULT 0,
    d33                BIGINT NOT NULL DEFAULT 0,
    d34                BIGINT NOT NULL DEFAULT 0,
    d35                BIGINT NOT NULL DEFAULT 0,
    d36                BIGINT NOT NULL DEFAULT 0,
    d37                BIGINT NOT NULL DEFAULT 0,
    d38                BIGINT NOT NULL DEFAULT 0,
    d39                BIGINT NOT NULL DEFAULT 0,
    d40                BIGINT NOT NULL DEFAULT 0,
    d41                BIGINT NOT NULL DEFAULT 0,
    d42                BIGINT NOT NULL DEFAULT 0,
    d43                BIGINT NOT NULL DEFAULT 0,
    d44                BIGINT NOT NULL DEFAULT 0,
    d45                BIGINT NOT NULL DEFAULT 0,
    d46                BIGINT NOT NULL DEFAULT 0,
    d47                BIGINT NOT NULL DEFAULT 0,
    d48                BIGINT NOT NULL DEFAULT 0,
    d49                BIGINT NOT NULL DEFAULT 0,
    d50                BIGINT NOT NULL DEFAULT 0,
    d51                BIGINT NOT NULL DEFAULT 0,
    d52                BIGINT NOT NULL DEFAULT 0,
    d53                BIGINT NOT NULL DEFAULT 0,
    d54                BIGINT NOT NULL DEFAULT 0,
    d55                BIGINT NOT NULL DEFAULT 0,
    d56                BIGINT NOT NULL DEFAULT 0,
    d57                BIGINT NOT NULL DEFAULT 0,
    d58                BIGINT NOT NULL DEFAULT 0,
    d59                BIGINT NOT NULL DEFAULT 0,
    d60                BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alliance_id, academic_year, university_id, measure)
);
CREATE INDEX stat_durations_university ON stat_durations (university_id, academic_year);

-- One row once the rollups have been built from the applications (the first start after this
-- migration builds them), with the trigger that keeps them (re-installed only when it changes).
CREATE TABLE stat_meta (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    built_at           BIGINT NOT NULL,
    trigger_sql        TEXT    NOT NULL DEFAULT ''   -- the trigger installed, as generated
);
