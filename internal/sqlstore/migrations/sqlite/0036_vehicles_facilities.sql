-- Vehicles' insurance and inspection dates (reminders), trip logs with
-- mileage, facility repair requests (设施维护) and the reception log (接待).
ALTER TABLE vehicles ADD COLUMN insurance_until TEXT NOT NULL DEFAULT '';
ALTER TABLE vehicles ADD COLUMN inspection_until TEXT NOT NULL DEFAULT '';

CREATE TABLE vehicle_trips (
    id          INTEGER PRIMARY KEY,
    vehicle_id  BIGINT NOT NULL REFERENCES vehicles(id),
    user_id     BIGINT NOT NULL DEFAULT 0,
    driver      TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL,
    start_km    BIGINT NOT NULL,
    end_km      BIGINT NOT NULL,
    purpose     TEXT NOT NULL,
    fuel_fen    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    CHECK (end_km >= start_km)
);
CREATE INDEX vehicle_trips_vehicle ON vehicle_trips(vehicle_id, date, id);

CREATE TABLE repair_requests (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    reporter_id  BIGINT NOT NULL DEFAULT 0,
    reporter     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX repair_requests_status ON repair_requests(status, id);

CREATE TABLE receptions (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL,
    visitor       TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    people        INTEGER NOT NULL DEFAULT 1,
    purpose       TEXT NOT NULL,
    host_id       BIGINT NOT NULL DEFAULT 0,
    host          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX receptions_date ON receptions(date, id);
