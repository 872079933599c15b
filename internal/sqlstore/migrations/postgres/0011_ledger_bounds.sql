-- Periods close in order: a voucher dated in or before a closed month is
-- refused (the store checks first; this is the last line of defence). The
-- SQLSTATE CH001 lets the store recognise it by code.
CREATE OR REPLACE FUNCTION chamber_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_periods WHERE period >= NEW.period AND closed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'the period % is closed', NEW.period USING ERRCODE = 'CH001';
    END IF;
    RETURN NEW;
END;
$$;

-- The books' running total: the sum of every voucher's total (Σdebit). The
-- store keeps it at most chamber.MaxLedgerFen, so no report sum can overflow.
CREATE TABLE ledger_totals (
    name      TEXT PRIMARY KEY,
    total_fen BIGINT NOT NULL
);
INSERT INTO ledger_totals(name, total_fen)
    SELECT 'ledger', LEAST(COALESCE(SUM(total_fen), 0), 9000000000000000000)::BIGINT FROM vouchers;
