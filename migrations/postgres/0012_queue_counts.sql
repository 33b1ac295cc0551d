-- The coordinators' queues, counted as they move: how many applications of each university's
-- outgoing queue (submitted at least once) and incoming queue (nominated at least once) are in
-- each state, and which opportunities each queue holds (its filter's choices, newest start
-- first). Triggers keep both in the transaction of every write to an application, so a queue
-- page reads a few rows instead of counting tens of thousands. The counts are split in eight
-- stripes (read as their sum), so concurrent decisions at one university do not all wait on
-- one row.
-- On PostgreSQL the trigger is deferred to the commit, so a counter row is held only while the
-- transaction commits, and all of a transaction's moves count in the stripe of its transaction
-- id (not of each application): two transactions that each move several applications (a decline
-- and the waitlist's promotion) meet on counter rows only when their ids share a stripe, and
-- even then usually take them in the same order.

CREATE TABLE queue_counts (
    university_id BIGINT  NOT NULL,
    side          TEXT    NOT NULL CHECK (side IN ('outgoing', 'incoming')),
    state         TEXT    NOT NULL,
    stripe        INTEGER NOT NULL,
    n             BIGINT  NOT NULL,
    PRIMARY KEY (university_id, side, state, stripe)
);

CREATE TABLE queue_choices (
    university_id  BIGINT  NOT NULL,
    side           TEXT    NOT NULL CHECK (side IN ('outgoing', 'incoming')),
    opportunity_id BIGINT  NOT NULL,
    starts_on      TEXT    NOT NULL,                     -- the opportunity's, for the order
    n              BIGINT  NOT NULL,
    PRIMARY KEY (university_id, side, opportunity_id)
);
CREATE INDEX queue_choices_recent ON queue_choices (university_id, side, starts_on, opportunity_id)
    WHERE n > 0;
CREATE INDEX queue_choices_opportunity ON queue_choices (opportunity_id);

INSERT INTO queue_counts (university_id, side, state, stripe, n)
SELECT home_university_id, 'outgoing', state, id % 8, COUNT(*) FROM applications
WHERE submitted_at IS NOT NULL GROUP BY home_university_id, state, id % 8
UNION ALL
SELECT host_university_id, 'incoming', state, id % 8, COUNT(*) FROM applications
WHERE nominated_at IS NOT NULL GROUP BY host_university_id, state, id % 8;

INSERT INTO queue_choices (university_id, side, opportunity_id, starts_on, n)
SELECT a.home_university_id, 'outgoing', a.opportunity_id, o.starts_on, COUNT(*)
FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
WHERE a.submitted_at IS NOT NULL GROUP BY a.home_university_id, a.opportunity_id, o.starts_on
UNION ALL
SELECT a.host_university_id, 'incoming', a.opportunity_id, o.starts_on, COUNT(*)
FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
WHERE a.nominated_at IS NOT NULL GROUP BY a.host_university_id, a.opportunity_id, o.starts_on;

CREATE FUNCTION applications_queue_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was applications%ROWTYPE;
    cur applications%ROWTYPE;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN was := OLD; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN cur := NEW; END IF;
    INSERT INTO queue_counts AS q (university_id, side, state, stripe, n)
    SELECT u, s, st, k, SUM(d) FROM (
        SELECT was.home_university_id AS u, 'outgoing' AS s, was.state AS st, txid_current() % 8 AS k, -1 AS d WHERE was.submitted_at IS NOT NULL
        UNION ALL SELECT was.host_university_id AS u, 'incoming' AS s, was.state AS st, txid_current() % 8 AS k, -1 AS d WHERE was.nominated_at IS NOT NULL
        UNION ALL SELECT cur.home_university_id AS u, 'outgoing' AS s, cur.state AS st, txid_current() % 8 AS k, 1 AS d WHERE cur.submitted_at IS NOT NULL
        UNION ALL SELECT cur.host_university_id AS u, 'incoming' AS s, cur.state AS st, txid_current() % 8 AS k, 1 AS d WHERE cur.nominated_at IS NOT NULL
    ) m
    GROUP BY u, s, st, k HAVING SUM(d) <> 0 ORDER BY u, s, st, k
    ON CONFLICT (university_id, side, state, stripe) DO UPDATE SET n = q.n + excluded.n;
    INSERT INTO queue_choices AS q (university_id, side, opportunity_id, starts_on, n)
    SELECT u, s, opp, (SELECT starts_on FROM opportunities WHERE id = opp), SUM(d) FROM (
        SELECT was.home_university_id AS u, 'outgoing' AS s, was.opportunity_id AS opp, -1 AS d WHERE was.submitted_at IS NOT NULL
        UNION ALL SELECT was.host_university_id AS u, 'incoming' AS s, was.opportunity_id AS opp, -1 AS d WHERE was.nominated_at IS NOT NULL
        UNION ALL SELECT cur.home_university_id AS u, 'outgoing' AS s, cur.opportunity_id AS opp, 1 AS d WHERE cur.submitted_at IS NOT NULL
        UNION ALL SELECT cur.host_university_id AS u, 'incoming' AS s, cur.opportunity_id AS opp, 1 AS d WHERE cur.nominated_at IS NOT NULL
    ) m
    GROUP BY u, s, opp HAVING SUM(d) <> 0 ORDER BY u, s, opp
    ON CONFLICT (university_id, side, opportunity_id) DO UPDATE SET n = q.n + excluded.n;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER applications_queue_moved
    AFTER INSERT OR UPDATE OF state, submitted_at, nominated_at, home_university_id, host_university_id, opportunity_id OR DELETE ON applications
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION applications_queue_moved();

CREATE FUNCTION opportunities_queue_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE queue_choices SET starts_on = NEW.starts_on WHERE opportunity_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER opportunities_queue_dates AFTER UPDATE OF starts_on ON opportunities
    FOR EACH ROW WHEN (NEW.starts_on IS DISTINCT FROM OLD.starts_on)
    EXECUTE FUNCTION opportunities_queue_dates();
