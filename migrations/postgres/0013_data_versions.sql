-- A version per shared data set, bumped in the same transaction as any write to it. Each
-- instance caches what it read under the versions and reads them (one statement) per request,
-- so a change made through any instance, or by the seed command, shows on the next request.
-- - catalogue: opportunities, universities, alliances (the catalogue, the calendar, the names
--   in the statistics); bumped by these triggers, so no write can forget it;
-- - statistics: the rollups; bumped by their only writers, the fold and the rebuild
--   (store::statistics::keep).
-- Once per statement, not per row: a seed of ten thousand opportunities bumps it once.
CREATE TABLE data_versions (
    name    TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);

INSERT INTO data_versions (name, version) VALUES ('catalogue', 0), ('statistics', 0);

CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue';
    RETURN NULL;
END $$;

-- The catalogue's cards read opportunities, their host universities and their alliances.
CREATE TRIGGER opportunities_catalogue AFTER INSERT OR UPDATE OR DELETE ON opportunities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER universities_catalogue AFTER INSERT OR UPDATE OR DELETE ON universities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER alliances_catalogue AFTER INSERT OR UPDATE OR DELETE ON alliances
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
