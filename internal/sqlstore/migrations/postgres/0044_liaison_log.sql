-- The contact log read by date across members (per staff member and
-- period: member_liaison_user covers one staff member's).
CREATE INDEX member_liaison_date ON member_liaison(date, id);
