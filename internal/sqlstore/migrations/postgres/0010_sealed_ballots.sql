-- Sealed ballots (DESIGN.md "Integrity"). A secret motion or election has
-- its own random key, stored only sealed by the installation key (a file
-- outside the database) and destroyed at close. Each secret ballot is one
-- fixed-size value sealed with that key under a random key of its own: no
-- member, credential, time or order, and nothing else changes with the
-- choice (no running counters: close opens the seals and counts).

CREATE TABLE vote_keys (
    scope  TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (scope, ref_id)
);

CREATE TABLE sealed_ballots (
    scope  TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    id     BYTEA NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (scope, ref_id, id)
);

CREATE TRIGGER sealed_ballots_append_only BEFORE UPDATE OR DELETE ON sealed_ballots FOR EACH ROW EXECUTE FUNCTION chamber_append_only();
