-- 代表人士政治安排推荐 and 职称评定推荐: a register of nominations of
-- member representatives, with the basis compiled from the records when
-- proposed, and the decision of the body that decided.
CREATE TABLE nominations (
    id            INTEGER PRIMARY KEY,
    member_id     BIGINT NOT NULL REFERENCES members(id),
    person        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    basis         TEXT NOT NULL,
    status        TEXT NOT NULL,
    body_id       BIGINT,
    decided_on    TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX nominations_member ON nominations(member_id, id);
