-- Budget adoption (预算 by resolution) and final accounts (决算): the passed
-- motion that adopted each, one per year and kind.
CREATE TABLE budget_adoptions (
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('budget', 'final_accounts')),
    motion_id   BIGINT NOT NULL REFERENCES motions(id),
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL,
    PRIMARY KEY (year, kind)
);
