-- The report to the registration authority (年报): the items staff fill in
-- that no record holds, one row per year and item.
CREATE TABLE authority_report_fields (
    year     INTEGER NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    saved_by BIGINT NOT NULL,
    PRIMARY KEY (year, key)
);
