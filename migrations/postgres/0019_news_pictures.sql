-- A news post's picture (issue 21): decoded, resized to at most 1200 pixels wide and encoded
-- again on the server (so no metadata and nothing but the image survives), kept in the
-- database beside its post like the documents' blobs. One per post; deleted with it.
CREATE TABLE news_pictures (
    news_id      BIGINT  PRIMARY KEY REFERENCES news_posts (id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width        BIGINT  NOT NULL,
    height       BIGINT  NOT NULL,
    alt          TEXT    NOT NULL DEFAULT '',
    data         BYTEA   NOT NULL,
    updated_at   BIGINT  NOT NULL
);
