-- A member's voting credential can be shown again on its portal (another
-- phone) and re-issued by staff, which voids the one before. login_hash is
-- the hash of the credential valid now; credential_hash stays the key of
-- the used marks, so a re-issued credential cannot vote twice.
-- credential_sealed is the credential sealed with a sub-key of the
-- installation key, for showing it again to its member only.
ALTER TABLE check_ins ADD COLUMN login_hash TEXT;
UPDATE check_ins SET login_hash = credential_hash;
CREATE UNIQUE INDEX check_ins_login_hash ON check_ins(login_hash);
ALTER TABLE check_ins ADD COLUMN credential_sealed BYTEA;

-- A member answering "proxy" names who holds its proxy (委托谁出席).
ALTER TABLE rsvps ADD COLUMN proxy_holder_id BIGINT;
