-- An alliance's page lists its members (alliance_members): a change of membership bumps the
-- catalogue's version as a change of an alliance or a university does (0013), so every
-- instance's cached alliance page shows it on the next request.
CREATE TRIGGER alliance_members_catalogue AFTER INSERT OR UPDATE OR DELETE ON alliance_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
