-- Finance books a 民非 accountant signs: the cash-flow item of each account
-- (what cash against it was for, 会民非03表), wages flagged for 支付给职工,
-- opening-balance lines (no cash flow: they are the books' 年初数).

ALTER TABLE accounts ADD COLUMN staff BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE accounts ADD COLUMN cf_in TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN cf_out TEXT NOT NULL DEFAULT '';
ALTER TABLE voucher_lines ADD COLUMN opening BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE voucher_lines ADD COLUMN staff BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE accounts SET staff = TRUE WHERE code IN ('2204', '520101');
UPDATE accounts SET cf_in = 'donations_in', cf_out = 'other_op_out' WHERE code = '4101';
UPDATE accounts SET cf_in = 'dues_in', cf_out = 'other_op_out' WHERE code IN ('4201', '112101', '220301');
UPDATE accounts SET cf_in = 'services_in', cf_out = 'other_op_out' WHERE code = '4301';
UPDATE accounts SET cf_in = 'grants_in', cf_out = 'other_op_out' WHERE code = '4401';
UPDATE accounts SET cf_in = 'sales_in', cf_out = 'other_op_out' WHERE code = '4501';
UPDATE accounts SET cf_in = 'returns_in', cf_out = 'other_inv_out' WHERE code = '4601';
UPDATE accounts SET cf_in = 'other_op_in', cf_out = 'purchases_out' WHERE code IN ('5101', '5201', '1141', '1201', '1301', '2201', '2202', '220901', '2301');
UPDATE accounts SET cf_in = 'other_op_in', cf_out = 'grants_out' WHERE code = '510103';
UPDATE accounts SET cf_in = 'other_op_in', cf_out = 'staff_out' WHERE code IN ('2204', '520101');
UPDATE accounts SET cf_in = 'other_fin_in', cf_out = 'interest_out' WHERE code = '5301';
UPDATE accounts SET cf_in = 'investments_in', cf_out = 'investments_out' WHERE code IN ('1101', '1401', '1402');
UPDATE accounts SET cf_in = 'disposals_in', cf_out = 'capex_out' WHERE code IN ('1501', '1505', '1506', '1509', '1601');
UPDATE accounts SET cf_in = 'loans_in', cf_out = 'repay_out' WHERE code IN ('2101', '2501', '2502');

-- A voucher that moved cash against net assets alone is an opening balance.
DROP TRIGGER voucher_lines_no_update;
UPDATE voucher_lines SET opening = TRUE WHERE voucher_id IN (SELECT v.id FROM vouchers v WHERE v.moves_cash AND NOT EXISTS (
    SELECT 1 FROM voucher_lines l JOIN accounts a ON a.code = l.account
    WHERE l.voucher_id = v.id AND NOT a.cash AND substr(l.account, 1, 1) <> '3'));
CREATE TRIGGER voucher_lines_no_update BEFORE UPDATE ON voucher_lines
BEGIN SELECT RAISE(ABORT, 'posted vouchers never change: post a reversing voucher'); END;

-- How strict the books are (chamber.FinanceSettings): one row.
CREATE TABLE finance_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    review    BOOLEAN NOT NULL DEFAULT FALSE,
    leaf_only BOOLEAN NOT NULL DEFAULT FALSE,
    no_overdraft BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO finance_settings(id, review, leaf_only, no_overdraft) VALUES (1, FALSE, FALSE, FALSE);

-- Vouchers entered but not yet posted (制单 → 审核 → 出纳 → 记账). Drafts
-- change; the posted voucher they become does not.
CREATE TABLE voucher_drafts (
    id          INTEGER PRIMARY KEY,
    status      TEXT NOT NULL,
    date        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    attachments BIGINT NOT NULL DEFAULT 0,
    lines       TEXT NOT NULL,
    total_fen   BIGINT NOT NULL,
    moves_cash  BOOLEAN NOT NULL,
    maker_id    BIGINT NOT NULL,
    maker       TEXT NOT NULL,
    made_at     BIGINT NOT NULL,
    reviewer_id BIGINT NOT NULL DEFAULT 0,
    reviewer    TEXT NOT NULL DEFAULT '',
    reviewed_at BIGINT NOT NULL DEFAULT 0,
    cashier_id  BIGINT NOT NULL DEFAULT 0,
    cashier     TEXT NOT NULL DEFAULT '',
    cashier_at  BIGINT NOT NULL DEFAULT 0,
    poster_id   BIGINT NOT NULL DEFAULT 0,
    poster      TEXT NOT NULL DEFAULT '',
    posted_at   BIGINT NOT NULL DEFAULT 0,
    voucher_id  BIGINT REFERENCES vouchers(id),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX voucher_drafts_status ON voucher_drafts(status, id);
CREATE UNIQUE INDEX voucher_drafts_voucher ON voucher_drafts(voucher_id) WHERE voucher_id IS NOT NULL;
