-- The annual report and the dashboards count by date: members by joining
-- day, tickets by filing time, documents by issue time, status changes by
-- decision day.
CREATE INDEX members_joined ON members(joined_on, status);
CREATE INDEX tickets_created ON tickets(created_at, kind);
CREATE INDEX documents_issued ON documents(direction, issued_at);
CREATE INDEX documents_received ON documents(direction, received_on);
CREATE INDEX member_status_log_decided ON member_status_log(decided_on, to_status);
