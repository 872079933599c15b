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
