-- The secretariat's inbox: a contact message is open until a staff member marks it handled
-- (who, when); replies are sent by e-mail through the outbox and kept here with the message.
ALTER TABLE contact_messages ADD COLUMN handled_at INTEGER;
ALTER TABLE contact_messages ADD COLUMN handled_by INTEGER REFERENCES users (id);
CREATE TABLE contact_replies (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES contact_messages (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX contact_replies_message ON contact_replies (message_id, created_at);
-- The menu's count of open messages per alliance.
CREATE INDEX contact_messages_open ON contact_messages (alliance_id, handled_at);
