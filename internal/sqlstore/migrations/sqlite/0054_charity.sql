-- Charity (公益): a campaign runs with a charity event; pledges (认捐) are
-- received as the finance donations of the event (donations.event_id, and
-- event_id on their voucher lines), so raised and spent read the ledger.
ALTER TABLE donations ADD COLUMN event_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX donations_event ON donations(event_id) WHERE event_id <> 0;

CREATE TABLE charity_campaigns (
    id          INTEGER PRIMARY KEY,
    event_id    BIGINT NOT NULL UNIQUE REFERENCES events(id),
    title       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    goal_fen    BIGINT NOT NULL DEFAULT 0 CHECK (goal_fen >= 0),
    public      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE charity_pledges (
    id          INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES charity_campaigns(id),
    donor       TEXT NOT NULL,
    member_id   BIGINT NOT NULL DEFAULT 0,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    note        TEXT NOT NULL DEFAULT '',
    donation_id BIGINT NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX charity_pledges_campaign ON charity_pledges(campaign_id, id);
