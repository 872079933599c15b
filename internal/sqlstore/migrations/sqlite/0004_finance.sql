-- Finance: the chart of accounts of the 民间非营利组织会计制度, vouchers
-- (hash-chained, append-only), monthly periods, budgets and donations.
-- Money is BIGINT fen; dates TEXT YYYY-MM-DD; instants BIGINT UTC microseconds.

CREATE TABLE accounts (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent      TEXT NOT NULL DEFAULT '',
    contra      BOOLEAN NOT NULL DEFAULT FALSE,
    restriction TEXT NOT NULL DEFAULT 'unrestricted',
    cash        BOOLEAN NOT NULL DEFAULT FALSE,
    sort        BIGINT NOT NULL
);

INSERT INTO accounts(code, name, name_en, kind, parent, contra, restriction, cash, sort) VALUES
    ('1001', '现金', 'Cash on hand', 'asset', '', FALSE, 'unrestricted', TRUE, 1),
    ('1002', '银行存款', 'Bank deposits', 'asset', '', FALSE, 'unrestricted', TRUE, 2),
    ('100201', '基本存款户', 'Basic deposit account', 'asset', '1002', FALSE, 'unrestricted', TRUE, 3),
    ('100202', '一般存款户', 'General deposit account', 'asset', '1002', FALSE, 'unrestricted', TRUE, 4),
    ('1009', '其他货币资金', 'Other monetary funds', 'asset', '', FALSE, 'unrestricted', TRUE, 5),
    ('100901', '微信支付', 'WeChat Pay balance', 'asset', '1009', FALSE, 'unrestricted', TRUE, 6),
    ('100902', '支付宝', 'Alipay balance', 'asset', '1009', FALSE, 'unrestricted', TRUE, 7),
    ('1101', '短期投资', 'Short-term investments', 'asset', '', FALSE, 'unrestricted', FALSE, 8),
    ('1102', '短期投资跌价准备', 'Short-term investment impairment', 'asset', '', TRUE, 'unrestricted', FALSE, 9),
    ('1111', '应收票据', 'Notes receivable', 'asset', '', FALSE, 'unrestricted', FALSE, 10),
    ('1121', '应收账款', 'Accounts receivable', 'asset', '', FALSE, 'unrestricted', FALSE, 11),
    ('112101', '应收会费', 'Dues receivable', 'asset', '1121', FALSE, 'unrestricted', FALSE, 12),
    ('1122', '其他应收款', 'Other receivables', 'asset', '', FALSE, 'unrestricted', FALSE, 13),
    ('112201', '备用金', 'Petty cash advances', 'asset', '1122', FALSE, 'unrestricted', FALSE, 14),
    ('1131', '坏账准备', 'Allowance for bad debts', 'asset', '', TRUE, 'unrestricted', FALSE, 15),
    ('1141', '预付账款', 'Prepayments', 'asset', '', FALSE, 'unrestricted', FALSE, 16),
    ('1201', '存货', 'Inventories', 'asset', '', FALSE, 'unrestricted', FALSE, 17),
    ('1202', '存货跌价准备', 'Inventory impairment', 'asset', '', TRUE, 'unrestricted', FALSE, 18),
    ('1301', '待摊费用', 'Prepaid expenses', 'asset', '', FALSE, 'unrestricted', FALSE, 19),
    ('1401', '长期股权投资', 'Long-term equity investments', 'asset', '', FALSE, 'unrestricted', FALSE, 20),
    ('1402', '长期债权投资', 'Long-term debt investments', 'asset', '', FALSE, 'unrestricted', FALSE, 21),
    ('1421', '长期投资减值准备', 'Long-term investment impairment', 'asset', '', TRUE, 'unrestricted', FALSE, 22),
    ('1501', '固定资产', 'Fixed assets', 'asset', '', FALSE, 'unrestricted', FALSE, 23),
    ('1502', '累计折旧', 'Accumulated depreciation', 'asset', '', TRUE, 'unrestricted', FALSE, 24),
    ('1505', '在建工程', 'Construction in progress', 'asset', '', FALSE, 'unrestricted', FALSE, 25),
    ('1506', '文物文化资产', 'Cultural heritage assets', 'asset', '', FALSE, 'unrestricted', FALSE, 26),
    ('1509', '固定资产清理', 'Fixed assets in disposal', 'asset', '', FALSE, 'unrestricted', FALSE, 27),
    ('1601', '无形资产', 'Intangible assets', 'asset', '', FALSE, 'unrestricted', FALSE, 28),
    ('1701', '受托代理资产', 'Assets held as agent', 'asset', '', FALSE, 'unrestricted', FALSE, 29),
    ('2101', '短期借款', 'Short-term loans', 'liability', '', FALSE, 'unrestricted', FALSE, 30),
    ('2201', '应付票据', 'Notes payable', 'liability', '', FALSE, 'unrestricted', FALSE, 31),
    ('2202', '应付账款', 'Accounts payable', 'liability', '', FALSE, 'unrestricted', FALSE, 32),
    ('2203', '预收账款', 'Advances received', 'liability', '', FALSE, 'unrestricted', FALSE, 33),
    ('220301', '预收会费', 'Dues received in advance', 'liability', '2203', FALSE, 'unrestricted', FALSE, 34),
    ('2204', '应付工资', 'Wages payable', 'liability', '', FALSE, 'unrestricted', FALSE, 35),
    ('2206', '应交税金', 'Taxes payable', 'liability', '', FALSE, 'unrestricted', FALSE, 36),
    ('2209', '其他应付款', 'Other payables', 'liability', '', FALSE, 'unrestricted', FALSE, 37),
    ('220901', '应付报销款', 'Reimbursements payable', 'liability', '2209', FALSE, 'unrestricted', FALSE, 38),
    ('2301', '预提费用', 'Accrued expenses', 'liability', '', FALSE, 'unrestricted', FALSE, 39),
    ('2401', '预计负债', 'Provisions', 'liability', '', FALSE, 'unrestricted', FALSE, 40),
    ('2501', '长期借款', 'Long-term loans', 'liability', '', FALSE, 'unrestricted', FALSE, 41),
    ('2502', '长期应付款', 'Long-term payables', 'liability', '', FALSE, 'unrestricted', FALSE, 42),
    ('2601', '受托代理负债', 'Liabilities held as agent', 'liability', '', FALSE, 'unrestricted', FALSE, 43),
    ('3101', '非限定性净资产', 'Unrestricted net assets', 'net_assets', '', FALSE, 'unrestricted', FALSE, 44),
    ('3102', '限定性净资产', 'Restricted net assets', 'net_assets', '', FALSE, 'restricted', FALSE, 45),
    ('4101', '捐赠收入', 'Donation income', 'income', '', FALSE, 'unrestricted', FALSE, 46),
    ('410101', '非限定性收入', 'Unrestricted', 'income', '4101', FALSE, 'unrestricted', FALSE, 47),
    ('410102', '限定性收入', 'Restricted', 'income', '4101', FALSE, 'restricted', FALSE, 48),
    ('4201', '会费收入', 'Membership dues income', 'income', '', FALSE, 'unrestricted', FALSE, 49),
    ('420101', '非限定性收入', 'Unrestricted', 'income', '4201', FALSE, 'unrestricted', FALSE, 50),
    ('4301', '提供服务收入', 'Service income', 'income', '', FALSE, 'unrestricted', FALSE, 51),
    ('430101', '非限定性收入', 'Unrestricted', 'income', '4301', FALSE, 'unrestricted', FALSE, 52),
    ('430102', '限定性收入', 'Restricted', 'income', '4301', FALSE, 'restricted', FALSE, 53),
    ('4401', '政府补助收入', 'Government grant income', 'income', '', FALSE, 'unrestricted', FALSE, 54),
    ('440101', '非限定性收入', 'Unrestricted', 'income', '4401', FALSE, 'unrestricted', FALSE, 55),
    ('440102', '限定性收入', 'Restricted', 'income', '4401', FALSE, 'restricted', FALSE, 56),
    ('4501', '商品销售收入', 'Sales income', 'income', '', FALSE, 'unrestricted', FALSE, 57),
    ('4601', '投资收益', 'Investment income', 'income', '', FALSE, 'unrestricted', FALSE, 58),
    ('4901', '其他收入', 'Other income', 'income', '', FALSE, 'unrestricted', FALSE, 59),
    ('5101', '业务活动成本', 'Program costs', 'expense', '', FALSE, 'unrestricted', FALSE, 60),
    ('510101', '会员服务', 'Member services', 'expense', '5101', FALSE, 'unrestricted', FALSE, 61),
    ('510102', '会议活动', 'Meetings and events', 'expense', '5101', FALSE, 'unrestricted', FALSE, 62),
    ('510103', '公益捐赠支出', 'Charitable grants', 'expense', '5101', FALSE, 'unrestricted', FALSE, 63),
    ('5201', '管理费用', 'Administrative expenses', 'expense', '', FALSE, 'unrestricted', FALSE, 64),
    ('520101', '工资福利', 'Salaries and benefits', 'expense', '5201', FALSE, 'unrestricted', FALSE, 65),
    ('520102', '办公费', 'Office expenses', 'expense', '5201', FALSE, 'unrestricted', FALSE, 66),
    ('520103', '差旅费', 'Travel', 'expense', '5201', FALSE, 'unrestricted', FALSE, 67),
    ('520104', '房租物业', 'Rent and property', 'expense', '5201', FALSE, 'unrestricted', FALSE, 68),
    ('520105', '折旧费', 'Depreciation', 'expense', '5201', FALSE, 'unrestricted', FALSE, 69),
    ('520106', '业务招待费', 'Hospitality', 'expense', '5201', FALSE, 'unrestricted', FALSE, 70),
    ('5301', '筹资费用', 'Fundraising costs', 'expense', '', FALSE, 'unrestricted', FALSE, 71),
    ('5401', '其他费用', 'Other expenses', 'expense', '', FALSE, 'unrestricted', FALSE, 72);

INSERT INTO chain_heads(name, seq, hash) VALUES ('ledger', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE ledger_periods (
    period    TEXT PRIMARY KEY,
    last_seq  BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by BIGINT
);

-- A voucher's id is its place in the ledger's hash chain (chain_heads 'ledger').
CREATE TABLE vouchers (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    period      TEXT NOT NULL,
    date        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    reverses_id BIGINT,
    total_fen   BIGINT NOT NULL,
    moves_cash  BOOLEAN NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  BIGINT NOT NULL,
    creator     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX vouchers_date ON vouchers(date, id);
CREATE INDEX vouchers_period ON vouchers(period, id);
CREATE UNIQUE INDEX vouchers_reverses ON vouchers(reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TABLE voucher_lines (
    voucher_id    BIGINT NOT NULL REFERENCES vouchers(id),
    line_no       INTEGER NOT NULL,
    account       TEXT NOT NULL REFERENCES accounts(code),
    date          TEXT NOT NULL,
    debit_fen     BIGINT NOT NULL CHECK (debit_fen >= 0),
    credit_fen    BIGINT NOT NULL CHECK (credit_fen >= 0),
    memo          TEXT NOT NULL,
    department_id BIGINT NOT NULL DEFAULT 0,
    project       TEXT NOT NULL DEFAULT '',
    member_id     BIGINT NOT NULL DEFAULT 0,
    moves_cash    BOOLEAN NOT NULL,
    PRIMARY KEY (voucher_id, line_no)
) WITHOUT ROWID;
CREATE INDEX voucher_lines_account ON voucher_lines(account, date, voucher_id);
CREATE INDEX voucher_lines_date ON voucher_lines(date);
CREATE INDEX voucher_lines_department ON voucher_lines(department_id, date) WHERE department_id <> 0;

CREATE TABLE budgets (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    department_id BIGINT NOT NULL DEFAULT 0,
    department    TEXT NOT NULL,
    project       TEXT NOT NULL DEFAULT '',
    account       TEXT NOT NULL REFERENCES accounts(code),
    amount_fen    BIGINT NOT NULL CHECK (amount_fen > 0),
    resolution    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    UNIQUE (year, department_id, project, account)
);

CREATE TABLE donations (
    id          INTEGER PRIMARY KEY,
    donor       TEXT NOT NULL,
    date        TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    restricted  BOOLEAN NOT NULL,
    purpose     TEXT NOT NULL,
    receipt_no  TEXT NOT NULL UNIQUE,
    cash_account TEXT NOT NULL,
    voucher_id  BIGINT NOT NULL REFERENCES vouchers(id),
    released_fen BIGINT NOT NULL DEFAULT 0,
    member_id   BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE donation_releases (
    id          INTEGER PRIMARY KEY,
    donation_id BIGINT NOT NULL REFERENCES donations(id),
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    reason      TEXT NOT NULL,
    voucher_id  BIGINT NOT NULL REFERENCES vouchers(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX donation_releases_donation ON donation_releases(donation_id);

-- Posted vouchers never change; a closed period accepts nothing.
CREATE TRIGGER vouchers_no_update BEFORE UPDATE ON vouchers
BEGIN SELECT RAISE(ABORT, 'posted vouchers never change: post a reversing voucher'); END;
CREATE TRIGGER vouchers_no_delete BEFORE DELETE ON vouchers
BEGIN SELECT RAISE(ABORT, 'posted vouchers never change: post a reversing voucher'); END;
CREATE TRIGGER voucher_lines_no_update BEFORE UPDATE ON voucher_lines
BEGIN SELECT RAISE(ABORT, 'posted vouchers never change: post a reversing voucher'); END;
CREATE TRIGGER voucher_lines_no_delete BEFORE DELETE ON voucher_lines
BEGIN SELECT RAISE(ABORT, 'posted vouchers never change: post a reversing voucher'); END;
CREATE TRIGGER vouchers_closed_period BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM ledger_periods WHERE period = NEW.period AND closed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'the period is closed'); END;
CREATE TRIGGER ledger_periods_no_reopen BEFORE UPDATE OF closed_at ON ledger_periods
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;
CREATE TRIGGER ledger_periods_no_delete BEFORE DELETE ON ledger_periods
BEGIN SELECT RAISE(ABORT, 'periods are never deleted'); END;
