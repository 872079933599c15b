-- A trip's fuel cost is an expense claim (报销) of its driver, linked here.
ALTER TABLE vehicle_trips ADD COLUMN reimbursement_id BIGINT NOT NULL DEFAULT 0;

-- Straight-line depreciation (直线法) of the fixed assets (1501): each
-- asset's useful life and residual value, and one run per month posting
-- one voucher (Dr 520105 折旧费 / Cr 1502 累计折旧).
ALTER TABLE assets ADD COLUMN life_months INTEGER NOT NULL DEFAULT 60;
ALTER TABLE assets ADD COLUMN residual_fen BIGINT NOT NULL DEFAULT 0;

CREATE TABLE depreciation_runs (
    month       TEXT PRIMARY KEY,
    voucher_id  BIGINT NOT NULL DEFAULT 0,
    amount_fen  BIGINT NOT NULL,
    assets      INTEGER NOT NULL,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE asset_depreciation (
    asset_id    BIGINT NOT NULL REFERENCES assets(id),
    month       TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (asset_id, month)
);
