-- A version per shared data set, bumped in the same transaction as any write to it. Each
-- instance caches what it read under the versions and reads them (one statement) per request,
-- so a change made through any instance, or by the seed command, shows on the next request.
-- - catalogue: opportunities, universities, alliances (the catalogue, the calendar, the names
--   in the statistics); bumped by these triggers, so no write can forget it;
-- - statistics: the rollups; bumped by their only writers, the fold and the rebuild
--   (store::statistics::keep).
CREATE TABLE data_versions (
    name    TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT;

INSERT INTO data_versions (name, version) VALUES ('catalogue', 0), ('statistics', 0);

-- The catalogue's cards read opportunities, their host universities and their alliances.
CREATE TRIGGER opportunities_added_catalogue AFTER INSERT ON opportunities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER opportunities_changed_catalogue AFTER UPDATE ON opportunities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER opportunities_removed_catalogue AFTER DELETE ON opportunities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER universities_added_catalogue AFTER INSERT ON universities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER universities_changed_catalogue AFTER UPDATE ON universities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER universities_removed_catalogue AFTER DELETE ON universities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER alliances_added_catalogue AFTER INSERT ON alliances
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER alliances_changed_catalogue AFTER UPDATE ON alliances
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER alliances_removed_catalogue AFTER DELETE ON alliances
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
