-- 会员风采: each member's profile for the public site. draft_text is the
-- latest version the member (or staff) wrote, approved_text the version
-- the public site shows ('' until the first approval), both JSON.
CREATE TABLE member_profiles (
    id            INTEGER PRIMARY KEY,
    member_id     BIGINT NOT NULL UNIQUE REFERENCES members(id),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'returned')),
    draft_text    TEXT NOT NULL,
    approved_text TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    updated_by    BIGINT NOT NULL DEFAULT 0,
    approved_by   BIGINT NOT NULL DEFAULT 0,
    approved_at   BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX member_profiles_status ON member_profiles(status, id);
