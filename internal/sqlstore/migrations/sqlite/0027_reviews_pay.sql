-- Annual reviews (述职考核) of staff, branches and council members: the
-- year's facts compiled from the records, the subject's report (述职报告),
-- reviewers' scores with weights per role, the grade. One review per
-- subject per year; past years are kept.
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    subject_kind    TEXT NOT NULL,
    subject_id      BIGINT NOT NULL,
    subject_name    TEXT NOT NULL,
    writer_user_id  BIGINT NOT NULL DEFAULT 0,
    department_id   BIGINT NOT NULL DEFAULT 0,
    department      TEXT NOT NULL DEFAULT '',
    facts           TEXT NOT NULL,
    weights         TEXT NOT NULL,
    report          TEXT NOT NULL DEFAULT '',
    reported_at     BIGINT,
    total_centi     BIGINT NOT NULL DEFAULT 0,
    grade           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    concluded_at    BIGINT,
    UNIQUE (year, subject_kind, subject_id)
);
CREATE INDEX reviews_year ON reviews(year, department_id, id);

CREATE TABLE review_reviewers (
    review_id  BIGINT NOT NULL REFERENCES reviews(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    score      INTEGER,
    comment    TEXT NOT NULL DEFAULT '',
    scored_at  BIGINT,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_reviewers_user ON review_reviewers(user_id, review_id);

-- Pay (薪资福利): each person's pay items per month, and the month's
-- payroll posted once as one voucher (Dr 520101 工资福利 / Cr 2204 应付工资).
CREATE TABLE pay_items (
    id              INTEGER PRIMARY KEY,
    month           TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users(id),
    name            TEXT NOT NULL,
    department_id   BIGINT NOT NULL DEFAULT 0,
    basic_fen       BIGINT NOT NULL DEFAULT 0,
    allowance_fen   BIGINT NOT NULL DEFAULT 0,
    si_employee_fen BIGINT NOT NULL DEFAULT 0,
    hf_employee_fen BIGINT NOT NULL DEFAULT 0,
    si_employer_fen BIGINT NOT NULL DEFAULT 0,
    hf_employer_fen BIGINT NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    updated_by      BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL,
    UNIQUE (month, user_id)
);
CREATE INDEX pay_items_user ON pay_items(user_id, month);

CREATE TABLE payrolls (
    month        TEXT PRIMARY KEY,
    voucher_id   BIGINT NOT NULL REFERENCES vouchers(id),
    people       INTEGER NOT NULL,
    gross_fen    BIGINT NOT NULL,
    employee_fen BIGINT NOT NULL,
    employer_fen BIGINT NOT NULL,
    posted_by    BIGINT NOT NULL DEFAULT 0,
    posted_at    BIGINT NOT NULL
);
