-- A version per account, bumped in the same transaction as any change to the account or its
-- roles (by these triggers, so no write can forget it). Each instance caches a signed-in
-- user's account and roles under this version; the session's one statement reads the version
-- beside the session, so a change made through any instance is seen by every other on the
-- next request.
ALTER TABLE users ADD COLUMN auth_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER users_auth_version AFTER UPDATE ON users
WHEN NEW.auth_version = OLD.auth_version
BEGIN
    UPDATE users SET auth_version = auth_version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER role_grants_added AFTER INSERT ON role_grants
BEGIN
    UPDATE users SET auth_version = auth_version + 1 WHERE id = NEW.user_id;
END;

CREATE TRIGGER role_grants_changed AFTER UPDATE ON role_grants
BEGIN
    UPDATE users SET auth_version = auth_version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;

CREATE TRIGGER role_grants_removed AFTER DELETE ON role_grants
BEGIN
    UPDATE users SET auth_version = auth_version + 1 WHERE id = OLD.user_id;
END;
