-- Counters for throttles shared by every instance: the per-token request
-- limit and the per-address limit on anonymous applications. One row per
-- key holds the current fixed window and its count; an upsert moves it on.
-- Rows of quiet keys are deleted by the periodic cleanup.
CREATE TABLE rate_windows (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
CREATE INDEX rate_windows_start ON rate_windows(window_start);
