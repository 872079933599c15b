-- 期末结转: the year-end closing voucher carries every income and expense
-- account into net assets. Its lines are flagged closing so that the
-- 业务活动表 still shows the year's income and expenses; one closing a year.

ALTER TABLE voucher_lines ADD COLUMN closing BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE year_closings (
    year       INTEGER PRIMARY KEY,
    voucher_id BIGINT NOT NULL REFERENCES vouchers(id),
    closed_at  BIGINT NOT NULL,
    closed_by  BIGINT NOT NULL DEFAULT 0
);
