-- Finance part 2: reimbursements (报销) routed along the reports-to chain,
-- dues (会费): schedule per tier and year, yearly invoices, payments with
-- receipts (append-only), waivers and adjustments (append-only).

-- Gapless yearly numbers: reimbursement claims, dues receipts.
CREATE TABLE finance_counters (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL
);

CREATE TABLE reimbursements (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    claimant_id    BIGINT NOT NULL REFERENCES users(id),
    claimant       TEXT NOT NULL,
    department_id  BIGINT NOT NULL DEFAULT 0,
    department     TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL,
    summary        TEXT NOT NULL,
    receipts       TEXT NOT NULL DEFAULT '',
    total_fen      BIGINT NOT NULL CHECK (total_fen > 0),
    status         TEXT NOT NULL,
    current_step   INTEGER NOT NULL DEFAULT 0,
    voucher_id     BIGINT REFERENCES vouchers(id),
    pay_voucher_id BIGINT REFERENCES vouchers(id),
    paid_at        BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX reimbursements_claimant ON reimbursements(claimant_id, id);
CREATE INDEX reimbursements_status ON reimbursements(status, id);

CREATE TABLE reimbursement_lines (
    reimbursement_id BIGINT NOT NULL REFERENCES reimbursements(id),
    line_no          INTEGER NOT NULL,
    date             TEXT NOT NULL,
    account          TEXT NOT NULL REFERENCES accounts(code),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen > 0),
    memo             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (reimbursement_id, line_no)
);

CREATE TABLE reimbursement_steps (
    reimbursement_id BIGINT NOT NULL REFERENCES reimbursements(id),
    seq              INTEGER NOT NULL,
    position_id      BIGINT NOT NULL,
    position_code    TEXT NOT NULL DEFAULT '',
    position_name    TEXT NOT NULL,
    approver_id      BIGINT NOT NULL,
    approver         TEXT NOT NULL,
    acting           BOOLEAN NOT NULL DEFAULT FALSE,
    decision         TEXT NOT NULL DEFAULT '',
    comment          TEXT NOT NULL DEFAULT '',
    decided_at       BIGINT,
    PRIMARY KEY (reimbursement_id, seq)
);
CREATE INDEX reimbursement_steps_approver ON reimbursement_steps(approver_id, reimbursement_id);

CREATE TABLE dues_rates (
    year       INTEGER NOT NULL,
    tier       TEXT NOT NULL REFERENCES member_tiers(code),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    resolution TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, tier)
);

CREATE TABLE dues_invoices (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    member_id    BIGINT NOT NULL REFERENCES members(id),
    year         INTEGER NOT NULL,
    tier         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen >= 0),
    adjusted_fen BIGINT NOT NULL DEFAULT 0,
    paid_fen     BIGINT NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    due_date     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (member_id, year),
    CHECK (amount_fen - adjusted_fen - paid_fen >= 0)
);
CREATE INDEX dues_invoices_year ON dues_invoices(year, id);
CREATE INDEX dues_invoices_open ON dues_invoices(id) WHERE amount_fen - adjusted_fen - paid_fen > 0;

CREATE TABLE dues_payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES dues_invoices(id),
    member_id    BIGINT NOT NULL,
    date         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    method       TEXT NOT NULL,
    cash_account TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    receipt_no   TEXT NOT NULL UNIQUE,
    voucher_id   BIGINT NOT NULL REFERENCES vouchers(id),
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX dues_payments_invoice ON dues_payments(invoice_id);

CREATE TABLE dues_adjustments (
    id          INTEGER PRIMARY KEY,
    invoice_id  BIGINT NOT NULL REFERENCES dues_invoices(id),
    amount_fen  BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX dues_adjustments_invoice ON dues_adjustments(invoice_id);

-- Receipts and waivers are never edited: a mistake is corrected by a new record.
CREATE TRIGGER dues_payments_no_update BEFORE UPDATE ON dues_payments
BEGIN SELECT RAISE(ABORT, 'dues payments never change'); END;
CREATE TRIGGER dues_payments_no_delete BEFORE DELETE ON dues_payments
BEGIN SELECT RAISE(ABORT, 'dues payments never change'); END;
CREATE TRIGGER dues_adjustments_no_update BEFORE UPDATE ON dues_adjustments
BEGIN SELECT RAISE(ABORT, 'dues adjustments never change'); END;
CREATE TRIGGER dues_adjustments_no_delete BEFORE DELETE ON dues_adjustments
BEGIN SELECT RAISE(ABORT, 'dues adjustments never change'); END;
