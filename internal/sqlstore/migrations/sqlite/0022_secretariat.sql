-- The secretariat's own administration: the staff register with training
-- records, and leave requests (请假) routed along the org chart.

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL UNIQUE REFERENCES users(id),
    name        TEXT NOT NULL,
    position_id BIGINT REFERENCES positions(id),
    hired_on    TEXT NOT NULL,
    employment  TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    emergency   TEXT NOT NULL DEFAULT '',
    contract_ends_on TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE staff_trainings (
    id         INTEGER PRIMARY KEY,
    staff_id   BIGINT NOT NULL REFERENCES staff(id),
    title      TEXT NOT NULL,
    date       TEXT NOT NULL,
    hours      INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX staff_trainings_staff ON staff_trainings(staff_id, date);

CREATE TABLE leave_requests (
    id               INTEGER PRIMARY KEY,
    user_id          BIGINT NOT NULL REFERENCES users(id),
    name             TEXT NOT NULL,
    position_id      BIGINT NOT NULL DEFAULT 0,
    kind             TEXT NOT NULL,
    from_on          TEXT NOT NULL,
    to_on            TEXT NOT NULL,
    days             INTEGER NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    acting_user_id   BIGINT NOT NULL DEFAULT 0,
    status           TEXT NOT NULL,
    approver_user_id BIGINT NOT NULL,
    approver         TEXT NOT NULL DEFAULT '',
    comment          TEXT NOT NULL DEFAULT '',
    acting_post_id   BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    decided_at       BIGINT
);
CREATE INDEX leave_requests_user ON leave_requests(user_id, from_on);
CREATE INDEX leave_requests_approver ON leave_requests(approver_user_id, status);

-- Action items (督办事项) decided at a meeting, with owner and due date;
-- open ones start the agenda of the secretariat's next staff meeting.
CREATE TABLE action_items (
    id         INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    title      TEXT NOT NULL,
    owner_id   BIGINT NOT NULL REFERENCES users(id),
    owner      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    done_at    BIGINT
);
CREATE INDEX action_items_status ON action_items(status, due_on);
CREATE INDEX action_items_meeting ON action_items(meeting_id, id);

-- The chamber's vehicles (车辆管理) and their bookings, never overlapping.
CREATE TABLE vehicles (
    id         INTEGER PRIMARY KEY,
    plate      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    seats      INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE vehicle_bookings (
    id         INTEGER PRIMARY KEY,
    vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
    user_id    BIGINT NOT NULL,
    booker     TEXT NOT NULL,
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    purpose    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX vehicle_bookings_vehicle ON vehicle_bookings(vehicle_id, starts_at);
