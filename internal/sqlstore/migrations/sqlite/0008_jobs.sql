-- Background jobs (a large member import): a row per job, claimed with a
-- lease so a job whose worker died is picked up again. The uploaded file is
-- kept in job_files until the job finishes. status: held (previewed, not yet
-- started), queued, running, done, failed.

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    total       BIGINT NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    result      TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX jobs_claim ON jobs(status, id);

CREATE TABLE job_files (
    job_id BIGINT PRIMARY KEY REFERENCES jobs(id),
    data   BLOB NOT NULL
);
