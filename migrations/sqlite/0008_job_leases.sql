-- Scheduled jobs (expiring offers, reminders, session clean-up) run in every instance; a lease
-- per job lets one instance at a time take a round, and passes to another when the holder dies
-- (the lease runs out). Each item a round touches is guarded as well (state checks), so a lease
-- saves repeated work: it is not what keeps an item from running twice.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until_at BIGINT NOT NULL,
    runs BIGINT NOT NULL DEFAULT 0
);
