-- An alliance's page lists its members (alliance_members): a change of membership bumps the
-- catalogue's version as a change of an alliance or a university does (0013), so every
-- instance's cached alliance page shows it on the next request.
CREATE TRIGGER alliance_members_added_catalogue AFTER INSERT ON alliance_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER alliance_members_changed_catalogue AFTER UPDATE ON alliance_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
CREATE TRIGGER alliance_members_removed_catalogue AFTER DELETE ON alliance_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'catalogue'; END;
