-- The annual work report's narrative (年度工作报告): one row per saved
-- version (never updated), and the general assembly's adoption of one
-- version with the figures and the audit chain head as compiled then.
CREATE TABLE work_report_versions (
    year          INTEGER NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    sections      TEXT NOT NULL,
    saved_at      BIGINT NOT NULL,
    saved_by      BIGINT NOT NULL,
    saved_by_name TEXT NOT NULL,
    PRIMARY KEY (year, version)
);

CREATE TABLE work_report_adoptions (
    year        INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL,
    motion_id   BIGINT NOT NULL REFERENCES motions(id),
    report      TEXT NOT NULL,
    audit_seq   BIGINT NOT NULL,
    audit_hash  TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL,
    FOREIGN KEY (year, version) REFERENCES work_report_versions(year, version)
);
