-- Mail goes out in each recipient's language: a member's is its portal
-- login's choice (users.locale), found by member.
CREATE INDEX users_member_locale ON users(member_id, locale);
