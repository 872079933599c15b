-- The year's events held by kind (the annual report and the dashboards)
-- read from the index alone.
CREATE INDEX events_held ON events(starts_at, status, kind);
