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
-- Statement triggers over transition tables: an import of many members
-- in one statement (COPY, a multi-row INSERT) adds one count per group,
-- not one update of the same hot row per member.
CREATE FUNCTION chamber_member_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO member_counts(joined_month, kind, tier, status, n)
            SELECT substr(joined_on, 1, 7), kind, tier, status, COUNT(*) FROM new_rows GROUP BY 1, 2, 3, 4
        ON CONFLICT (joined_month, kind, tier, status) DO UPDATE SET n = member_counts.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE member_counts c SET n = c.n - d.k
        FROM (SELECT substr(joined_on, 1, 7) AS m, kind, tier, status, COUNT(*) AS k FROM old_rows GROUP BY 1, 2, 3, 4) d
        WHERE c.joined_month = d.m AND c.kind = d.kind AND c.tier = d.tier AND c.status = d.status;
    ELSE
        INSERT INTO member_counts(joined_month, kind, tier, status, n)
            SELECT m, kind, tier, status, SUM(k) FROM (
                SELECT substr(joined_on, 1, 7) AS m, kind, tier, status, 1 AS k FROM new_rows
                UNION ALL SELECT substr(joined_on, 1, 7), kind, tier, status, -1 FROM old_rows) x
            GROUP BY 1, 2, 3, 4 HAVING SUM(k) <> 0
        ON CONFLICT (joined_month, kind, tier, status) DO UPDATE SET n = member_counts.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER members_counts_insert AFTER INSERT ON members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_member_counts();
CREATE TRIGGER members_counts_update AFTER UPDATE ON members
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_member_counts();
CREATE TRIGGER members_counts_delete AFTER DELETE ON members
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_member_counts();

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
        SELECT substr(date, 1, 7), account, department_id, project, SUM(debit_fen), SUM(credit_fen) FROM new_rows
        WHERE NOT opening AND NOT closing GROUP BY 1, 2, 3, 4
    ON CONFLICT (period, account, department_id, project)
    DO UPDATE SET debit_fen = ledger_spend_totals.debit_fen + EXCLUDED.debit_fen, credit_fen = ledger_spend_totals.credit_fen + EXCLUDED.credit_fen;
    RETURN NULL;
END;
$$;
CREATE TRIGGER voucher_lines_spend_totals AFTER INSERT ON voucher_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_ledger_spend_totals();

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
        SELECT substr(date, 1, 7), COUNT(*), SUM(CASE WHEN reverses_id IS NOT NULL THEN 1 ELSE 0 END) FROM new_rows GROUP BY 1
    ON CONFLICT (month) DO UPDATE SET vouchers = voucher_month_counts.vouchers + EXCLUDED.vouchers,
        reversals = voucher_month_counts.reversals + EXCLUDED.reversals;
    RETURN NULL;
END;
$$;
CREATE TRIGGER vouchers_month_counts AFTER INSERT ON vouchers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_voucher_month_counts();
