-- Activities (活动) from plan to evaluation, and the annual work plan
-- (年度工作计划) whose items the events, meetings and documents carry out.

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    location      TEXT NOT NULL DEFAULT '',
    capacity      INTEGER NOT NULL DEFAULT 0,
    fee_fen       BIGINT NOT NULL DEFAULT 0,
    budget_fen    BIGINT NOT NULL DEFAULT 0,
    audience      TEXT NOT NULL,
    department_id BIGINT NOT NULL DEFAULT 0,
    register_by   BIGINT,
    summary       TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL DEFAULT 0,
    approved_by   BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    published_at  BIGINT,
    -- counters kept under the event row's lock: the registration path
    -- updates this row first, so concurrent registrations queue on it
    confirmed     INTEGER NOT NULL DEFAULT 0,
    waitlisted    INTEGER NOT NULL DEFAULT 0,
    wait_seq      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_starts ON events(starts_at, id);

CREATE TABLE event_registrations (
    id            INTEGER PRIMARY KEY,
    event_id      BIGINT NOT NULL REFERENCES events(id),
    member_id     BIGINT NOT NULL DEFAULT 0,
    user_id       BIGINT NOT NULL DEFAULT 0,
    attendee_name TEXT NOT NULL,
    phone         TEXT NOT NULL,
    channel       TEXT NOT NULL,
    status        TEXT NOT NULL,
    wait_seq      INTEGER,
    code          TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    cancelled_at  BIGINT,
    checked_in_at BIGINT,
    checked_in_by BIGINT NOT NULL DEFAULT 0,
    rating        INTEGER NOT NULL DEFAULT 0,
    comment       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_registrations_phone ON event_registrations(event_id, phone);
CREATE INDEX event_registrations_member ON event_registrations(member_id, id);
CREATE INDEX event_registrations_wait ON event_registrations(event_id, status, wait_seq);

CREATE TABLE work_plans (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,
    title      TEXT NOT NULL,
    adopted_by BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE work_plan_items (
    id                INTEGER PRIMARY KEY,
    plan_id           BIGINT NOT NULL REFERENCES work_plans(id),
    title             TEXT NOT NULL,
    department_id     BIGINT NOT NULL REFERENCES departments(id),
    owner_position_id BIGINT NOT NULL DEFAULT 0,
    due_on            TEXT NOT NULL,
    target            TEXT NOT NULL DEFAULT '',
    percent           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX work_plan_items_plan ON work_plan_items(plan_id, due_on, id);

CREATE TABLE work_plan_links (
    item_id   BIGINT NOT NULL REFERENCES work_plan_items(id),
    kind      TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    PRIMARY KEY (item_id, kind, target_id)
);

CREATE TABLE work_plan_progress (
    id         INTEGER PRIMARY KEY,
    item_id    BIGINT NOT NULL REFERENCES work_plan_items(id),
    percent    INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    user_id    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX work_plan_progress_item ON work_plan_progress(item_id, id);
