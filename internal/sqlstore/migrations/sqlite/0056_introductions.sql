-- Introductions (对接) between the members behind two matching offers: a
-- member asks, staff make the introduction and log when, who and what
-- came of it. One per pair of offers (either way round: the store checks).
CREATE TABLE introductions (
    id              INTEGER PRIMARY KEY,
    offer_id        BIGINT NOT NULL REFERENCES offers(id),
    match_offer_id  BIGINT NOT NULL REFERENCES offers(id),
    member_id       BIGINT NOT NULL REFERENCES members(id),
    other_member_id BIGINT NOT NULL REFERENCES members(id),
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('requested', 'introduced')),
    requested_by    BIGINT NOT NULL DEFAULT 0,
    introduced_on   TEXT,
    introduced_by   BIGINT NOT NULL DEFAULT 0,
    people          TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    logged_at       BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (offer_id, match_offer_id)
);
CREATE INDEX introductions_member ON introductions(member_id, id);
CREATE INDEX introductions_other ON introductions(other_member_id, id);
CREATE INDEX introductions_match ON introductions(match_offer_id);
CREATE INDEX introductions_on ON introductions(introduced_on);
