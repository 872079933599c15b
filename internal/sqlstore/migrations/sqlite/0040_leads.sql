-- Investment leads (招商引资): stage moves only forward (or to lost), each
-- kept in lead_steps; reached is the furthest stage, for the funnel by the
-- year the lead was recorded (created_on, the chamber's date).
CREATE TABLE leads (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    industry    TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL DEFAULT '',
    amount_fen  BIGINT NOT NULL DEFAULT 0,
    contact_id  BIGINT NOT NULL DEFAULT 0,
    member_id   BIGINT NOT NULL DEFAULT 0,
    stage       TEXT NOT NULL,
    reached     TEXT NOT NULL,
    owner_id    BIGINT NOT NULL,
    next_step   TEXT NOT NULL DEFAULT '',
    next_on     TEXT NOT NULL DEFAULT '',
    created_on  TEXT NOT NULL,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CHECK (amount_fen >= 0)
);
CREATE INDEX leads_created ON leads(created_on, id);
CREATE INDEX leads_stage ON leads(stage, id);

CREATE TABLE lead_steps (
    id          INTEGER PRIMARY KEY,
    lead_id     BIGINT NOT NULL REFERENCES leads(id),
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    user_id     BIGINT NOT NULL DEFAULT 0,
    at          BIGINT NOT NULL
);
CREATE INDEX lead_steps_lead ON lead_steps(lead_id, id);
