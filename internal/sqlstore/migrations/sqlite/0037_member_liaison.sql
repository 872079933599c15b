-- 会员联系、考察: visits, calls and meetings of staff with a member, with
-- notes; the members not contacted for months are listed from it.
CREATE TABLE member_liaison (
    id          INTEGER PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members(id),
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    user_id     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX member_liaison_member ON member_liaison(member_id, date);
CREATE INDEX member_liaison_user ON member_liaison(user_id, date);
