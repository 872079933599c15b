-- Month totals of the ledger per account and kind of line, kept by a
-- trigger as lines are posted (lines never change): statements over whole
-- months read these instead of every line. `chamber verify` recomputes them.
CREATE TABLE ledger_month_totals (
    account    TEXT NOT NULL,
    period     TEXT NOT NULL,
    opening    BOOLEAN NOT NULL,
    moves_cash BOOLEAN NOT NULL,
    staff      BOOLEAN NOT NULL,
    closing    BOOLEAN NOT NULL,
    debit_fen  BIGINT NOT NULL,
    credit_fen BIGINT NOT NULL,
    PRIMARY KEY (account, period, opening, moves_cash, staff, closing)
);
INSERT INTO ledger_month_totals(account, period, opening, moves_cash, staff, closing, debit_fen, credit_fen)
    SELECT account, substr(date, 1, 7), opening, moves_cash, staff, closing, SUM(debit_fen), SUM(credit_fen)
    FROM voucher_lines GROUP BY account, substr(date, 1, 7), opening, moves_cash, staff, closing;
CREATE FUNCTION chamber_ledger_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_month_totals(account, period, opening, moves_cash, staff, closing, debit_fen, credit_fen)
    VALUES (NEW.account, substr(NEW.date, 1, 7), NEW.opening, NEW.moves_cash, NEW.staff, NEW.closing, NEW.debit_fen, NEW.credit_fen)
    ON CONFLICT (account, period, opening, moves_cash, staff, closing)
    DO UPDATE SET debit_fen = ledger_month_totals.debit_fen + EXCLUDED.debit_fen, credit_fen = ledger_month_totals.credit_fen + EXCLUDED.credit_fen;
    RETURN NULL;
END;
$$;
CREATE TRIGGER voucher_lines_month_totals AFTER INSERT ON voucher_lines
    FOR EACH ROW EXECUTE FUNCTION chamber_ledger_month_totals();
