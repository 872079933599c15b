-- Cluster-wide leases: a background loop that must run on one instance at
-- a time (mail sending, scheduled publishing, ticket escalation) holds the
-- lease of its name while it runs and renews it; another instance takes it
-- over once it has run out (the holder died) or was released (drained).
CREATE TABLE leases (
    name  TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until BIGINT NOT NULL
);
