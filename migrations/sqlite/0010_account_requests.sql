-- Requests about an account that must answer the same whether or not the address has one
-- (a password reset link, a new verification link): the request only records this row and
-- answers; the mail worker takes the row afterwards, looks the address up and, for an account,
-- issues the token and queues the e-mail in one transaction. So the answer's time and
-- statements say nothing about which addresses have accounts.
CREATE TABLE account_requests (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('reset', 'verify')),
    email      TEXT    NOT NULL,                         -- as parsed (lower-cased)
    address    TEXT    NOT NULL,                         -- the client's, for the audit trail
    created_at INTEGER NOT NULL
) STRICT;
