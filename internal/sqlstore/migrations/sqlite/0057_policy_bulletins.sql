-- Economic and policy information (经济信息及经济政策信息): announcements of
-- kind 'policy' name an industry ('' for every one) and their source in the
-- contacts register; members subscribe by industry ('' for every one), and
-- a bulletin to the audience 'subscribers' is delivered to them.
ALTER TABLE announcements ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE announcements ADD COLUMN source_contact_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX announcements_policy ON announcements(kind, status, industry, id);

CREATE TABLE policy_subscriptions (
    member_id  BIGINT NOT NULL REFERENCES members(id),
    industry   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, industry)
);
CREATE INDEX policy_subscriptions_industry ON policy_subscriptions(industry, member_id);
