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
) WITHOUT ROWID;
INSERT INTO member_counts(joined_month, kind, tier, status, n)
    SELECT substr(joined_on, 1, 7), kind, tier, status, COUNT(*) FROM members
    GROUP BY substr(joined_on, 1, 7), kind, tier, status;
CREATE TRIGGER members_count_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_counts(joined_month, kind, tier, status, n)
    VALUES (substr(NEW.joined_on, 1, 7), NEW.kind, NEW.tier, NEW.status, 1)
    ON CONFLICT (joined_month, kind, tier, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER members_count_update AFTER UPDATE OF joined_on, kind, tier, status ON members
WHEN substr(OLD.joined_on, 1, 7) <> substr(NEW.joined_on, 1, 7) OR OLD.kind <> NEW.kind OR OLD.tier <> NEW.tier OR OLD.status <> NEW.status
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE joined_month = substr(OLD.joined_on, 1, 7) AND kind = OLD.kind AND tier = OLD.tier AND status = OLD.status;
    INSERT INTO member_counts(joined_month, kind, tier, status, n)
    VALUES (substr(NEW.joined_on, 1, 7), NEW.kind, NEW.tier, NEW.status, 1)
    ON CONFLICT (joined_month, kind, tier, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER members_count_delete AFTER DELETE ON members
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE joined_month = substr(OLD.joined_on, 1, 7) AND kind = OLD.kind AND tier = OLD.tier AND status = OLD.status;
END;

CREATE TABLE ledger_spend_totals (
    period        TEXT NOT NULL,
    account       TEXT NOT NULL,
    department_id BIGINT NOT NULL,
    project       TEXT NOT NULL,
    debit_fen     BIGINT NOT NULL,
    credit_fen    BIGINT NOT NULL,
    PRIMARY KEY (period, account, department_id, project)
) WITHOUT ROWID;
INSERT INTO ledger_spend_totals(period, account, department_id, project, debit_fen, credit_fen)
    SELECT substr(date, 1, 7), account, department_id, project, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines
    WHERE NOT opening AND NOT closing GROUP BY substr(date, 1, 7), account, department_id, project;
CREATE TRIGGER voucher_lines_spend_totals AFTER INSERT ON voucher_lines
WHEN NOT NEW.opening AND NOT NEW.closing
BEGIN
    INSERT INTO ledger_spend_totals(period, account, department_id, project, debit_fen, credit_fen)
    VALUES (substr(NEW.date, 1, 7), NEW.account, NEW.department_id, NEW.project, NEW.debit_fen, NEW.credit_fen)
    ON CONFLICT (period, account, department_id, project)
    DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen;
END;

CREATE TABLE voucher_month_counts (
    month     TEXT PRIMARY KEY,
    vouchers  BIGINT NOT NULL,
    reversals BIGINT NOT NULL
) WITHOUT ROWID;
INSERT INTO voucher_month_counts(month, vouchers, reversals)
    SELECT substr(date, 1, 7), COUNT(*), SUM(CASE WHEN reverses_id IS NOT NULL THEN 1 ELSE 0 END) FROM vouchers
    GROUP BY substr(date, 1, 7);
CREATE TRIGGER vouchers_month_counts AFTER INSERT ON vouchers
BEGIN
    INSERT INTO voucher_month_counts(month, vouchers, reversals)
    VALUES (substr(NEW.date, 1, 7), 1, CASE WHEN NEW.reverses_id IS NOT NULL THEN 1 ELSE 0 END)
    ON CONFLICT (month) DO UPDATE SET vouchers = vouchers + 1, reversals = reversals + excluded.reversals;
END;
