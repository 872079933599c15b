-- Periods close in order: a voucher dated in or before a closed month is
-- refused (the store checks first; this is the last line of defence).
DROP TRIGGER vouchers_closed_period;
CREATE TRIGGER vouchers_closed_period BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM ledger_periods WHERE period >= NEW.period AND closed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'the period is closed'); END;

-- The books' running total: the sum of every voucher's total (Σdebit). The
-- store keeps it at most chamber.MaxLedgerFen, so no report sum can overflow.
CREATE TABLE ledger_totals (
    name      TEXT PRIMARY KEY,
    total_fen BIGINT NOT NULL
);
INSERT INTO ledger_totals(name, total_fen)
    SELECT 'ledger', CAST(MIN(TOTAL(total_fen), 9.0e18) AS INTEGER) FROM vouchers;
