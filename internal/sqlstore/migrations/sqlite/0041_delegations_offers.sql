-- Delegations (出访 outbound, 来访 inbound) with their programme, budget,
-- participants (members and staff logins) and the trip report. Their costs
-- are the ledger's expense lines tagged project 'delegation:ID'; the index
-- finds a project's lines without scanning the ledger (events use it too).
CREATE TABLE delegations (
    id          INTEGER PRIMARY KEY,
    direction   TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    title       TEXT NOT NULL,
    destination TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT '',
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL,
    contact_id  BIGINT NOT NULL DEFAULT 0,
    programme   TEXT NOT NULL DEFAULT '',
    budget_fen  BIGINT NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    report      TEXT NOT NULL DEFAULT '',
    reported_at BIGINT,
    owner_id    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX delegations_from ON delegations(from_date, id);

CREATE TABLE delegation_participants (
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    kind          TEXT NOT NULL CHECK (kind IN ('member', 'staff')),
    ref_id        BIGINT NOT NULL,
    PRIMARY KEY (delegation_id, kind, ref_id)
);

CREATE INDEX voucher_lines_project ON voucher_lines(project) WHERE project <> '';

-- Business matching (供需对接): members' supply and demand offers; a
-- member's waits for staff approval before it is matched.
CREATE TABLE offers (
    id          INTEGER PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members(id),
    kind        TEXT NOT NULL CHECK (kind IN ('supply', 'demand')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    industry    TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    created_by  BIGINT NOT NULL DEFAULT 0,
    approved_by BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX offers_kind ON offers(kind, status, id);
CREATE INDEX offers_member ON offers(member_id, id);
