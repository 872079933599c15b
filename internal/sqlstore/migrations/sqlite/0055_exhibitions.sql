-- Exhibitions (组展): booths of an exhibition event on a grid (the floor
-- plan), members' exhibitor applications, and the products they promote
-- (展销推介). A booth goes to one application at most: the unique index
-- refuses a double booking however many allocate at once.
CREATE TABLE exhibition_booths (
    id        INTEGER PRIMARY KEY,
    event_id  BIGINT NOT NULL REFERENCES events(id),
    number    TEXT NOT NULL,
    size      TEXT NOT NULL DEFAULT '',
    price_fen BIGINT NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
    pos_x     INTEGER NOT NULL DEFAULT 0,
    pos_y     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, number)
);

CREATE TABLE exhibitor_applications (
    id         INTEGER PRIMARY KEY,
    event_id   BIGINT NOT NULL REFERENCES events(id),
    member_id  BIGINT NOT NULL REFERENCES members(id),
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    booth_id   BIGINT REFERENCES exhibition_booths(id),
    created_at BIGINT NOT NULL,
    decided_by BIGINT NOT NULL DEFAULT 0,
    UNIQUE (event_id, member_id)
);
CREATE UNIQUE INDEX exhibitor_applications_booth ON exhibitor_applications(booth_id) WHERE booth_id IS NOT NULL;

CREATE TABLE exhibitor_products (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES exhibitor_applications(id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL
);
CREATE INDEX exhibitor_products_app ON exhibitor_products(application_id, id);
