-- Purchasing (物品采购) and the asset register (财产): purchase requests with
-- items against a budget line, approved along the org chart with the same
-- amount limits as claims; receipt puts fixed assets into the register
-- (voucher Dr 1501) and consumables into office supplies stock (物品).
CREATE TABLE purchases (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    requester_id   BIGINT NOT NULL REFERENCES users(id),
    requester      TEXT NOT NULL,
    department_id  BIGINT NOT NULL DEFAULT 0,
    department     TEXT NOT NULL DEFAULT '',
    budget_id      BIGINT NOT NULL REFERENCES budgets(id),
    total_fen      BIGINT NOT NULL,
    status         TEXT NOT NULL,
    current_step   INTEGER NOT NULL DEFAULT 0,
    voucher_id     BIGINT,
    received_on    TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX purchases_budget ON purchases(budget_id, status);
CREATE INDEX purchases_requester ON purchases(requester_id, id);

CREATE TABLE purchase_items (
    purchase_id     BIGINT NOT NULL REFERENCES purchases(id),
    line_no         INTEGER NOT NULL,
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL DEFAULT '',
    qty             BIGINT NOT NULL CHECK (qty > 0),
    unit_price_fen  BIGINT NOT NULL CHECK (unit_price_fen >= 0),
    asset           BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (purchase_id, line_no)
);

CREATE TABLE purchase_steps (
    purchase_id    BIGINT NOT NULL REFERENCES purchases(id),
    seq            INTEGER NOT NULL,
    position_id    BIGINT NOT NULL DEFAULT 0,
    position_code  TEXT NOT NULL DEFAULT '',
    position_name  TEXT NOT NULL DEFAULT '',
    approver_id    BIGINT NOT NULL,
    approver       TEXT NOT NULL,
    acting         BOOLEAN NOT NULL DEFAULT FALSE,
    decision       TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    decided_at     BIGINT,
    PRIMARY KEY (purchase_id, seq)
);
CREATE INDEX purchase_steps_approver ON purchase_steps(approver_id, purchase_id);

CREATE TABLE assets (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    purchase_id          BIGINT NOT NULL DEFAULT 0,
    cost_fen             BIGINT NOT NULL,
    acquired_on          TEXT NOT NULL,
    custodian_id         BIGINT NOT NULL DEFAULT 0,
    custodian            TEXT NOT NULL DEFAULT '',
    location             TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    checked_on           TEXT,
    voucher_id           BIGINT,
    disposal_voucher_id  BIGINT,
    disposed_on          TEXT,
    created_at           BIGINT NOT NULL
);
CREATE INDEX assets_custodian ON assets(custodian_id, id);

CREATE TABLE asset_events (
    id         INTEGER PRIMARY KEY,
    asset_id   BIGINT NOT NULL REFERENCES assets(id),
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    user_id    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX asset_events_asset ON asset_events(asset_id, id);

CREATE TABLE supplies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    unit        TEXT NOT NULL DEFAULT '',
    stock       BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
    created_at  BIGINT NOT NULL
);

CREATE TABLE supply_moves (
    id          INTEGER PRIMARY KEY,
    supply_id   BIGINT NOT NULL REFERENCES supplies(id),
    qty         BIGINT NOT NULL,
    purchase_id BIGINT NOT NULL DEFAULT 0,
    user_id     BIGINT NOT NULL DEFAULT 0,
    taker       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX supply_moves_supply ON supply_moves(supply_id, id);
