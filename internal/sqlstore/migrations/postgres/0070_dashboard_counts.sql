-- Counts the dashboards read instead of scanning every member and every
-- line of the year, each kept by triggers in the writing transaction and
-- recomputed by `chamber verify`:
--   member_counts: the members by the month they joined, kind, tier and
--     status (a member's move from one to another moves one count);
--   ledger_spend_totals: the lines of each month by account, department
--     and project, the opening balances and the 期末结转 left out (the
--     budget's execution);
--   voucher_month_counts: the vouchers dated in each month and the
--     reversals among them.
-- Posted vouchers and their lines never change, so their triggers only add.
CREATE TABLE member_counts (
    joined_month TEXT NOT NULL,
    kind         TEXT NOT NULL,
    tier         TEXT NOT NULL,
    status       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (joined_month, kind, tier, status)
);
INSERT INTO member_counts(joined_month, kind, tier, status, n)
    SELECT substr(joined_on, 1, 7), kind, tier, status, COUNT(*) FROM members
    GROUP BY substr(joined_on, 1, 7), kind, tier, status;
CREATE FUNCTION chamber_member_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND substr(OLD.joined_on, 1, 7) = substr(NEW.joined_on, 1, 7) AND OLD.kind = NEW.kind
        AND OLD.tier = NEW.tier AND OLD.status = NEW.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE member_counts SET n = n - 1
        WHERE joined_month = substr(OLD.joined_on, 1, 7) AND kind = OLD.kind AND tier = OLD.tier AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_counts(joined_month, kind, tier, status, n)
        VALUES (substr(NEW.joined_on, 1, 7), NEW.kind, NEW.tier, NEW.status, 1)
        ON CONFLICT (joined_month, kind, tier, status) DO UPDATE SET n = member_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER members_counts AFTER INSERT OR UPDATE OF joined_on, kind, tier, status OR DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION chamber_member_counts();

CREATE TABLE ledger_spend_totals (
    period        TEXT NOT NULL,
    account       TEXT NOT NULL,
    department_id BIGINT NOT NULL,
    project       TEXT NOT NULL,
    debit_fen     BIGINT NOT NULL,
    credit_fen    BIGINT NOT NULL,
    PRIMARY KEY (period, account, department_id, project)
);
INSERT INTO ledger_spend_totals(period, account, department_id, project, debit_fen, credit_fen)
    SELECT substr(date, 1, 7), account, department_id, project, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines
    WHERE NOT opening AND NOT closing GROUP BY substr(date, 1, 7), account, department_id, project;
CREATE FUNCTION chamber_ledger_spend_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_spend_totals(period, account, department_id, project, debit_fen, credit_fen)
    VALUES (substr(NEW.date, 1, 7), NEW.account, NEW.department_id, NEW.project, NEW.debit_fen, NEW.credit_fen)
    ON CONFLICT (period, account, department_id, project)
    DO UPDATE SET debit_fen = ledger_spend_totals.debit_fen + EXCLUDED.debit_fen, credit_fen = ledger_spend_totals.credit_fen + EXCLUDED.credit_fen;
    RETURN NULL;
END;
$$;
CREATE TRIGGER voucher_lines_spend_totals AFTER INSERT ON voucher_lines
    FOR EACH ROW WHEN (NOT NEW.opening AND NOT NEW.closing) EXECUTE FUNCTION chamber_ledger_spend_totals();

CREATE TABLE voucher_month_counts (
    month     TEXT PRIMARY KEY,
    vouchers  BIGINT NOT NULL,
    reversals BIGINT NOT NULL
);
INSERT INTO voucher_month_counts(month, vouchers, reversals)
    SELECT substr(date, 1, 7), COUNT(*), SUM(CASE WHEN reverses_id IS NOT NULL THEN 1 ELSE 0 END) FROM vouchers
    GROUP BY substr(date, 1, 7);
CREATE FUNCTION chamber_voucher_month_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO voucher_month_counts(month, vouchers, reversals)
    VALUES (substr(NEW.date, 1, 7), 1, CASE WHEN NEW.reverses_id IS NOT NULL THEN 1 ELSE 0 END)
    ON CONFLICT (month) DO UPDATE SET vouchers = voucher_month_counts.vouchers + 1, reversals = voucher_month_counts.reversals + EXCLUDED.reversals;
    RETURN NULL;
END;
$$;
CREATE TRIGGER vouchers_month_counts AFTER INSERT ON vouchers
    FOR EACH ROW EXECUTE FUNCTION chamber_voucher_month_counts();
