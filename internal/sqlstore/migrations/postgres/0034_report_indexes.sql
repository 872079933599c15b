-- The annual report and the dashboards count by date: members by joining
-- day, requests by filing time, documents by issue time, status changes by
-- decision day, check-ins per event; each index covers what its count
-- reads, so no count visits the table rows.
CREATE INDEX members_joined ON members(joined_on, status, tier);
CREATE INDEX tickets_created ON tickets(created_at, kind, status, resolved_at, due_at, rating);
CREATE INDEX documents_issued ON documents(direction, issued_at);
CREATE INDEX documents_received ON documents(direction, received_on);
CREATE INDEX member_status_log_decided ON member_status_log(decided_on, to_status, member_id);
CREATE INDEX event_registrations_checked ON event_registrations(event_id, checked_in_at);
-- The ledger's balances (every statement, the report's finance) sum the
-- lines per account up to a date: read from this index alone.
CREATE INDEX voucher_lines_balances ON voucher_lines(account, date, opening, moves_cash, staff, closing, debit_fen, credit_fen);
