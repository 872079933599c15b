-- Portal logins in bulk: an invitation per member representative, with a
-- one-time activation code (only its hash is kept) that sets the password
-- on first use; by e-mail or on a printed letter.
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members(id),
    username    TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    code_hash   TEXT NOT NULL UNIQUE,
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    user_id     BIGINT
);
CREATE INDEX invitations_member ON invitations(member_id, id);
