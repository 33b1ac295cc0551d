-- A version per account, bumped in the same transaction as any change to the account or its
-- roles (by these triggers, so no write can forget it). Each instance caches a signed-in
-- user's account and roles under this version; the session's one statement reads the version
-- beside the session, so a change made through any instance is seen by every other on the
-- next request.
ALTER TABLE users ADD COLUMN auth_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION users_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.auth_version = OLD.auth_version THEN
        NEW.auth_version := OLD.auth_version + 1;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_auth_version BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_auth_version();

CREATE FUNCTION role_grants_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE users SET auth_version = auth_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE users SET auth_version = auth_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER role_grants_auth_version AFTER INSERT OR UPDATE OR DELETE ON role_grants
    FOR EACH ROW EXECUTE FUNCTION role_grants_auth_version();
