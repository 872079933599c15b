-- Bank reconciliation (银行对账): statements imported for a bank account of
-- the books, their lines, and for each line the book line (voucher, line)
-- it is matched to. A book line matches one bank line at most.

CREATE TABLE bank_statements (
    id          INTEGER PRIMARY KEY,
    account     TEXT NOT NULL REFERENCES accounts(code),
    file_name   TEXT NOT NULL,
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL,
    opening_fen BIGINT NOT NULL,
    closing_fen BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX bank_statements_account ON bank_statements(account, from_date);

CREATE TABLE bank_statement_lines (
    id           INTEGER PRIMARY KEY,
    statement_id BIGINT NOT NULL REFERENCES bank_statements(id),
    line_no      INTEGER NOT NULL,
    date         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    in_fen       BIGINT NOT NULL CHECK (in_fen >= 0),
    out_fen      BIGINT NOT NULL CHECK (out_fen >= 0),
    balance_fen  BIGINT NOT NULL,
    voucher_id   BIGINT REFERENCES vouchers(id),
    book_line_no INTEGER,
    match_kind   TEXT NOT NULL DEFAULT '',
    UNIQUE (statement_id, line_no)
);
CREATE UNIQUE INDEX bank_statement_lines_book ON bank_statement_lines(voucher_id, book_line_no) WHERE voucher_id IS NOT NULL;
